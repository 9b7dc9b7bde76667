/**
 * A fake Mastodon server (https://docs.joinmastodon.org/methods/) for the connector's tests: notifications
 * (`types[]`, `since_id` / `min_id` / `max_id`, `limit`), hashtag timelines, v2 search, posting a status (with the
 * Idempotency-Key header honoured as Mastodon does) and verify_credentials, answering the documented Status,
 * Account and Notification entities in snake_case, newest first. Errors are `{ "error": "…" }` with the HTTP status.
 */
import { type FakeServer, param, startFake } from './http.js';

export interface MAccount {
  id: string;
  username: string;
  acct: string;
  display_name: string;
  url: string;
}
export interface MStatus {
  id: string;
  uri: string;
  url: string | null;
  created_at: string;
  account: MAccount;
  content: string;
  visibility: 'public' | 'unlisted' | 'private' | 'direct';
  sensitive: boolean;
  spoiler_text: string;
  in_reply_to_id: string | null;
  in_reply_to_account_id: string | null;
  mentions: { id: string; username: string; acct: string; url: string }[];
  tags: { name: string; url: string }[];
  language: string | null;
}
export interface MNotification {
  id: string;
  type: string;
  created_at: string;
  account: MAccount;
  status?: MStatus;
}

export type MFailure =
  { kind: 'server' } | { kind: 'rate'; resetInSeconds: number } | { kind: 'auth' } | { kind: 'say'; status: number; error: string };

export interface FakeMastodon extends FakeServer {
  token: string;
  me: MAccount;
  statuses: MStatus[];
  /** A status by `author`; mentioning the brand's account makes a mention notification. */
  post(
    author: MAccount,
    html: string,
    opts?: { visibility?: MStatus['visibility']; inReplyTo?: MStatus; tags?: string[]; mentionsMe?: boolean; spoiler?: string },
  ): MStatus;
  /** A notification that is not a mention (a favourite), which the connector must not ask for. */
  favourite(by: MAccount, status: MStatus): void;
  /** What the brand's account posted through the API. */
  posted(): MStatus[];
  fail(...f: MFailure[]): void;
  /** The time the fake says it is (for X-RateLimit-Reset). */
  now: Date;
}

export const account = (id: string, username: string, display: string, domain?: string): MAccount => ({
  id,
  username,
  acct: domain ? `${username}@${domain}` : username,
  display_name: display,
  url: `https://${domain ?? 'mastodon.test'}/@${username}`,
});

const byIdDesc = (a: { id: string }, b: { id: string }) => (BigInt(b.id) > BigInt(a.id) ? 1 : BigInt(b.id) < BigInt(a.id) ? -1 : 0);

/** Mastodon's id pagination over a list sorted newest first. */
function page<T extends { id: string }>(all: T[], q: { since?: string; min?: string; max?: string; limit: number }): T[] {
  let list = [...all].sort(byIdDesc);
  if (q.max) list = list.filter((x) => BigInt(x.id) < BigInt(q.max!));
  if (q.min) return list.filter((x) => BigInt(x.id) > BigInt(q.min!)).slice(-q.limit); // the page right after min_id
  if (q.since) list = list.filter((x) => BigInt(x.id) > BigInt(q.since!));
  return list.slice(0, q.limit); // the newest page
}

export async function startFakeMastodon(token = 'mastodon-access-token-SECRET-1234'): Promise<FakeMastodon> {
  const me = account('1', 'romashka', 'Ромашка');
  const statuses: MStatus[] = [];
  const notifications: MNotification[] = [];
  const idempotent = new Map<string, MStatus>();
  const failures: MFailure[] = [];
  let seq = 110_000_000_000_000_000n;
  let clock = Date.parse('2026-12-01T09:00:00Z');
  const nextId = () => String(++seq);
  const state = { now: new Date('2026-12-02T10:00:00Z') };

  const make = (author: MAccount, html: string, opts: Parameters<FakeMastodon['post']>[2] = {}): MStatus => {
    const id = nextId();
    const s: MStatus = {
      id,
      uri: `https://mastodon.test/users/${author.username}/statuses/${id}`,
      url: `https://mastodon.test/@${author.username}/${id}`,
      created_at: new Date((clock += 60_000)).toISOString(),
      account: author,
      content: html,
      visibility: opts.visibility ?? 'public',
      sensitive: Boolean(opts.spoiler),
      spoiler_text: opts.spoiler ?? '',
      in_reply_to_id: opts.inReplyTo?.id ?? null,
      in_reply_to_account_id: opts.inReplyTo?.account.id ?? null,
      mentions: opts.mentionsMe ? [{ id: me.id, username: me.username, acct: me.acct, url: me.url }] : [],
      tags: (opts.tags ?? []).map((t) => ({ name: t.toLowerCase(), url: `https://mastodon.test/tags/${t.toLowerCase()}` })),
      language: 'ru',
    };
    statuses.push(s);
    return s;
  };
  const limitOf = (q: string | undefined, dflt: number, max: number) => Math.min(Math.max(Number(q ?? dflt) || dflt, 1), max);
  const pageArgs = (req: Parameters<typeof param>[0], dflt: number, max: number) => ({
    since: param(req, 'since_id'),
    min: param(req, 'min_id'),
    max: param(req, 'max_id'),
    limit: limitOf(param(req, 'limit'), dflt, max),
  });
  const visible = (s: MStatus) => s.visibility === 'public';

  const server = await startFake((req) => {
    const failure = failures.shift();
    if (failure?.kind === 'server') return { status: 503, body: { error: 'Service Unavailable' } };
    if (failure?.kind === 'say') return { status: failure.status, body: { error: failure.error } };
    if (failure?.kind === 'rate')
      return {
        status: 429,
        body: { error: 'Too many requests' },
        headers: {
          'x-ratelimit-limit': '300',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': new Date(state.now.getTime() + failure.resetInSeconds * 1000).toISOString(),
        },
      };
    if (failure?.kind === 'auth' || req.headers.authorization !== `Bearer ${token}`)
      return { status: 401, body: { error: 'The access token is invalid' } };

    if (req.method === 'GET' && req.path === '/api/v1/accounts/verify_credentials') return { status: 200, body: me };
    if (req.method === 'GET' && req.path === '/api/v1/notifications') {
      const types = req.params['types[]'];
      const wanted = types === undefined ? null : Array.isArray(types) ? types : [types];
      const list = notifications.filter((n) => !wanted || wanted.includes(n.type));
      return { status: 200, body: page(list, pageArgs(req, 40, 80)) };
    }
    const tag = /^\/api\/v1\/timelines\/tag\/([^/]+)$/.exec(req.path);
    if (req.method === 'GET' && tag) {
      const name = decodeURIComponent(tag[1]!).toLowerCase();
      return {
        status: 200,
        body: page(
          statuses.filter((s) => visible(s) && s.tags.some((t) => t.name === name)),
          pageArgs(req, 20, 40),
        ),
      };
    }
    if (req.method === 'GET' && req.path === '/api/v2/search') {
      const q = (param(req, 'q') ?? '').toLowerCase();
      if (!q) return { status: 400, body: { error: 'Missing search query' } };
      const type = param(req, 'type');
      const found = type && type !== 'statuses' ? [] : statuses.filter((s) => visible(s) && s.content.toLowerCase().includes(q));
      return { status: 200, body: { accounts: [], hashtags: [], statuses: page(found, pageArgs(req, 20, 40)) } };
    }
    if (req.method === 'POST' && req.path === '/api/v1/statuses') {
      const key = req.headers['idempotency-key'];
      if (typeof key === 'string' && idempotent.has(key)) return { status: 200, body: idempotent.get(key) };
      const text = param(req, 'status') ?? '';
      if (!text.trim()) return { status: 422, body: { error: "Validation failed: Text can't be blank" } };
      const replyId = param(req, 'in_reply_to_id');
      const parent = replyId ? statuses.find((s) => s.id === replyId) : undefined;
      if (replyId && !parent) return { status: 404, body: { error: 'Record not found' } };
      const visibility = (param(req, 'visibility') ?? 'public') as MStatus['visibility'];
      const html = `<p>${text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</p>`;
      const s = make(me, html, { visibility, ...(parent ? { inReplyTo: parent } : {}) });
      if (typeof key === 'string') idempotent.set(key, s);
      return { status: 200, body: s };
    }
    return { status: 404, body: { error: 'Record not found' } };
  });

  return {
    ...server,
    token,
    me,
    statuses,
    get now() {
      return state.now;
    },
    set now(d: Date) {
      state.now = d;
    },
    post(author, html, opts = {}) {
      const s = make(author, html, opts);
      if (opts.mentionsMe) notifications.push({ id: nextId(), type: 'mention', created_at: s.created_at, account: author, status: s });
      return s;
    },
    favourite(by, status) {
      notifications.push({ id: nextId(), type: 'favourite', created_at: status.created_at, account: by, status });
    },
    posted: () => statuses.filter((s) => s.account.id === me.id),
    fail: (...f) => failures.push(...f),
  };
}

/**
 * Mastodon: mentions of the brand's account (notifications of type mention), hashtag timelines and keyword search
 * (broad sources, filtered by the brand's listening query), through masto.js's REST client. Replies are statuses in
 * the thread (`in_reply_to_id`, starting with the customer's @acct); going private is a `direct` status.
 *
 * The cursor is JSON: the newest id seen per source. Each source is read with `min_id` (the page right after the
 * cursor, so a backlog larger than a page comes in page by page with no gap; the first fetch takes the newest page),
 * which makes a fetch from an old cursor return the same statuses again.
 */
import { createRestAPIClient, type mastodon } from 'masto';
import { z } from 'zod';
import { ChannelApiError, asChannelError, forSend } from '../api-error.js';
import type { ChannelConnector, ConnectorContext, IncomingItem, OutgoingMessage, SendResult } from '../connector.js';
import { htmlToText } from './html-text.js';

const tag = z
  .string()
  .trim()
  .transform((t) => t.replace(/^#/, ''))
  .pipe(z.string().regex(/^[\p{L}\p{N}_]{1,100}$/u, 'a hashtag is letters, digits and _'));

export const mastodonConfigSchema = z
  .object({
    instance_url: z.string().url(),
    hashtags: z.array(tag).max(20).optional(),
    keywords: z.array(z.string().trim().min(2).max(200)).max(20).optional(),
    interval_minutes: z.number().int().min(1).max(1440).default(5),
  })
  .strict();
export const mastodonSecretsSchema = z.object({ access_token: z.string().min(8).max(500) }).strict();
export type MastodonConfig = z.infer<typeof mastodonConfigSchema>;
export type MastodonSecrets = z.infer<typeof mastodonSecretsSchema>;
type Ctx = ConnectorContext<MastodonConfig, MastodonSecrets>;

interface Cursor {
  /** Newest mention notification id. */
  n?: string;
  /** Newest status id per hashtag. */
  tags: Record<string, string>;
  /** Newest status id per keyword. */
  q: Record<string, string>;
}

function readCursor(raw: string | null): Cursor {
  if (!raw) return { tags: {}, q: {} };
  try {
    const c = JSON.parse(raw) as Partial<Cursor>;
    return { ...(typeof c.n === 'string' ? { n: c.n } : {}), tags: { ...c.tags }, q: { ...c.q } };
  } catch {
    return { tags: {}, q: {} };
  }
}

/** Mastodon ids are decimal strings (snowflakes): compare them as numbers. */
const newer = (a: string, b: string | undefined) => b === undefined || a.length > b.length || (a.length === b.length && a > b);
const newest = (ids: string[], start: string | undefined) => ids.reduce<string | undefined>((m, id) => (newer(id, m) ? id : m), start);

function client(ctx: Ctx) {
  return createRestAPIClient({
    url: ctx.config.instance_url,
    accessToken: ctx.secrets.access_token,
    timeout: 30_000,
    requestInit: { signal: ctx.signal },
  });
}

export function mastodonItem(s: mastodon.v1.Status): IncomingItem {
  const body = htmlToText(s.content);
  const text = s.spoilerText ? `${s.spoilerText}\n\n${body}` : body;
  const acct = s.account.acct;
  return {
    externalId: s.id,
    author: { handle: `@${acct}`, ...(s.account.displayName ? { name: s.account.displayName } : {}), url: s.account.url },
    text,
    ...(s.url ? { link: s.url } : {}),
    createdAt: s.createdAt,
    public: s.visibility !== 'direct',
    ...(s.inReplyToId ? { inReplyTo: s.inReplyToId } : {}),
    extra: { status_id: s.id, uri: s.uri, acct, account_id: s.account.id, visibility: s.visibility, language: s.language ?? null },
  };
}

/** A failed call as a ChannelApiError: what went wrong, whether a retry helps, when to come back, and no token. */
function mastodonError(err: unknown, what: string, ctx: Ctx): ChannelApiError {
  // Whatever the server's error text says, the message leaves without the token.
  return asChannelError(describeMastodonError(err, what, ctx), `Mastodon ${what}`, [ctx.secrets.access_token]);
}

function describeMastodonError(err: unknown, what: string, ctx: Ctx): ChannelApiError {
  const e = err as { statusCode?: unknown; message?: string; cause?: unknown };
  if (typeof e?.statusCode === 'number') {
    const status = e.statusCode;
    const said = e.message ? `: ${e.message}` : '';
    if (status === 401 || status === 403)
      return new ChannelApiError(
        `Mastodon refused the access token on ${what} (${status}${said}): create a new one under Preferences → Development`,
        true,
        null,
        status,
      );
    if (status === 429) {
      const reset = e.cause instanceof Response ? e.cause.headers.get('x-ratelimit-reset') : null;
      const at = reset ? Date.parse(reset) : NaN;
      const after = Number.isFinite(at) ? Math.max(1, Math.ceil((at - ctx.now.getTime()) / 1000)) : null;
      return new ChannelApiError(`Mastodon rate limit on ${what}${after ? `: retry after ${after} s` : ''}`, false, after, 429);
    }
    if (status >= 500) return new ChannelApiError(`Mastodon ${what} failed (${status}${said})`, false, null, status);
    return new ChannelApiError(`Mastodon ${what} refused (${status}${said})`, true, null, status);
  }
  return asChannelError(err, `Mastodon ${what}`, [ctx.secrets.access_token]);
}

async function call<T>(ctx: Ctx, what: string, run: () => PromiseLike<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw mastodonError(err, what, ctx);
  }
}

export const mastodonConnector: ChannelConnector<MastodonConfig, MastodonSecrets> = {
  type: 'mastodon',
  configSchema: mastodonConfigSchema,
  secretsSchema: mastodonSecretsSchema,
  fields: [
    { name: 'instance_url', kind: 'url', required: true, help: "The brand account's server, e.g. https://mastodon.social" },
    { name: 'hashtags', kind: 'list', required: false, help: 'Hashtags to follow (without #)' },
    { name: 'keywords', kind: 'list', required: false, help: 'Words to search for in posts' },
    { name: 'interval_minutes', kind: 'number', required: false, help: 'Minutes between polls' },
    { name: 'access_token', kind: 'secret', required: true, help: 'Preferences → Development → New application (read, write:statuses)' },
  ],
  capabilities: { publicReply: true, privateMessage: true, webhook: false, broad: true },

  async fetch(ctx) {
    const masto = client(ctx);
    const cursor = readCursor(ctx.cursor);
    const next: Cursor = { ...(cursor.n ? { n: cursor.n } : {}), tags: {}, q: {} };
    const limit = Math.min(Math.max(ctx.limit, 1), 40);
    const byId = new Map<string, mastodon.v1.Status>();
    /** Statuses that mention the brand's account: mentions whatever the listening query says. */
    const addressed = new Set<string>();
    let more = false;
    const take = (list: mastodon.v1.Status[]) => {
      for (const s of list) byId.set(s.id, s);
    };

    const notes = await call(ctx, 'notifications', () =>
      masto.v1.notifications.list({ types: ['mention'], limit, ...(cursor.n ? { minId: cursor.n } : {}) }),
    );
    next.n = newest(
      notes.map((n) => n.id),
      cursor.n,
    );
    if (notes.length >= limit) more = true;
    const mentioned = notes.flatMap((n) => (n.type === 'mention' && n.status ? [n.status] : []));
    for (const s of mentioned) addressed.add(s.id);
    take(mentioned);

    const hashtags = [...new Set((ctx.config.hashtags ?? []).map((t) => t.replace(/^#/, '').toLowerCase()))];
    const keywords = ctx.config.keywords ?? [];
    // Broad sources find the brand's own posts too (its replies name the brand): they are not mentions.
    const me = hashtags.length || keywords.length ? await call(ctx, 'verify_credentials', () => masto.v1.accounts.verifyCredentials()) : null;

    for (const t of hashtags) {
      const since = cursor.tags[t];
      const list = await call(ctx, `#${t} timeline`, () => masto.v1.timelines.tag.$select(t).list({ limit, ...(since ? { minId: since } : {}) }));
      const id = newest(
        list.map((s) => s.id),
        since,
      );
      if (id) next.tags[t] = id;
      if (list.length >= limit) more = true;
      take(list);
    }
    for (const k of keywords) {
      const since = cursor.q[k];
      const found = await call(ctx, `search "${k}"`, () =>
        masto.v2.search.list({ q: k, type: 'statuses', limit, ...(since ? { minId: since } : {}) }),
      );
      // Not every server honours min_id in search: keep only what is newer than the cursor.
      const list = found.statuses.filter((s) => newer(s.id, since));
      const id = newest(
        list.map((s) => s.id),
        since,
      );
      if (id) next.q[k] = id;
      if (found.statuses.length >= limit && list.length === found.statuses.length) more = true;
      take(list);
    }

    const items = [...byId.values()]
      .filter((s) => !me || s.account.id !== me.id)
      .sort((a, b) => (a.id === b.id ? 0 : newer(a.id, b.id) ? 1 : -1))
      .map((s) => (addressed.has(s.id) ? { ...mastodonItem(s), addressed: true } : mastodonItem(s)));
    return { items, cursor: JSON.stringify(next), more };
  },

  async send(ctx, message: OutgoingMessage): Promise<SendResult> {
    const extra = message.inReplyTo?.extra ?? {};
    const acct = typeof extra.acct === 'string' ? extra.acct : message.to.handle.replace(/^@/, '');
    if (!acct) throw forSend(new ChannelApiError("Mastodon reply: the customer's account is unknown", true));
    const mention = `@${acct}`;
    const text = message.text.trimStart().startsWith(mention) ? message.text : `${mention} ${message.text}`;
    const original = message.inReplyTo?.externalId;
    const originalWasDirect = extra.visibility === 'direct';
    const inReplyToId = original && (!message.private || originalWasDirect) ? original : undefined;
    if (!message.private && !original) throw forSend(new ChannelApiError('Mastodon reply: no status to answer', true));
    const status = await call(ctx, 'post status', () =>
      client(ctx).v1.statuses.create(
        { status: text, visibility: message.private ? 'direct' : 'public', ...(inReplyToId ? { inReplyToId } : {}) },
        // Mastodon keeps the status posted under this key for an hour: a retry returns it instead of posting twice.
        { requestInit: { headers: { 'Idempotency-Key': `defuse-${message.replyId}` } } },
      ),
    ).catch((err: unknown) => {
      throw err instanceof ChannelApiError ? forSend(err) : err;
    });
    return { externalId: status.id, ...(status.url ? { link: status.url } : {}) };
  },
};

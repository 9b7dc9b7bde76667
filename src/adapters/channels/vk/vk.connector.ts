/**
 * VK: the wall of the brand's community — posts other people publish there and the comments under the latest
 * posts — replied to as comments in the thread (wall.createComment), or privately (messages.send) to a user who
 * allowed messages from the community.
 *
 * Typed fetch calls rather than vk-io's `API`: vk-io queues every call behind its own timer (3 a second), retries
 * error 6 by itself after `apiWait` (3 s), and uses its own node-fetch without the AbortSignal and HTTP client the
 * service hands in — the channel service owns retries and backoff, so the connector makes one plain call per method
 * (`POST <api_url>/<method>` with form parameters, as VK documents) and maps VK's `{ error }` to what a retry can fix.
 *
 * The cursor is JSON: the newest post id seen (`p`) and, for each of the latest `posts_window` posts, the newest
 * comment id seen (`c`). A fetch from an old cursor reads the same comments again, so the (channel, external id)
 * key drops them.
 */
import { z } from 'zod';
import { ChannelApiError, asChannelError, forSend, redact } from '../api-error.js';
import type { ChannelConnector, ConnectorContext, IncomingItem, OutgoingMessage, SendResult } from '../connector.js';

export const VK_API_VERSION = '5.199';

export const vkConfigSchema = z
  .object({
    group_id: z.number().int().positive(),
    interval_minutes: z.number().int().min(1).max(1440).default(10),
    /** How many of the latest wall posts are watched for new comments. */
    posts_window: z.number().int().min(1).max(100).default(20),
    /** The API's base (tests point it at a fake). */
    api_url: z.string().url().optional(),
  })
  .strict();
export const vkSecretsSchema = z
  .object({
    /** The community's access token (Manage → API usage → Access tokens: wall, messages). */
    access_token: z.string().min(20).max(500),
    /** A service token of a VK app, for reading the wall where the community token may not (wall.get, wall.getComments). Optional. */
    service_token: z.string().min(20).max(500).optional(),
  })
  .strict();
export type VkConfig = z.infer<typeof vkConfigSchema>;
export type VkSecrets = z.infer<typeof vkSecretsSchema>;
type Ctx = ConnectorContext<VkConfig, VkSecrets>;

interface VkPost {
  id: number;
  owner_id: number;
  from_id: number;
  date: number;
  text: string;
  comments?: { count: number };
}
interface VkComment {
  id: number;
  owner_id?: number;
  post_id?: number;
  from_id: number;
  date: number;
  text: string;
  reply_to_comment?: number;
  parents_stack?: number[];
  deleted?: boolean;
  thread?: { count: number; items?: VkComment[] };
}

interface Cursor {
  p: number;
  c: Record<string, number>;
}

/** VK errors that no retry fixes (bad token, no access, bad parameter, comments or messages closed). */
const PERMANENT = new Set([3, 5, 7, 8, 15, 17, 18, 27, 28, 30, 100, 113, 203, 212, 213, 222, 900, 901, 902, 917]);
/** Rate limits and their sensible waits in seconds: 6 too many per second, 9 flood control, 29 the daily method limit. */
const RATE: Record<number, number> = { 6: 1, 9: 60, 29: 3600 };

function explain(code: number, msg: string): string {
  switch (code) {
    case 5:
    case 27:
    case 28:
      return `VK refused the access token (${code} ${msg}): create a new community token with wall and messages rights`;
    case 15:
    case 7:
      return `VK denied access (${code} ${msg}): the token lacks the right (wall, messages) or the wall is closed`;
    case 901:
      return `VK cannot message this user privately: they have not allowed messages from the community (${code} ${msg})`;
    case 902:
      return `VK cannot message this user privately: their privacy settings forbid it (${code} ${msg})`;
    case 6:
    case 9:
    case 29:
      return `VK rate limit (${code} ${msg})`;
    default:
      return `VK error ${code}: ${msg}`;
  }
}

async function call<T>(ctx: Ctx, method: string, params: Record<string, string | number | undefined>, token = ctx.secrets.access_token): Promise<T> {
  const secrets = [ctx.secrets.access_token, ctx.secrets.service_token];
  const body = new URLSearchParams({ access_token: token, v: VK_API_VERSION, lang: 'ru' });
  for (const [k, v] of Object.entries(params)) if (v !== undefined) body.set(k, String(v));
  let res: Response;
  try {
    res = await ctx.fetch(`${(ctx.config.api_url ?? 'https://api.vk.com/method').replace(/\/$/, '')}/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
      signal: ctx.signal,
    });
  } catch (err) {
    throw asChannelError(err, `VK ${method}`, secrets);
  }
  if (!res.ok) throw new ChannelApiError(`VK ${method} failed (HTTP ${res.status})`, false, null, res.status);
  const answer = (await res.json().catch(() => null)) as { response?: T; error?: { error_code?: number; error_msg?: string } } | null;
  if (answer?.error) {
    const code = Number(answer.error.error_code ?? 0);
    const msg = redact(String(answer.error.error_msg ?? 'unknown error'), secrets);
    throw new ChannelApiError(`${explain(code, msg)} on ${method}`, PERMANENT.has(code), RATE[code] ?? null, code);
  }
  if (!answer || !('response' in answer)) throw new ChannelApiError(`VK ${method}: an answer without response`, false);
  return answer.response as T;
}

function readCursor(raw: string | null): Cursor | null {
  if (!raw) return null;
  try {
    const c = JSON.parse(raw) as Partial<Cursor>;
    return { p: Number(c.p) || 0, c: { ...c.c } };
  } catch {
    return null;
  }
}

const postKey = (owner: number, post: number) => `wall${owner}_${post}`;
const commentKey = (owner: number, post: number, comment: number) => `wall${owner}_${post}_c${comment}`;
const authorHandle = (fromId: number) => (fromId < 0 ? `club${-fromId}` : `id${fromId}`);

/** A comment's and its thread's comments (the first replies VK includes), flat. */
const flatten = (list: VkComment[]): VkComment[] => list.flatMap((c) => [c, ...(c.thread?.items ?? [])]);

/** The comments of a post newer than `after`: newest first, page by page until one reaches a known id (at most 10 pages). */
async function newComments(ctx: Ctx, owner: number, postId: number, after: number, readToken: string): Promise<VkComment[]> {
  const out: VkComment[] = [];
  for (let page = 0, offset = 0; page < 10; page++, offset += 100) {
    const r = await call<{ items: VkComment[] }>(
      ctx,
      'wall.getComments',
      { owner_id: owner, post_id: postId, count: 100, offset, sort: 'desc', thread_items_count: 10, preview_length: 0 },
      readToken,
    );
    const fresh = flatten(r.items).filter((c) => c.id > after);
    out.push(...fresh);
    // Top-level comments come newest first: a page that reaches a known one, or is not full, is the last.
    if (r.items.length < 100 || r.items.some((c) => c.id <= after)) break;
  }
  return out.sort((a, b) => a.id - b.id);
}

/** The newest comment id of a post (its latest page, replies included), to start watching it from. */
async function newestCommentId(ctx: Ctx, owner: number, postId: number, readToken: string): Promise<number> {
  const r = await call<{ items: VkComment[] }>(
    ctx,
    'wall.getComments',
    { owner_id: owner, post_id: postId, count: 100, sort: 'desc', thread_items_count: 10 },
    readToken,
  );
  return flatten(r.items).reduce((m, c) => Math.max(m, c.id), 0);
}

export const vkConnector: ChannelConnector<VkConfig, VkSecrets> = {
  type: 'vk',
  configSchema: vkConfigSchema,
  secretsSchema: vkSecretsSchema,
  fields: [
    { name: 'group_id', kind: 'number', required: true, help: "The community's numeric id (without the minus)" },
    { name: 'interval_minutes', kind: 'number', required: false, help: 'Minutes between polls' },
    { name: 'posts_window', kind: 'number', required: false, help: 'How many of the latest posts are watched for comments (default 20)' },
    { name: 'api_url', kind: 'url', required: false, help: 'The API base (default https://api.vk.com/method)' },
    { name: 'access_token', kind: 'secret', required: true, help: 'Community token: Manage → API usage → Access tokens (wall, messages)' },
    { name: 'service_token', kind: 'secret', required: false, help: "A VK app's service token, for reading the wall (optional)" },
  ],
  capabilities: { publicReply: true, privateMessage: true, webhook: false, broad: false },

  async fetch(ctx) {
    const g = ctx.config.group_id;
    const owner = -g;
    const readToken = ctx.secrets.service_token ?? ctx.secrets.access_token;
    const before = readCursor(ctx.cursor);
    const wall = await call<{ items: VkPost[] }>(ctx, 'wall.get', { owner_id: owner, count: ctx.config.posts_window, filter: 'all' }, readToken);
    // The pinned post comes first whatever its age: order by id.
    const posts = [...wall.items].sort((a, b) => a.id - b.id);
    const next: Cursor = { p: before?.p ?? 0, c: {} };
    const raw: { kind: 'post' | 'comment'; post: VkPost; comment?: VkComment }[] = [];
    let more = false;
    for (const post of posts) {
      const known = before?.c[String(post.id)];
      const isNew = before === null || post.id > before.p;
      if (!isNew && known === undefined) {
        // A post seen before but outside the watched window (an old post pinned, a wider window): watched from now on,
        // its older comments left alone.
        next.c[String(post.id)] = post.comments?.count === 0 ? 0 : await newestCommentId(ctx, owner, post.id, readToken);
        continue;
      }
      const after = known ?? 0;
      const found: typeof raw = [];
      if (isNew && post.from_id !== owner && post.text.trim()) found.push({ kind: 'post', post });
      const comments = post.comments?.count === 0 ? [] : await newComments(ctx, owner, post.id, after, readToken);
      for (const c of comments) if (c.from_id !== owner && !c.deleted && c.text.trim()) found.push({ kind: 'comment', post, comment: c });
      if (raw.length > 0 && raw.length + found.length > ctx.limit) {
        // The page is full: this post and the later ones come next time, from what the cursor said for them.
        more = true;
        for (const p of posts) {
          const was = before?.c[String(p.id)];
          if (p.id >= post.id && was !== undefined) next.c[String(p.id)] = was;
        }
        break;
      }
      raw.push(...found);
      next.p = Math.max(next.p, post.id);
      next.c[String(post.id)] = comments.reduce((m, c) => Math.max(m, c.id), after);
    }
    // Keep the cursor bounded to the window: the oldest posts fall out of it.
    const keep = new Set(posts.map((p) => String(p.id)));
    for (const k of Object.keys(next.c)) if (!keep.has(k)) delete next.c[k];

    const userIds = [...new Set(raw.map((r) => (r.comment ?? r.post).from_id).filter((id) => id > 0))];
    const names = new Map<number, string>();
    if (userIds.length) {
      try {
        const users = await call<{ id: number; first_name?: string; last_name?: string }[]>(
          ctx,
          'users.get',
          { user_ids: userIds.join(',') },
          readToken,
        );
        for (const u of users) names.set(u.id, [u.first_name, u.last_name].filter(Boolean).join(' '));
      } catch (err) {
        // Names are a nicety; an auth failure would have stopped the fetch before this.
        if (err instanceof ChannelApiError && err.permanent) throw err;
      }
    }
    const items = raw.map(({ kind, post, comment }): IncomingItem => {
      const from = (comment ?? post).from_id;
      const name = names.get(from);
      const author = { handle: authorHandle(from), ...(name ? { name } : {}), url: `https://vk.com/${authorHandle(from)}` };
      if (kind === 'post' || !comment)
        return {
          externalId: postKey(owner, post.id),
          author,
          text: post.text,
          link: `https://vk.com/${postKey(owner, post.id)}`,
          createdAt: new Date(post.date * 1000).toISOString(),
          public: true,
          extra: { owner_id: owner, post_id: post.id, from_id: from },
        };
      const parent = comment.reply_to_comment ?? comment.parents_stack?.[0];
      const thread = comment.parents_stack?.[0];
      return {
        externalId: commentKey(owner, post.id, comment.id),
        author,
        text: comment.text,
        link: `https://vk.com/${postKey(owner, post.id)}?reply=${comment.id}${thread ? `&thread=${thread}` : ''}`,
        createdAt: new Date(comment.date * 1000).toISOString(),
        public: true,
        inReplyTo: parent ? commentKey(owner, post.id, parent) : postKey(owner, post.id),
        extra: { owner_id: owner, post_id: post.id, comment_id: comment.id, from_id: from, ...(thread ? { thread_id: thread } : {}) },
      };
    });
    return { items, cursor: JSON.stringify(next), more };
  },

  async send(ctx, message: OutgoingMessage): Promise<SendResult> {
    const extra = message.inReplyTo?.extra ?? {};
    try {
      if (message.private) {
        const fromHandle = /^id(\d+)$/.exec(message.to.handle)?.[1];
        const userId = typeof extra.from_id === 'number' && extra.from_id > 0 ? extra.from_id : fromHandle ? Number(fromHandle) : null;
        if (!userId) throw new ChannelApiError(`VK can message only a person privately; ${message.to.handle} is not one`, true);
        // The same reply always carries the same random_id: VK drops a repeated send instead of delivering it twice.
        const id = await call<number>(ctx, 'messages.send', { user_id: userId, random_id: randomId(message.replyId), message: message.text });
        return { externalId: `msg${userId}_${id}` };
      }
      const owner = typeof extra.owner_id === 'number' ? extra.owner_id : -ctx.config.group_id;
      if (typeof extra.post_id !== 'number') throw new ChannelApiError('VK reply: the mention has no wall post to answer', true);
      const replyTo = typeof extra.comment_id === 'number' ? extra.comment_id : undefined;
      const r = await call<{ comment_id: number }>(ctx, 'wall.createComment', {
        owner_id: owner,
        post_id: extra.post_id,
        reply_to_comment: replyTo,
        message: message.text,
        from_group: ctx.config.group_id,
        guid: `defuse-${message.replyId}`,
      });
      return {
        externalId: commentKey(owner, extra.post_id, r.comment_id),
        link: `https://vk.com/${postKey(owner, extra.post_id)}?reply=${r.comment_id}${replyTo ? `&thread=${typeof extra.thread_id === 'number' ? extra.thread_id : replyTo}` : ''}`,
      };
    } catch (err) {
      throw err instanceof ChannelApiError ? forSend(err) : err;
    }
  },
};

/** A stable positive 31-bit id for a reply (FNV-1a): messages.send's random_id. */
export function randomId(replyId: string): number {
  let h = 0x811c9dc5;
  for (const ch of replyId) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 1 || 1;
}

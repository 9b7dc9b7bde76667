/**
 * A fake VK API (https://dev.vk.com/ru/reference) for the connector's tests: `POST /method/<name>` with form
 * parameters (`access_token`, `v`, …), answering `{ response }` or `{ error: { error_code, error_msg,
 * request_params } }` with HTTP 200, as VK does. It keeps a community's wall (posts, threaded comments; posts and
 * comments share one id counter, as on VK), its users, who allowed messages from the community, and what was sent
 * (wall.createComment with `guid` and messages.send with `random_id` never post twice).
 */
import { type FakeServer, param, startFake } from './http.js';

export interface VkComment {
  id: number;
  owner_id: number;
  post_id: number;
  from_id: number;
  date: number;
  text: string;
  reply_to_comment?: number;
  reply_to_user?: number;
  parents_stack: number[];
  deleted?: true;
}
export interface VkPost {
  id: number;
  owner_id: number;
  from_id: number;
  date: number;
  text: string;
  post_type: 'post';
  is_pinned?: 1;
  comments: { count: number; can_post: 1 };
}
export interface VkUser {
  id: number;
  first_name: string;
  last_name: string;
}
export interface VkMessage {
  id: number;
  user_id: number;
  random_id: number;
  text: string;
}

export type VkFailure = { code: number; msg?: string } | { http: number };

export interface FakeVk extends FakeServer {
  token: string;
  groupId: number;
  ownerId: number;
  posts: VkPost[];
  comments: VkComment[];
  messages: VkMessage[];
  addUser(u: VkUser, opts?: { allowsMessages?: boolean }): VkUser;
  post(fromId: number, text: string, opts?: { pinned?: boolean }): VkPost;
  comment(post: VkPost, fromId: number, text: string, replyTo?: VkComment): VkComment;
  /** Comments the community itself wrote (the connector's replies). */
  communityComments(): VkComment[];
  fail(...f: VkFailure[]): void;
}

const ERRORS: Record<number, string> = {
  5: 'User authorization failed: invalid access_token (4).',
  6: 'Too many requests per second',
  8: 'Invalid request: v (version) is required',
  10: 'Internal server error',
  100: 'One of the parameters specified was missing or invalid',
  901: "Can't send messages for users without permission",
};

export async function startFakeVk(groupId = 123456, token = 'vk1.a.community-token-SECRET-0001'): Promise<FakeVk> {
  const ownerId = -groupId;
  const posts: VkPost[] = [];
  const comments: VkComment[] = [];
  const messages: VkMessage[] = [];
  const users = new Map<number, VkUser>();
  const allowed = new Set<number>();
  const guids = new Map<string, VkComment>();
  const failures: VkFailure[] = [];
  let nextId = 1000;
  let nextMessageId = 50;
  let clock = 1_764_650_000;

  const vkError = (code: number, req: { params: Record<string, string | string[]> }, msg?: string) => ({
    status: 200,
    body: {
      error: {
        error_code: code,
        error_msg: msg ?? ERRORS[code] ?? 'Unknown error occurred',
        // VK echoes the request's parameters, without the token.
        request_params: Object.entries(req.params)
          .filter(([k]) => k !== 'access_token')
          .map(([key, value]) => ({ key, value: String(value) })),
      },
    },
  });
  const ok = (response: unknown) => ({ status: 200, body: { response } });
  const num = (v: string | undefined) => (v === undefined || v === '' ? undefined : Number(v));

  const withThread = (c: VkComment, n: number) => {
    const replies = comments.filter((r) => r.post_id === c.post_id && r.parents_stack[0] === c.id).sort((a, b) => a.id - b.id);
    return { ...c, thread: { count: replies.length, items: replies.slice(0, n), can_post: true, show_reply_button: true, groups_can_post: true } };
  };

  const server = await startFake((req) => {
    const m = /^\/method\/([\w.]+)$/.exec(req.path);
    if (!m) return { status: 404, body: {} };
    const failure = failures.shift();
    if (failure && 'http' in failure) return { status: failure.http, body: { error: 'upstream' } };
    if (failure) return vkError(failure.code, req, failure.msg);
    if (param(req, 'access_token') !== token) return vkError(5, req);
    if (!param(req, 'v')) return vkError(8, req);
    switch (m[1]) {
      case 'wall.get': {
        if (num(param(req, 'owner_id')) !== ownerId) return vkError(100, req);
        const count = Math.min(num(param(req, 'count')) ?? 20, 100);
        const offset = num(param(req, 'offset')) ?? 0;
        const sorted = [...posts].sort((a, b) => (b.is_pinned ?? 0) - (a.is_pinned ?? 0) || b.id - a.id);
        return ok({ count: posts.length, items: sorted.slice(offset, offset + count) });
      }
      case 'wall.getComments': {
        const postId = num(param(req, 'post_id'));
        if (num(param(req, 'owner_id')) !== ownerId || !posts.some((p) => p.id === postId)) return vkError(100, req);
        const count = Math.min(num(param(req, 'count')) ?? 10, 100);
        const offset = num(param(req, 'offset')) ?? 0;
        const desc = param(req, 'sort') === 'desc';
        const threadN = Math.min(num(param(req, 'thread_items_count')) ?? 0, 10);
        const top = comments.filter((c) => c.post_id === postId && c.parents_stack.length === 0).sort((a, b) => (desc ? b.id - a.id : a.id - b.id));
        return ok({
          count: top.length,
          current_level_count: top.length,
          can_post: true,
          items: top.slice(offset, offset + count).map((c) => withThread(c, threadN)),
        });
      }
      case 'wall.createComment': {
        const postId = num(param(req, 'post_id'));
        const post = posts.find((p) => p.id === postId);
        const message = param(req, 'message') ?? '';
        if (num(param(req, 'owner_id')) !== ownerId || !post || !message) return vkError(100, req);
        const guid = param(req, 'guid');
        if (guid && guids.has(guid)) return ok({ comment_id: guids.get(guid)!.id, parents_stack: guids.get(guid)!.parents_stack });
        const replyTo = num(param(req, 'reply_to_comment'));
        const parent = replyTo === undefined ? undefined : comments.find((c) => c.id === replyTo && c.post_id === postId);
        if (replyTo !== undefined && !parent) return vkError(100, req);
        const fromGroup = num(param(req, 'from_group'));
        const c = addComment(post, fromGroup === groupId ? ownerId : ownerId, message, parent);
        if (guid) guids.set(guid, c);
        return ok({ comment_id: c.id, parents_stack: c.parents_stack });
      }
      case 'users.get': {
        const ids = (param(req, 'user_ids') ?? '').split(',').map(Number);
        return ok(ids.flatMap((id) => (users.has(id) ? [{ ...users.get(id)!, can_access_closed: true, is_closed: false }] : [])));
      }
      case 'messages.send': {
        const userId = num(param(req, 'user_id'));
        const randomId = num(param(req, 'random_id'));
        const text = param(req, 'message') ?? '';
        if (!userId || randomId === undefined || !text) return vkError(100, req);
        const same = messages.find((x) => x.user_id === userId && x.random_id === randomId && randomId !== 0);
        if (same) return ok(same.id);
        if (!allowed.has(userId)) return vkError(901, req);
        const msg = { id: ++nextMessageId, user_id: userId, random_id: randomId, text };
        messages.push(msg);
        return ok(msg.id);
      }
      default:
        return vkError(3, req, 'Unknown method passed');
    }
  });

  function addComment(post: VkPost, fromId: number, text: string, replyTo?: VkComment): VkComment {
    const c: VkComment = {
      id: ++nextId,
      owner_id: ownerId,
      post_id: post.id,
      from_id: fromId,
      date: clock++,
      text,
      parents_stack: replyTo ? [replyTo.parents_stack[0] ?? replyTo.id] : [],
      ...(replyTo ? { reply_to_comment: replyTo.id, reply_to_user: replyTo.from_id } : {}),
    };
    comments.push(c);
    post.comments.count++;
    return c;
  }

  return {
    ...server,
    token,
    groupId,
    ownerId,
    posts,
    comments,
    messages,
    addUser(u, opts = {}) {
      users.set(u.id, u);
      if (opts.allowsMessages) allowed.add(u.id);
      return u;
    },
    post(fromId, text, opts = {}) {
      const p: VkPost = {
        id: ++nextId,
        owner_id: ownerId,
        from_id: fromId,
        date: clock++,
        text,
        post_type: 'post',
        comments: { count: 0, can_post: 1 },
        ...(opts.pinned ? { is_pinned: 1 as const } : {}),
      };
      posts.push(p);
      return p;
    },
    comment: (post, fromId, text, replyTo) => addComment(post, fromId, text, replyTo),
    communityComments: () => comments.filter((c) => c.from_id === ownerId),
    fail: (...f) => failures.push(...f),
  };
}

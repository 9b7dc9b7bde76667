/**
 * A fake Telegram Bot API (https://core.telegram.org/bots/api) for the connector's tests: `POST /bot<token>/<method>`
 * answering `{ ok: true, result }` or `{ ok: false, error_code, description, parameters? }`, with the documented
 * Update / Message / Chat / User objects. It keeps the updates the bot has not confirmed (getUpdates with an `offset`
 * forgets the ones below it, as Telegram does), the chats, the users who wrote to the bot, and what the bot sent.
 */
import { type FakeServer, startFake } from './http.js';

export interface TgUser {
  id: number;
  is_bot: boolean;
  first_name: string;
  last_name?: string;
  username?: string;
}
export interface TgChat {
  id: number;
  type: 'private' | 'group' | 'supergroup' | 'channel';
  title?: string;
  username?: string;
  first_name?: string;
}
export interface TgMessage {
  message_id: number;
  message_thread_id?: number;
  from?: TgUser;
  sender_chat?: TgChat;
  chat: TgChat;
  date: number;
  text?: string;
  caption?: string;
  reply_to_message?: TgMessage;
  is_automatic_forward?: true;
}
export interface TgUpdate {
  update_id: number;
  message?: TgMessage;
  channel_post?: TgMessage;
}

export type TgFailure =
  { kind: 'server' } | { kind: 'rate'; retryAfter: number } | { kind: 'auth' } | { kind: 'say'; code: number; description: string };

export const BOT: TgUser = { id: 777000111, is_bot: true, first_name: 'Defuse', username: 'defuse_bot' };

export interface FakeTelegram extends FakeServer {
  token: string;
  /** Every message the bot sent, in order. */
  sent: TgMessage[];
  /** The updates Telegram still holds for the bot (not confirmed by an offset). */
  pending(): TgUpdate[];
  /** A user writes in a group or supergroup (optionally answering a message there). */
  groupMessage(chat: TgChat, from: TgUser, text: string, replyTo?: TgMessage): TgMessage;
  /** The brand's channel post, forwarded automatically into its discussion group (the root of the comment thread). */
  channelPostInDiscussion(group: TgChat, channel: TgChat, text: string): TgMessage;
  /** A user writes to the bot in a private chat (after which the bot may write to them). */
  privateMessage(from: TgUser, text: string): TgMessage;
  /** Any other update (a sticker, a channel post). */
  pushUpdate(u: Omit<TgUpdate, 'update_id'>): TgUpdate;
  /** The next calls fail this way, one call each. */
  fail(...f: TgFailure[]): void;
  /** The webhook set with setWebhook (url and secret_token), or null. */
  webhook(): { url: string; secret_token?: string } | null;
  /** Sets or drops the webhook as another tool would (behind the connection's back). */
  setWebhookState(hook: { url: string; secret_token?: string } | null): void;
  /** Pushes the pending updates to the webhook as Telegram does (one POST each, with the secret token header); the answered ones are dropped. */
  deliverWebhook(): Promise<number[]>;
}

export async function startFakeTelegram(token = '123456:TEST-bot-token-secret'): Promise<FakeTelegram> {
  let updates: TgUpdate[] = [];
  let nextUpdateId = 500_000_001;
  const nextMessageId = new Map<number, number>();
  const chats = new Map<number, TgChat>();
  const startedUsers = new Set<number>();
  const messages = new Map<string, TgMessage>();
  const sent: TgMessage[] = [];
  const failures: TgFailure[] = [];
  let clock = 1_764_650_000;
  let hook: { url: string; secret_token?: string } | null = null;
  /** What getWebhookInfo reports about the last failed push (Telegram keeps it after a later success). */
  let hookError: { date: number; message: string } | null = null;

  const newMessage = (chat: TgChat, fields: Partial<TgMessage>): TgMessage => {
    chats.set(chat.id, chat);
    const id = (nextMessageId.get(chat.id) ?? 100) + 1;
    nextMessageId.set(chat.id, id);
    const m: TgMessage = { message_id: id, chat, date: clock++, ...fields };
    messages.set(`${chat.id}:${id}`, m);
    return m;
  };
  const push = (u: Omit<TgUpdate, 'update_id'>): TgUpdate => {
    const full = { update_id: nextUpdateId++, ...u };
    updates.push(full);
    return full;
  };
  const error = (code: number, description: string, parameters?: Record<string, unknown>) => ({
    status: code,
    body: { ok: false, error_code: code, description, ...(parameters ? { parameters } : {}) },
  });

  const server = await startFake((req) => {
    const m = /^\/bot([^/]+)\/(\w+)$/.exec(req.path);
    if (!m) return error(404, 'Not Found');
    const failure = failures.shift();
    if (failure?.kind === 'server') return error(502, 'Bad Gateway');
    if (failure?.kind === 'say') return error(failure.code, failure.description);
    if (failure?.kind === 'rate') return error(429, `Too Many Requests: retry after ${failure.retryAfter}`, { retry_after: failure.retryAfter });
    if (failure?.kind === 'auth' || m[1] !== token) return error(401, 'Unauthorized');
    const body = (req.json ?? {}) as Record<string, unknown>;
    switch (m[2]) {
      case 'getMe':
        return { status: 200, body: { ok: true, result: BOT } };
      case 'setWebhook': {
        if (typeof body.url !== 'string') return error(400, 'Bad Request: bad webhook: An HTTPS URL must be provided for webhook');
        hook = { url: body.url, ...(typeof body.secret_token === 'string' ? { secret_token: body.secret_token } : {}) };
        hookError = null;
        return { status: 200, body: { ok: true, result: true, description: 'Webhook was set' } };
      }
      case 'getWebhookInfo':
        return {
          status: 200,
          body: {
            ok: true,
            result: {
              url: hook?.url ?? '',
              has_custom_certificate: false,
              pending_update_count: hook ? updates.length : 0,
              ...(hook && hookError ? { last_error_date: hookError.date, last_error_message: hookError.message } : {}),
            },
          },
        };
      case 'deleteWebhook':
        hook = null;
        return { status: 200, body: { ok: true, result: true, description: 'Webhook was deleted' } };
      case 'getUpdates': {
        if (hook) return error(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
        const offset = typeof body.offset === 'number' ? body.offset : 0;
        const limit = typeof body.limit === 'number' ? Math.min(Math.max(body.limit, 1), 100) : 100;
        if (offset > 0) updates = updates.filter((u) => u.update_id >= offset);
        const allowed = Array.isArray(body.allowed_updates) ? (body.allowed_updates as string[]) : null;
        const out = updates.filter((u) => !allowed || allowed.length === 0 || allowed.some((k) => k in u)).slice(0, limit);
        return { status: 200, body: { ok: true, result: out } };
      }
      case 'sendMessage': {
        const chatId = Number(body.chat_id);
        const text = typeof body.text === 'string' ? body.text : '';
        if (!text) return error(400, 'Bad Request: message text is empty');
        const known = chats.get(chatId);
        if (!known) {
          if (chatId > 0) return error(403, "Forbidden: bot can't initiate conversation with a user");
          return error(400, 'Bad Request: chat not found');
        }
        if (known.type === 'private' && !startedUsers.has(chatId)) return error(403, "Forbidden: bot can't initiate conversation with a user");
        const rp = body.reply_parameters as { message_id?: number } | undefined;
        const replyId = rp?.message_id ?? (typeof body.reply_to_message_id === 'number' ? body.reply_to_message_id : undefined);
        const replyTo = replyId === undefined ? undefined : messages.get(`${chatId}:${replyId}`);
        if (replyId !== undefined && !replyTo) return error(400, 'Bad Request: message to be replied not found');
        const msg = newMessage(known, { from: BOT, text, ...(replyTo ? { reply_to_message: replyTo } : {}) });
        sent.push(msg);
        return { status: 200, body: { ok: true, result: msg } };
      }
      default:
        return error(404, 'Not Found: method not found');
    }
  });

  return {
    ...server,
    token,
    sent,
    pending: () => [...updates],
    groupMessage(chat, from, text, replyTo) {
      const thread = replyTo?.message_thread_id ?? (replyTo?.is_automatic_forward ? replyTo.message_id : undefined);
      const msg = newMessage(chat, {
        from,
        text,
        ...(replyTo ? { reply_to_message: replyTo } : {}),
        ...(thread ? { message_thread_id: thread } : {}),
      });
      push({ message: msg });
      return msg;
    },
    channelPostInDiscussion(group, channel, text) {
      const msg = newMessage(group, { sender_chat: channel, text, is_automatic_forward: true });
      push({ message: msg });
      return msg;
    },
    privateMessage(from, text) {
      startedUsers.add(from.id);
      const chat: TgChat = { id: from.id, type: 'private', first_name: from.first_name, ...(from.username ? { username: from.username } : {}) };
      const msg = newMessage(chat, { from, text });
      push({ message: msg });
      return msg;
    },
    pushUpdate: push,
    fail: (...f) => failures.push(...f),
    webhook: () => hook,
    setWebhookState: (h) => {
      hook = h;
    },
    async deliverWebhook() {
      const statuses: number[] = [];
      for (const u of [...updates]) {
        if (!hook) break;
        const res = await fetch(hook.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(hook.secret_token ? { 'x-telegram-bot-api-secret-token': hook.secret_token } : {}) },
          body: JSON.stringify(u),
        });
        statuses.push(res.status);
        if (res.ok) updates = updates.filter((x) => x.update_id !== u.update_id);
        else hookError = { date: clock++, message: `Wrong response from the webhook: ${res.status} ${res.statusText}` };
      }
      return statuses;
    },
  };
}

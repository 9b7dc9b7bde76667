/**
 * Telegram: a bot added to the brand's groups, to the discussion group of its channel (where the channel's
 * comments live), and open to private messages. Built on grammY's `Api` (the Bot API client only: no Bot, no
 * polling loop — the channel service owns the schedule), its `apiRoot` pointable at a self-hosted Bot API server
 * (and at the tests' fake), its `fetch` the one the service hands in.
 *
 * fetch = getUpdates with offset = the cursor (last update_id + 1): Telegram keeps an update until a later call
 * passes a higher offset, so a restart before the cursor was stored fetches the same updates again and the
 * (channel, external id) key drops them. receive() maps a webhook Update the same way.
 */
import { Api, GrammyError, HttpError } from 'grammy';
import { z } from 'zod';
import { ChannelApiError, asChannelError, forSend } from '../api-error.js';
import type { ChannelConnector, ConnectorContext, IncomingItem, OutgoingMessage, SendResult } from '../connector.js';

export const telegramConfigSchema = z
  .object({
    /** Only these groups and supergroups (ids such as -1001234567890); private chats with the bot always come in. Empty or absent: every group the bot is in. */
    allowed_chat_ids: z.array(z.number().int()).max(1000).optional(),
    interval_minutes: z.number().int().min(1).max(1440).default(5),
    /** A self-hosted Bot API server; Telegram's own by default. */
    api_root: z.string().url().optional(),
    /** Updates pushed by Telegram to Defuse's webhook (DEFUSE_PUBLIC_URL, HTTPS) instead of polled with getUpdates. */
    webhook: z.boolean().optional(),
  })
  .strict();
export const telegramSecretsSchema = z
  .object({ bot_token: z.string().regex(/^\d+:[\w-]{20,}$/, 'a bot token looks like 123456789:AA… (from @BotFather)') })
  .strict();
export type TelegramConfig = z.infer<typeof telegramConfigSchema>;
export type TelegramSecrets = z.infer<typeof telegramSecretsSchema>;
type Ctx = ConnectorContext<TelegramConfig, TelegramSecrets>;

/** The parts of the Bot API's objects the connector reads (https://core.telegram.org/bots/api#update). */
interface TgUser {
  id: number;
  is_bot?: boolean;
  first_name?: string;
  last_name?: string;
  username?: string;
}
interface TgChat {
  id: number;
  type: string;
  title?: string;
  username?: string;
}
interface TgMessage {
  message_id: number;
  message_thread_id?: number;
  from?: TgUser;
  sender_chat?: TgChat;
  chat: TgChat;
  date: number;
  text?: string;
  caption?: string;
  reply_to_message?: { message_id: number; chat?: TgChat };
  is_automatic_forward?: boolean;
}
interface TgUpdate {
  update_id: number;
  message?: TgMessage;
}

const GROUPS = new Set(['group', 'supergroup']);

function api(ctx: Ctx): Api {
  return new Api(ctx.secrets.bot_token, {
    apiRoot: ctx.config.api_root ?? 'https://api.telegram.org',
    // grammY types its option with node-fetch's signature; the standard fetch the service hands in is call-compatible.
    fetch: ctx.fetch as never,
    timeoutSeconds: 30,
  });
}

/** Where a message can be read: public supergroups by username, private ones by the t.me/c/ link (members only). */
function messageLink(chat: TgChat, messageId: number): string | undefined {
  if (chat.username) return `https://t.me/${chat.username}/${messageId}`;
  const s = String(chat.id);
  if (chat.type === 'supergroup' && s.startsWith('-100')) return `https://t.me/c/${s.slice(4)}/${messageId}`;
  return undefined;
}

/** One Update as an item, or null when it is not a mention (the brand's own channel post, a sticker, a chat outside allowed_chat_ids). */
export function telegramItem(update: TgUpdate, config: TelegramConfig): IncomingItem | null {
  const m = update.message;
  if (!m) return null;
  const isPrivate = m.chat.type === 'private';
  if (!isPrivate && !GROUPS.has(m.chat.type)) return null;
  if (!isPrivate && config.allowed_chat_ids?.length && !config.allowed_chat_ids.includes(m.chat.id)) return null;
  // The channel's post copied into its discussion group is the brand's own words, not a mention (its comments are).
  if (m.is_automatic_forward || (m.sender_chat && !m.from)) return null;
  if (m.from?.is_bot) return null;
  const text = m.text ?? m.caption;
  if (!text?.trim()) return null;
  const from = m.from;
  const handle = from?.username ? `@${from.username}` : from ? `id:${from.id}` : `chat:${m.chat.id}`;
  const name = [from?.first_name, from?.last_name].filter(Boolean).join(' ') || undefined;
  const link = isPrivate ? undefined : messageLink(m.chat, m.message_id);
  return {
    externalId: `${m.chat.id}:${m.message_id}`,
    author: { handle, ...(name ? { name } : {}), ...(from?.username ? { url: `https://t.me/${from.username}` } : {}) },
    text,
    ...(link ? { link } : {}),
    createdAt: new Date(m.date * 1000).toISOString(),
    public: !isPrivate,
    ...(m.reply_to_message ? { inReplyTo: `${m.reply_to_message.chat?.id ?? m.chat.id}:${m.reply_to_message.message_id}` } : {}),
    extra: {
      chat_id: m.chat.id,
      message_id: m.message_id,
      chat_type: m.chat.type,
      username: from?.username ?? null,
      user_id: from?.id ?? null,
      ...(m.chat.title ? { chat_title: m.chat.title } : {}),
      ...(m.message_thread_id ? { message_thread_id: m.message_thread_id } : {}),
    },
  };
}

/** A Bot API failure as a ChannelApiError with a message that says what to do and carries no token. */
function telegramError(err: unknown, method: string, ctx: Ctx, isPrivate = false): ChannelApiError {
  // Whatever Telegram's description says, the message leaves without the token.
  return asChannelError(describeTelegramError(err, method, ctx, isPrivate), `Telegram ${method}`, [ctx.secrets.bot_token]);
}

function describeTelegramError(err: unknown, method: string, ctx: Ctx, isPrivate: boolean): ChannelApiError {
  const secrets = [ctx.secrets.bot_token];
  if (err instanceof GrammyError) {
    const d = err.description;
    if (err.error_code === 401 || err.error_code === 404)
      return new ChannelApiError(`Telegram refused the bot token (${err.error_code} ${d}): check it with @BotFather`, true, null, err.error_code);
    if (err.error_code === 429) {
      const after = err.parameters.retry_after ?? null;
      return new ChannelApiError(`Telegram rate limit on ${method}${after ? `: retry after ${after} s` : ''}`, false, after, 429);
    }
    if (err.error_code === 409)
      return new ChannelApiError(`Telegram ${method}: ${d} (a webhook is set for this bot, or another process polls it)`, true, null, 409);
    if (err.error_code === 403 && isPrivate && /initiate conversation/i.test(d))
      return new ChannelApiError(
        `Telegram cannot message this user privately: the bot may write only to users who wrote to it first (${d})`,
        true,
        null,
        403,
      );
    if (err.error_code === 403) return new ChannelApiError(`Telegram ${method} forbidden: ${d}`, true, null, 403);
    if (err.error_code >= 500) return new ChannelApiError(`Telegram ${method} failed (${err.error_code} ${d})`, false, null, err.error_code);
    return new ChannelApiError(`Telegram ${method} refused (${err.error_code} ${d})`, true, null, err.error_code);
  }
  if (err instanceof HttpError) return asChannelError(err.error, `Telegram ${method}: network request failed`, secrets);
  return asChannelError(err, `Telegram ${method}`, secrets);
}

export const telegramConnector: ChannelConnector<TelegramConfig, TelegramSecrets> = {
  type: 'telegram',
  configSchema: telegramConfigSchema,
  secretsSchema: telegramSecretsSchema,
  fields: [
    {
      name: 'allowed_chat_ids',
      kind: 'list',
      required: false,
      help: 'Group ids to listen to (empty: every group the bot is in); private chats always come in',
    },
    { name: 'interval_minutes', kind: 'number', required: false, help: 'Minutes between polls' },
    { name: 'api_root', kind: 'url', required: false, help: 'A self-hosted Bot API server (default https://api.telegram.org)' },
    {
      name: 'webhook',
      kind: 'boolean',
      required: false,
      help: "Telegram pushes updates to this desk's public HTTPS address (DEFUSE_PUBLIC_URL) instead of being polled",
    },
    { name: 'bot_token', kind: 'secret', required: true, help: 'The bot token from @BotFather' },
  ],
  capabilities: { publicReply: true, privateMessage: true, webhook: true, broad: false },

  async fetch(ctx) {
    // In webhook mode Telegram pushes (and refuses getUpdates while the webhook is set): the poll only checks that
    // the pushes arrive, so a webhook that fails shows in the connection's health.
    if (ctx.config.webhook) {
      await checkWebhook(ctx);
      return { items: [], cursor: null };
    }
    const offset = ctx.cursor && /^\d+$/.test(ctx.cursor) ? Number(ctx.cursor) : undefined;
    const limit = Math.min(Math.max(ctx.limit, 1), 100);
    let updates: TgUpdate[];
    try {
      updates = await api(ctx).getUpdates({ ...(offset ? { offset } : {}), limit, timeout: 0, allowed_updates: ['message'] }, ctx.signal as never);
    } catch (err) {
      throw telegramError(err, 'getUpdates', ctx);
    }
    const items = updates.map((u) => telegramItem(u, ctx.config)).filter((i): i is IncomingItem => i !== null);
    const last = updates.reduce((max, u) => Math.max(max, u.update_id), 0);
    return { items, cursor: last ? String(last + 1) : null, more: updates.length >= limit };
  },

  receive(ctx, body) {
    const parsed = z.object({ update_id: z.number().int() }).passthrough().safeParse(body);
    if (!parsed.success) return [];
    const item = telegramItem(parsed.data, ctx.config);
    return item ? [item] : [];
  },

  webhook: {
    set: (ctx, url, secret) => telegramWebhook.set(ctx, url, secret),
    remove: (ctx) => telegramWebhook.remove(ctx),
  },

  async send(ctx, message: OutgoingMessage): Promise<SendResult> {
    const extra = message.inReplyTo?.extra ?? {};
    let chatId: number;
    let replyTo: number | undefined;
    let threadId: number | undefined;
    if (message.private) {
      const fromHandle = /^id:(\d+)$/.exec(message.to.handle)?.[1];
      const userId = typeof extra.user_id === 'number' ? extra.user_id : fromHandle ? Number(fromHandle) : null;
      if (!userId)
        throw forSend(
          new ChannelApiError(`Telegram needs the user's numeric id to message them privately; ${message.to.handle} has none stored`, true),
        );
      chatId = userId;
      // Answering in the private chat it came from: keep the thread there too.
      if (extra.chat_type === 'private' && typeof extra.message_id === 'number') replyTo = extra.message_id;
    } else {
      if (typeof extra.chat_id !== 'number' || typeof extra.message_id !== 'number')
        throw forSend(new ChannelApiError('Telegram reply: the mention has no chat and message id to answer', true));
      if (extra.chat_type === 'private')
        throw forSend(new ChannelApiError('Telegram: a private chat has no public thread; send it as a private message', true));
      chatId = extra.chat_id;
      replyTo = extra.message_id;
      if (typeof extra.message_thread_id === 'number') threadId = extra.message_thread_id;
    }
    try {
      const sent = await api(ctx).sendMessage(
        chatId,
        message.text,
        {
          ...(replyTo ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } } : {}),
          ...(threadId ? { message_thread_id: threadId } : {}),
        },
        ctx.signal as never,
      );
      const link = sent.chat.type === 'private' ? undefined : messageLink(sent.chat, sent.message_id);
      return { externalId: `${sent.chat.id}:${sent.message_id}`, ...(link ? { link } : {}) };
    } catch (err) {
      throw forSend(telegramError(err, 'sendMessage', ctx, message.private));
    }
  },
};

/**
 * In webhook mode, what Telegram says about its pushes (getWebhookInfo): no webhook set (another tool called
 * deleteWebhook or set its own) is a permanent error saying to save the connection again; updates waiting after a
 * failed push are a retryable error with Telegram's words ("Wrong response from the webhook: 404 Not Found").
 */
async function checkWebhook(ctx: Ctx): Promise<void> {
  let info: { url?: string; pending_update_count: number; last_error_date?: number; last_error_message?: string };
  try {
    info = await api(ctx).getWebhookInfo(ctx.signal as never);
  } catch (err) {
    throw telegramError(err, 'getWebhookInfo', ctx);
  }
  if (!info.url)
    throw new ChannelApiError(
      'Telegram has no webhook set for this bot (deleted or replaced elsewhere): pause and resume the connection to set it again',
      true,
    );
  if (info.pending_update_count > 0 && info.last_error_date)
    throw new ChannelApiError(
      `Telegram cannot deliver updates to the webhook: ${info.last_error_message ?? 'no answer'} (${info.pending_update_count} waiting); check DEFUSE_PUBLIC_URL and that the desk is reachable over HTTPS`,
      false,
    );
}

/**
 * Points the bot's updates at Defuse's webhook (`POST /hooks/connections/:id`) with the connection's secret, which
 * Telegram sends back in `X-Telegram-Bot-Api-Secret-Token`; `remove` goes back to polling (getUpdates).
 */
export const telegramWebhook = {
  async set(ctx: Ctx, url: string, secretToken: string): Promise<void> {
    if (!/^[\w-]{1,256}$/.test(secretToken)) throw new ChannelApiError('Telegram webhook secret: 1–256 characters A-Z, a-z, 0-9, _ and -', true);
    try {
      await api(ctx).setWebhook(url, { secret_token: secretToken, allowed_updates: ['message'] }, ctx.signal as never);
    } catch (err) {
      throw telegramError(err, 'setWebhook', ctx);
    }
  },
  async remove(ctx: Ctx): Promise<void> {
    try {
      await api(ctx).deleteWebhook(undefined, ctx.signal as never);
    } catch (err) {
      throw telegramError(err, 'deleteWebhook', ctx);
    }
  },
};

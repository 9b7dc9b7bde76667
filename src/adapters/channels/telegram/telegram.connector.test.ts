import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PermanentDeliveryError } from '../../../services/replies/reply-channel.js';
import { ChannelApiError } from '../api-error.js';
import type { OutgoingMessage } from '../connector.js';
import { type FakeTelegram, type TgChat, type TgUser, startFakeTelegram } from '../../../../test/support/fakes/telegram-api.js';
import { connectorContext, thrown } from '../../../../test/support/fakes/connector-context.js';
import { type TelegramConfig, telegramConnector as tg, telegramWebhook } from './index.js';
import { startFake } from '../../../../test/support/fakes/http.js';

const GROUP: TgChat = { id: -1001234567890, type: 'supergroup', title: 'Клиенты Ромашки', username: 'romashka_chat' };
const PRIVATE_GROUP: TgChat = { id: -1009876543210, type: 'supergroup', title: 'Закрытая группа' };
const OTHER_GROUP: TgChat = { id: -1005555555555, type: 'supergroup', title: 'Чужая группа' };
const CHANNEL: TgChat = { id: -1001111111111, type: 'channel', title: 'Ромашка', username: 'romashka' };
const OLGA: TgUser = { id: 42, is_bot: false, first_name: 'Ольга', last_name: 'Петрова', username: 'olga_p' };
const NONAME: TgUser = { id: 43, is_bot: false, first_name: 'Иван' };

let fake: FakeTelegram;
beforeEach(async () => {
  fake = await startFakeTelegram();
});
afterEach(async () => {
  await fake.close();
});

const config = (c: Partial<TelegramConfig> = {}): TelegramConfig => ({ interval_minutes: 5, api_root: fake.url, ...c });
const ctx = (cursor: string | null = null, c: Partial<TelegramConfig> = {}, limit = 50) =>
  connectorContext(config(c), { bot_token: fake.token }, cursor, limit);
const reply = (m: Partial<OutgoingMessage>): OutgoingMessage => ({
  replyId: 'r1',
  text: 'Здравствуйте! Разберёмся.',
  inReplyTo: null,
  to: { handle: '@olga_p', name: 'Ольга Петрова' },
  subject: '',
  private: false,
  ...m,
});

describe('Telegram connector (against a fake Bot API)', () => {
  it('fetches group messages, comments under channel posts and private chats once, with threads and the reply data', async () => {
    const first = fake.groupMessage(GROUP, OLGA, 'Заказ не пришёл уже две недели');
    const post = fake.channelPostInDiscussion(GROUP, CHANNEL, 'Новая коллекция уже в магазинах');
    fake.groupMessage(GROUP, NONAME, 'А мне тоже не пришёл', post);
    fake.groupMessage(GROUP, NONAME, 'Ответ на Ольгу', first);
    fake.privateMessage(OLGA, 'Можно номер заказа в личку?');

    const r = await tg.fetch(ctx());
    expect(r.items.map((i) => i.externalId)).toEqual([`${GROUP.id}:101`, `${GROUP.id}:103`, `${GROUP.id}:104`, '42:101']);
    const [a, comment, answer, dm] = r.items;
    expect(a).toMatchObject({
      author: { handle: '@olga_p', name: 'Ольга Петрова', url: 'https://t.me/olga_p' },
      text: 'Заказ не пришёл уже две недели',
      link: 'https://t.me/romashka_chat/101',
      public: true,
      extra: { chat_id: GROUP.id, message_id: 101, chat_type: 'supergroup', username: 'olga_p', user_id: 42 },
    });
    expect(a!.inReplyTo).toBeUndefined();
    expect(a!.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    // The channel's own post copied into the discussion group is not a mention; the comment under it points at it.
    expect(comment).toMatchObject({ author: { handle: 'id:43', name: 'Иван' }, inReplyTo: `${GROUP.id}:${post.message_id}` });
    expect(comment!.extra).toMatchObject({ message_thread_id: post.message_id, username: null });
    expect(answer!.inReplyTo).toBe(`${GROUP.id}:101`);
    expect(dm).toMatchObject({ public: false, author: { handle: '@olga_p' }, extra: { chat_type: 'private', chat_id: 42 } });
    expect(dm!.link).toBeUndefined();
    expect(r.cursor).toBe(String(fake.pending().at(-1)!.update_id + 1));
    expect(r.more).toBe(false);

    // From the returned cursor: nothing new (and Telegram forgets the confirmed updates).
    const again = await tg.fetch(ctx(r.cursor));
    expect(again.items).toEqual([]);
    expect(again.cursor).toBeNull();
    expect(fake.pending()).toEqual([]);
    const req = fake.requests.at(-1)!;
    expect(req.json).toMatchObject({ offset: Number(r.cursor), timeout: 0, limit: 50, allowed_updates: ['message'] });
  });

  it('fetching again from the old cursor (a restart before the cursor was stored) gives the same external ids', async () => {
    fake.groupMessage(GROUP, OLGA, 'первое');
    const start = await tg.fetch(ctx());
    fake.groupMessage(GROUP, OLGA, 'второе');
    fake.groupMessage(GROUP, NONAME, 'третье');
    const once = await tg.fetch(ctx(start.cursor));
    const twice = await tg.fetch(ctx(start.cursor));
    expect(once.items.map((i) => i.text)).toEqual(['второе', 'третье']);
    expect(twice.items.map((i) => i.externalId)).toEqual(once.items.map((i) => i.externalId));
    expect(twice.cursor).toBe(once.cursor);
  });

  it('pages with the limit and says there is more', async () => {
    for (let i = 0; i < 5; i++) fake.groupMessage(GROUP, OLGA, `сообщение ${i}`);
    const p1 = await tg.fetch(ctx(null, {}, 3));
    expect(p1.items).toHaveLength(3);
    expect(p1.more).toBe(true);
    const p2 = await tg.fetch(ctx(p1.cursor, {}, 3));
    expect(p2.items.map((i) => i.text)).toEqual(['сообщение 3', 'сообщение 4']);
    expect(p2.more).toBe(false);
  });

  it('keeps to allowed_chat_ids for groups, still takes private chats, and skips what is not text', async () => {
    fake.groupMessage(OTHER_GROUP, OLGA, 'в чужой группе');
    fake.groupMessage(GROUP, OLGA, 'в нашей группе');
    fake.privateMessage(NONAME, 'лично');
    fake.pushUpdate({ message: { message_id: 900, chat: GROUP, from: OLGA, date: 1 } }); // a sticker: no text
    fake.pushUpdate({ channel_post: { message_id: 5, chat: CHANNEL, date: 1, text: 'пост канала' } });
    const r = await tg.fetch(ctx(null, { allowed_chat_ids: [GROUP.id] }));
    expect(r.items.map((i) => i.text)).toEqual(['в нашей группе', 'лично']);
    // A private supergroup's link is the members-only t.me/c/ form.
    fake.groupMessage(PRIVATE_GROUP, OLGA, 'закрытая');
    const p = await tg.fetch(ctx(r.cursor));
    expect(p.items[0]!.link).toBe('https://t.me/c/9876543210/101');
  });

  it('turns a webhook Update into the same item, and ignores what is not an update', async () => {
    const m = fake.groupMessage(GROUP, OLGA, 'через вебхук', undefined);
    const update = fake.pending()[0]!;
    const pushed = tg.receive!(ctx(), update);
    const polled = (await tg.fetch(ctx())).items;
    expect(pushed).toEqual(polled);
    expect(pushed[0]!.externalId).toBe(`${GROUP.id}:${m.message_id}`);
    expect(tg.receive!(ctx(), { hello: 'world' })).toEqual([]);
    expect(tg.receive!(ctx(), { update_id: 1, channel_post: { message_id: 1, chat: CHANNEL, date: 1, text: 'x' } })).toEqual([]);
    expect(tg.capabilities.webhook).toBe(true);
  });

  it('sets a webhook with its secret: Telegram pushes updates there, getUpdates is refused until it is removed', async () => {
    const received: unknown[] = [];
    const hook = await startFake((req) => {
      if (req.headers['x-telegram-bot-api-secret-token'] !== 'hook-secret_1') return { status: 401, body: {} };
      received.push(...tg.receive!(ctx(), req.json));
      return { status: 200, body: {} };
    });
    try {
      await telegramWebhook.set(ctx(), `${hook.url}/hooks/connections/7`, 'hook-secret_1');
      expect(fake.webhook()).toEqual({ url: `${hook.url}/hooks/connections/7`, secret_token: 'hook-secret_1' });
      fake.groupMessage(GROUP, OLGA, 'пришло вебхуком');
      expect(await fake.deliverWebhook()).toEqual([200]);
      expect(received).toMatchObject([{ externalId: `${GROUP.id}:101`, text: 'пришло вебхуком' }]);
      const e = (await thrown(tg.fetch(ctx()))) as ChannelApiError;
      expect(e.permanent).toBe(true);
      expect(e.message).toMatch(/a webhook is set for this bot/);
      await telegramWebhook.remove(ctx());
      expect(fake.webhook()).toBeNull();
      expect((await tg.fetch(ctx())).items).toEqual([]);
      await expect(telegramWebhook.set(ctx(), hook.url, 'bad secret!')).rejects.toThrow(/webhook secret/);
    } finally {
      await hook.close();
    }
  });

  it('replies publicly in the thread of the message, and privately to a user who wrote to the bot', async () => {
    const post = fake.channelPostInDiscussion(GROUP, CHANNEL, 'Пост');
    fake.groupMessage(GROUP, OLGA, 'Где мой заказ?', post);
    fake.privateMessage(OLGA, 'привет');
    const [comment, dm] = (await tg.fetch(ctx())).items;

    const pub = await tg.send!(ctx(), reply({ inReplyTo: { externalId: comment!.externalId, extra: comment!.extra! } }));
    const sent = fake.sent[0]!;
    expect(sent.chat.id).toBe(GROUP.id);
    expect(sent.reply_to_message?.message_id).toBe(comment!.extra!.message_id);
    expect(sent.text).toBe('Здравствуйте! Разберёмся.');
    expect(pub).toEqual({ externalId: `${GROUP.id}:${sent.message_id}`, link: `https://t.me/romashka_chat/${sent.message_id}` });
    expect(fake.requests.at(-1)!.json).toMatchObject({
      message_thread_id: post.message_id,
      reply_parameters: { message_id: comment!.extra!.message_id },
    });

    // Going private from the public comment: a message to the user's own chat with the bot.
    const priv = await tg.send!(
      ctx(),
      reply({ private: true, text: 'Пришлите номер заказа', inReplyTo: { externalId: comment!.externalId, extra: comment!.extra! } }),
    );
    expect(fake.sent[1]).toMatchObject({ chat: { id: 42, type: 'private' }, text: 'Пришлите номер заказа' });
    expect(priv).toEqual({ externalId: `42:${fake.sent[1]!.message_id}` });
    // Answering the private message itself: in that chat, as a reply to it.
    await tg.send!(ctx(), reply({ private: true, inReplyTo: { externalId: dm!.externalId, extra: dm!.extra! } }));
    expect(fake.sent[2]!.reply_to_message?.message_id).toBe(dm!.extra!.message_id);
  });

  it('a private message to a user who never wrote to the bot fails permanently, saying why', async () => {
    fake.groupMessage(GROUP, NONAME, 'Жалоба');
    const [item] = (await tg.fetch(ctx())).items;
    const err = await thrown(
      tg.send!(
        ctx(),
        reply({ private: true, to: { handle: 'id:43', name: 'Иван' }, inReplyTo: { externalId: item!.externalId, extra: item!.extra! } }),
      ),
    );
    expect(err).toBeInstanceOf(PermanentDeliveryError);
    expect(err.message).toMatch(/only to users who wrote to it first/);
    expect(fake.sent).toEqual([]);
  });

  it('surfaces failures as clear errors: 5xx and 429 (with retry_after) retryable, a bad token permanent, never the token', async () => {
    fake.fail({ kind: 'server' });
    const e5 = await thrown(tg.fetch(ctx()));
    expect(e5).toBeInstanceOf(ChannelApiError);
    expect(e5.message).toMatch(/getUpdates failed \(502/);
    expect((e5 as ChannelApiError).permanent).toBe(false);

    fake.fail({ kind: 'rate', retryAfter: 17 });
    const e429 = (await thrown(tg.fetch(ctx()))) as ChannelApiError;
    expect(e429.retryAfterSeconds).toBe(17);
    expect(e429.message).toMatch(/rate limit.*retry after 17 s/);

    const bad = connectorContext(config(), { bot_token: '999999:WRONG-token-never-shown-aaaa' });
    const eAuth = (await thrown(tg.fetch(bad))) as ChannelApiError;
    expect(eAuth.permanent).toBe(true);
    expect(eAuth.message).toMatch(/refused the bot token/);

    fake.groupMessage(GROUP, OLGA, 'x');
    const [item] = (await tg.fetch(ctx())).items;
    fake.fail({ kind: 'auth' });
    const eSend = await thrown(tg.send!(ctx(), reply({ inReplyTo: { externalId: item!.externalId, extra: item!.extra! } })));
    expect(eSend).toBeInstanceOf(PermanentDeliveryError);
    fake.fail({ kind: 'server' });
    const eSend5 = await thrown(tg.send!(ctx(), reply({ inReplyTo: { externalId: item!.externalId, extra: item!.extra! } })));
    expect(eSend5).not.toBeInstanceOf(PermanentDeliveryError);

    // A network failure whose error names the URL (as node-fetch's do), which holds the token: the message must not.
    const down = { ...ctx(), fetch: ((url: string) => Promise.reject(new Error(`request to ${url} failed, reason: ECONNREFUSED`))) as typeof fetch };
    const eNet = await thrown(tg.fetch(down));
    expect(eNet.message).toMatch(/network request failed: request to .*\/bot\*\*\*\/getUpdates failed, reason: ECONNREFUSED/);
    fake.fail({ kind: 'say', code: 400, description: `Bad Request: token ${fake.token} echoed` });
    const eEcho = await thrown(tg.fetch(ctx()));
    expect(eEcho.message).toMatch(/token \*\*\* echoed/);
    for (const e of [e5, e429, eAuth, eSend, eSend5, eNet, eEcho]) {
      expect(e.message).not.toContain(fake.token);
      expect(e.message).not.toContain('WRONG-token');
    }
  });

  it('checks its config and secrets', () => {
    expect(tg.secretsSchema.safeParse({ bot_token: 'nope' }).success).toBe(false);
    expect(tg.secretsSchema.safeParse({ bot_token: fake.token }).success).toBe(true);
    expect(tg.configSchema.safeParse({ interval_minutes: 5, allowed_chat_ids: ['x'] }).success).toBe(false);
    expect(tg.configSchema.parse({})).toEqual({ interval_minutes: 5 });
  });
});

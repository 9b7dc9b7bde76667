import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PermanentDeliveryError } from '../../../services/replies/reply-channel.js';
import { ChannelApiError } from '../api-error.js';
import type { OutgoingMessage } from '../connector.js';
import { type FakeVk, startFakeVk } from '../../../../test/support/fakes/vk-api.js';
import { connectorContext, thrown } from '../../../../test/support/fakes/connector-context.js';
import { type VkConfig, VK_API_VERSION, randomId, vkConnector as vk } from './index.js';

let fake: FakeVk;
beforeEach(async () => {
  fake = await startFakeVk();
  fake.addUser({ id: 1001, first_name: 'Ольга', last_name: 'Смирнова' }, { allowsMessages: true });
  fake.addUser({ id: 1002, first_name: 'Пётр', last_name: 'Иванов' });
});
afterEach(async () => {
  await fake.close();
});

const config = (c: Partial<VkConfig> = {}): VkConfig => ({
  group_id: fake.groupId,
  interval_minutes: 10,
  posts_window: 20,
  api_url: `${fake.url}/method`,
  ...c,
});
const ctx = (cursor: string | null = null, c: Partial<VkConfig> = {}, limit = 50) =>
  connectorContext(config(c), { access_token: fake.token }, cursor, limit);
const reply = (m: Partial<OutgoingMessage>): OutgoingMessage => ({
  replyId: 'r1',
  text: 'Ольга, здравствуйте! Уже проверяем ваш заказ.',
  inReplyTo: null,
  to: { handle: 'id1001', name: 'Ольга Смирнова' },
  subject: '',
  private: false,
  ...m,
});

describe('VK connector (against a fake VK API)', () => {
  it('fetches posts by others and new comments under the latest posts once, with threads, links and names', async () => {
    const own = fake.post(fake.ownerId, 'Скидки недели в Ромашке');
    const theirs = fake.post(1002, 'Почему доставка опаздывает уже третий раз?');
    const c1 = fake.comment(own, 1001, 'Заказ № 7 так и не пришёл');
    const c2 = fake.comment(own, 1002, 'У меня тоже', c1);
    fake.comment(own, fake.ownerId, 'Разбираемся!', c1); // the community's own reply: not a mention
    const c3 = fake.comment(theirs, 1001, 'Поддерживаю');

    const r = await vk.fetch(ctx());
    const o = fake.ownerId;
    expect(r.items.map((i) => i.externalId)).toEqual([
      `wall${o}_${own.id}_c${c1.id}`,
      `wall${o}_${own.id}_c${c2.id}`,
      `wall${o}_${theirs.id}`,
      `wall${o}_${theirs.id}_c${c3.id}`,
    ]);
    const [first, second, post, third] = r.items;
    expect(first).toMatchObject({
      author: { handle: 'id1001', name: 'Ольга Смирнова', url: 'https://vk.com/id1001' },
      text: 'Заказ № 7 так и не пришёл',
      link: `https://vk.com/wall${o}_${own.id}?reply=${c1.id}`,
      public: true,
      inReplyTo: `wall${o}_${own.id}`,
      extra: { owner_id: o, post_id: own.id, comment_id: c1.id, from_id: 1001 },
    });
    expect(first!.createdAt).toBe(new Date(c1.date * 1000).toISOString());
    expect(second).toMatchObject({
      inReplyTo: `wall${o}_${own.id}_c${c1.id}`,
      link: `https://vk.com/wall${o}_${own.id}?reply=${c2.id}&thread=${c1.id}`,
    });
    expect(post).toMatchObject({
      author: { handle: 'id1002', name: 'Пётр Иванов' },
      link: `https://vk.com/wall${o}_${theirs.id}`,
      text: 'Почему доставка опаздывает уже третий раз?',
    });
    expect(post!.inReplyTo).toBeUndefined();
    expect(third!.inReplyTo).toBe(`wall${o}_${theirs.id}`);

    // The calls follow the documented API: form parameters with the token and the version; names in one users.get.
    const calls = fake.requests.map((q) => q.path.replace('/method/', ''));
    expect(calls.filter((m) => m === 'users.get')).toHaveLength(1);
    const get = fake.requests.find((q) => q.path === '/method/wall.get')!;
    expect(get.params).toMatchObject({ owner_id: String(o), v: VK_API_VERSION, count: '20' });
    expect(get.headers['content-type']).toContain('application/x-www-form-urlencoded');

    // From the returned cursor: nothing new; then a new comment and a new post only.
    const again = await vk.fetch(ctx(r.cursor));
    expect(again.items).toEqual([]);
    const c4 = fake.comment(theirs, 1002, 'Ответ спустя час', c3);
    const newer = fake.post(1001, 'Новый пост с жалобой');
    const after = await vk.fetch(ctx(again.cursor));
    expect(after.items.map((i) => i.externalId)).toEqual([`wall${o}_${theirs.id}_c${c4.id}`, `wall${o}_${newer.id}`]);
  });

  it('names a community author club<id>, and skips deleted and empty comments', async () => {
    const p = fake.post(fake.ownerId, 'Пост');
    const gone = fake.comment(p, 1001, '');
    gone.deleted = true;
    fake.comment(p, 1002, '   ');
    const club = fake.comment(p, -777, 'Конкуренты тоже пишут');
    const r = await vk.fetch(ctx());
    expect(r.items.map((i) => i.externalId)).toEqual([`wall${fake.ownerId}_${p.id}_c${club.id}`]);
    expect(r.items[0]!.author).toEqual({ handle: 'club777', url: 'https://vk.com/club777' });
    // Only people are looked up by name: no users.get for a community.
    expect(fake.requests.some((q) => q.path === '/method/users.get')).toBe(false);
  });

  it('fetching from the old cursor (a restart before the cursor was stored) gives the same external ids', async () => {
    const p = fake.post(fake.ownerId, 'Пост');
    fake.comment(p, 1001, 'первый');
    const start = await vk.fetch(ctx());
    fake.comment(p, 1002, 'второй');
    fake.post(1002, 'пост пользователя');
    const once = await vk.fetch(ctx(start.cursor));
    const twice = await vk.fetch(ctx(start.cursor));
    expect(once.items.map((i) => i.text)).toEqual(['второй', 'пост пользователя']);
    expect(twice.items.map((i) => i.externalId)).toEqual(once.items.map((i) => i.externalId));
    expect(twice.cursor).toBe(once.cursor);
  });

  it('keeps the cursor bounded to the latest posts, stops at the page size, and starts watching an old pinned post from now', async () => {
    const posts = Array.from({ length: 5 }, (_, i) => fake.post(fake.ownerId, `пост ${i}`));
    for (const p of posts) fake.comment(p, 1001, `комментарий к ${p.id}`);
    const r = await vk.fetch(ctx(null, { posts_window: 3 }));
    expect(r.items.map((i) => i.text)).toEqual(posts.slice(2).map((p) => `комментарий к ${p.id}`));
    const cursor = JSON.parse(r.cursor!) as { p: number; c: Record<string, number> };
    expect(Object.keys(cursor.c).map(Number)).toEqual(posts.slice(2).map((p) => p.id));

    // Page size 2: two posts' comments, more = true, the rest next time with nothing lost or repeated.
    for (const p of posts.slice(2)) fake.comment(p, 1002, `ещё к ${p.id}`);
    const p1 = await vk.fetch(ctx(r.cursor, { posts_window: 3 }, 2));
    expect(p1.more).toBe(true);
    const p2 = await vk.fetch(ctx(p1.cursor, { posts_window: 3 }, 2));
    expect([...p1.items, ...p2.items].map((i) => i.text)).toEqual(posts.slice(2).map((p) => `ещё к ${p.id}`));
    expect(p2.more).toBe(false);

    // The oldest post pinned: it enters the window; its old comments are not fetched, its new ones are.
    fake.posts.find((p) => p.id === posts[0]!.id)!.is_pinned = 1;
    const pinned = await vk.fetch(ctx(p2.cursor, { posts_window: 4 }));
    expect(pinned.items).toEqual([]);
    const late = fake.comment(posts[0]!, 1002, 'под закреплённым');
    const next = await vk.fetch(ctx(pinned.cursor, { posts_window: 4 }));
    expect(next.items.map((i) => i.externalId)).toEqual([`wall${fake.ownerId}_${posts[0]!.id}_c${late.id}`]);
  });

  it('replies as a comment in the thread from the community, and privately to a user who allowed messages; retries send nothing twice', async () => {
    const p = fake.post(fake.ownerId, 'Пост');
    const c = fake.comment(p, 1001, 'Где заказ?');
    const [item] = (await vk.fetch(ctx())).items;
    const on = { externalId: item!.externalId, extra: item!.extra! };

    const pub = await vk.send!(ctx(), reply({ inReplyTo: on }));
    const [mine] = fake.communityComments();
    expect(mine).toMatchObject({
      post_id: p.id,
      reply_to_comment: c.id,
      from_id: fake.ownerId,
      text: 'Ольга, здравствуйте! Уже проверяем ваш заказ.',
    });
    expect(pub).toEqual({
      externalId: `wall${fake.ownerId}_${p.id}_c${mine!.id}`,
      link: `https://vk.com/wall${fake.ownerId}_${p.id}?reply=${mine!.id}&thread=${c.id}`,
    });
    expect(fake.requests.at(-1)!.params).toMatchObject({ from_group: String(fake.groupId), guid: 'defuse-r1' });
    await vk.send!(ctx(), reply({ inReplyTo: on }));
    expect(fake.communityComments()).toHaveLength(1);

    const priv = await vk.send!(ctx(), reply({ replyId: 'r2', private: true, text: 'Напишите номер заказа', inReplyTo: on }));
    expect(fake.messages).toEqual([{ id: expect.any(Number) as number, user_id: 1001, random_id: randomId('r2'), text: 'Напишите номер заказа' }]);
    expect(priv).toEqual({ externalId: `msg1001_${fake.messages[0]!.id}` });
    await vk.send!(ctx(), reply({ replyId: 'r2', private: true, text: 'Напишите номер заказа', inReplyTo: on }));
    expect(fake.messages).toHaveLength(1);
    expect(randomId('r2')).not.toBe(randomId('r3'));
    expect(randomId('r2')).toBeGreaterThan(0);
  });

  it('a private message to a user who did not allow messages fails permanently (901), saying why', async () => {
    const p = fake.post(fake.ownerId, 'Пост');
    fake.comment(p, 1002, 'Жалоба');
    const [item] = (await vk.fetch(ctx())).items;
    const err = await thrown(
      vk.send!(
        ctx(),
        reply({ private: true, to: { handle: 'id1002', name: 'Пётр Иванов' }, inReplyTo: { externalId: item!.externalId, extra: item!.extra! } }),
      ),
    );
    expect(err).toBeInstanceOf(PermanentDeliveryError);
    expect(err.message).toMatch(/not allowed messages from the community \(901/);
    expect(fake.messages).toEqual([]);
  });

  it('surfaces failures as clear errors: 6 and HTTP 5xx retryable, 5 permanent (PermanentDeliveryError on send), never the token', async () => {
    fake.fail({ code: 6 });
    const e6 = (await thrown(vk.fetch(ctx()))) as ChannelApiError;
    expect(e6).toBeInstanceOf(ChannelApiError);
    expect(e6.permanent).toBe(false);
    expect(e6.retryAfterSeconds).toBe(1);
    expect(e6.message).toMatch(/VK rate limit \(6 Too many requests per second\) on wall.get/);

    fake.fail({ http: 502 });
    const e502 = (await thrown(vk.fetch(ctx()))) as ChannelApiError;
    expect(e502.permanent).toBe(false);
    expect(e502.message).toMatch(/HTTP 502/);

    const bad = connectorContext(config(), { access_token: 'vk1.a.WRONG-token-never-shown-00' });
    const e5 = (await thrown(vk.fetch(bad))) as ChannelApiError;
    expect(e5.permanent).toBe(true);
    expect(e5.message).toMatch(/refused the access token \(5 /);

    const p = fake.post(fake.ownerId, 'Пост');
    const on = { externalId: `wall${fake.ownerId}_${p.id}`, extra: { owner_id: fake.ownerId, post_id: p.id } };
    fake.fail({ code: 5 });
    const eSend = await thrown(vk.send!(ctx(), reply({ inReplyTo: on })));
    expect(eSend).toBeInstanceOf(PermanentDeliveryError);
    fake.fail({ code: 6 });
    const eSend6 = await thrown(vk.send!(ctx(), reply({ inReplyTo: on })));
    expect(eSend6).not.toBeInstanceOf(PermanentDeliveryError);
    expect(fake.communityComments()).toEqual([]);

    // An error text that quotes the token (as a proxy or a library might) is cleaned.
    fake.fail({ code: 100, msg: `invalid access_token ${fake.token}` });
    const eEcho = await thrown(vk.fetch(ctx()));
    expect(eEcho.message).toMatch(/invalid access_token \*\*\*/);
    for (const e of [e6, e502, e5, eSend, eSend6, eEcho]) {
      expect(e.message).not.toContain(fake.token);
      expect(e.message).not.toContain('WRONG-token');
    }
  });
});

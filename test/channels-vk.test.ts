/**
 * VK through the whole stack, on both databases: a connection to a community's wall added through the API and
 * polled from the local fake VK API (test/support/fakes/vk-api.ts), in Russian: posts others publish on the wall and
 * the comments under the latest posts become mentions and cases (the community's own posts and comments do not); a
 * comment thread (an answer to a comment, a comment under a customer's post) joins its case; a restart mid-poll
 * duplicates nothing; the API failing for several polls shows the error in the connection's health and notifies
 * once, and the recovery clears it.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DIALECTS } from './support/databases.js';
import { type FakeVk, startFakeVk } from './support/fakes/vk-api.js';
import { type Harness, type SignedIn, startHarness } from './support/harness.js';
import { api, getJson } from './support/requests.js';
import { ScriptedClassifier } from './support/scripted-classifier.js';

interface MentionView {
  id: string;
  external_id: string;
  case_id: string | null;
  in_reply_to: string | null;
  text: string;
  link: string | null;
  public: boolean;
  author: { handle: string; name: string | null };
}

describe.each(DIALECTS)('channels: VK through the whole stack on %s', (dialect) => {
  let h: Harness;
  let vk: FakeVk;
  let brandId: string;
  let manager: SignedIn;
  let managerId: string;
  let connId: string;
  const ivan = { id: 501, first_name: 'Иван', last_name: 'Петров' };
  const olga = { id: 502, first_name: 'Ольга', last_name: 'Сидорова' };
  const petr = { id: 503, first_name: 'Пётр', last_name: 'Кузнецов' };

  beforeAll(async () => {
    vk = await startFakeVk();
    vk.addUser(ivan, { allowsMessages: true });
    vk.addUser(olga);
    vk.addUser(petr);
    h = await startHarness(dialect, { DEFUSE_SECRET_KEY: randomBytes(32).toString('base64') }, new ScriptedClassifier());
    h.clock.set('2026-12-02T10:00:00.000Z');
    brandId = await h.createBrand('megamarket');
    managerId = await h.createUser('manager@megamarket.test', brandId, 'manager');
    manager = await h.login('manager@megamarket.test');
  });
  afterAll(async () => {
    await h.close();
    await h.db.drop();
    await vk.close();
  });

  const owner = () => vk.ownerId;
  const postKey = (post: number) => `wall${owner()}_${post}`;
  const commentKey = (post: number, c: number) => `wall${owner()}_${post}_c${c}`;
  const mentions = async (): Promise<MentionView[]> => (await getJson(h, `/api/v1/mentions?brand=${brandId}&limit=100`, manager)).items;
  const mentionOf = async (externalId: string) => (await mentions()).filter((m) => m.external_id === externalId);
  const cases = async (): Promise<{ id: string }[]> => (await getJson(h, `/api/v1/cases?brand=${brandId}`, manager)).items;
  const health = async () =>
    (await getJson(h, `/api/v1/brands/${brandId}/connections`, manager)).items.find((c: { id: string }) => c.id === connId).health;
  const failingNotices = async () =>
    (await h.container.store.repos.notifications.forUser(managerId, { unreadOnly: false, limit: 100, brandIds: [brandId] })).filter(
      (n) => n.type === 'channel.failing',
    );
  const poll = async () => {
    const out = await h.container.channels.pollDue(h.clock.now(), { brandId });
    while ((await h.runJobs()) > 0);
    return out;
  };
  const due = async () => h.clock.set(new Date((await health()).next_poll_at as string));

  it('adds a VK community connection through the API, checking its config and token', async () => {
    const bad = await api(h, 'POST', `/api/v1/brands/${brandId}/connections`, manager, {
      type: 'vk',
      config: { group_id: -5 },
      secrets: { access_token: vk.token },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('config.group_id');
    const noToken = await api(h, 'POST', `/api/v1/brands/${brandId}/connections`, manager, { type: 'vk', config: { group_id: vk.groupId } });
    expect(noToken.json().error.field).toBe('secrets.access_token');

    const res = await api(h, 'POST', `/api/v1/brands/${brandId}/connections`, manager, {
      type: 'vk',
      name: 'ВКонтакте: МегаМаркет',
      config: { group_id: vk.groupId, api_url: `${vk.url}/method`, posts_window: 10 },
      secrets: { access_token: vk.token },
    });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json();
    connId = c.id;
    expect(c).toMatchObject({
      type: 'vk',
      name: 'ВКонтакте: МегаМаркет',
      channel: 'vk',
      config: { group_id: vk.groupId, posts_window: 10, interval_minutes: 10 },
      secrets_set: ['access_token'],
      health: { state: 'new' },
    });
    expect(res.body).not.toContain(vk.token);
  });

  it('polls the wall: posts by others and comments become mentions and cases; the community’s own do not', async () => {
    const news = vk.post(owner(), 'Скидки недели в МегаМаркете!');
    const complaint = vk.comment(news, ivan.id, '#kind=constructive Заказ №4512 не привезли, а деньги списали');
    vk.comment(news, owner(), 'Иван, напишите нам в сообщения сообщества, разберёмся');
    const wallPost = vk.post(olga.id, '#kind=impulsive Больше никогда не закажу в МегаМаркете, курьер нахамил');

    const [out] = await poll();
    expect(out).toMatchObject({ connection_id: connId, created: 2, duplicates: 0, skipped: 0, error: null });
    const [c] = await mentionOf(commentKey(news.id, complaint.id));
    expect(c).toMatchObject({
      text: '#kind=constructive Заказ №4512 не привезли, а деньги списали',
      link: `https://vk.com/wall${owner()}_${news.id}?reply=${complaint.id}`,
      public: true,
      in_reply_to: postKey(news.id),
      author: { handle: `id${ivan.id}`, name: 'Иван Петров' },
    });
    expect((await h.container.store.repos.mentions.findById(c!.id))!.extra).toMatchObject({
      connection_id: connId,
      owner_id: owner(),
      post_id: news.id,
      comment_id: complaint.id,
      from_id: ivan.id,
    });
    const [p] = await mentionOf(postKey(wallPost.id));
    expect(p).toMatchObject({ link: `https://vk.com/wall${owner()}_${wallPost.id}`, author: { handle: `id${olga.id}`, name: 'Ольга Сидорова' } });
    // Neither the community's post nor its answer is a mention.
    expect(await mentionOf(postKey(news.id))).toEqual([]);
    expect((await mentions()).map((m) => m.author.handle)).not.toContain(`club${vk.groupId}`);
    expect(await cases()).toHaveLength(2);
    expect(await health()).toMatchObject({ state: 'ok', failures: 0, last_error: null });

    await due();
    expect((await poll()).map((o) => [o.created, o.duplicates, o.error])).toEqual([[0, 0, null]]);
  });

  it('a comment thread joins its case: an answer to a comment, a comment under a customer’s post', async () => {
    const news = vk.posts.find((x) => x.from_id === owner())!;
    const complaint = vk.comments.find((x) => x.from_id === ivan.id)!;
    const wallPost = vk.posts.find((x) => x.from_id === olga.id)!;
    const [root] = await mentionOf(commentKey(news.id, complaint.id));
    const [post] = await mentionOf(postKey(wallPost.id));
    const before = (await cases()).length;

    const answer = vk.comment(news, petr.id, '#kind=constructive Иван, у меня то же самое с заказом', complaint);
    const follow = vk.comment(news, ivan.id, '#kind=constructive Прошла неделя, ответа нет', complaint);
    const under = vk.comment(wallPost, petr.id, '#kind=constructive Подтверждаю, курьер МегаМаркета грубит');
    await due();
    expect((await poll())[0]).toMatchObject({ created: 3, error: null });

    const [a] = await mentionOf(commentKey(news.id, answer.id));
    expect(a).toMatchObject({
      in_reply_to: commentKey(news.id, complaint.id),
      case_id: root!.case_id,
      link: `https://vk.com/wall${owner()}_${news.id}?reply=${answer.id}&thread=${complaint.id}`,
    });
    expect((await mentionOf(commentKey(news.id, follow.id)))[0]).toMatchObject({ case_id: root!.case_id });
    expect((await mentionOf(commentKey(wallPost.id, under.id)))[0]).toMatchObject({ in_reply_to: postKey(wallPost.id), case_id: post!.case_id });
    expect(await cases()).toHaveLength(before);
  });

  it('a restart mid-poll (mentions stored, cursor not) duplicates nothing', async () => {
    const promo = vk.post(owner(), 'Новая акция: доставка за 1 рубль');
    const q1 = vk.comment(promo, olga.id, '#kind=constructive А в Казань доставляете?');
    const q2 = vk.post(petr.id, '#kind=constructive Верните деньги за отменённый заказ');
    const spy = vi.spyOn(h.container.store.repos.connections, 'saveCursor').mockRejectedValueOnce(new Error('killed before the cursor was saved'));
    await due();
    const [crashed] = await poll();
    spy.mockRestore();
    expect(crashed).toMatchObject({ created: 2, error: 'killed before the cursor was saved' });
    const casesAfterCrash = (await cases()).length;

    await due();
    const [redo] = await poll();
    expect(redo).toMatchObject({ created: 0, duplicates: 2, error: null });
    expect(await mentionOf(commentKey(promo.id, q1.id))).toHaveLength(1);
    expect(await mentionOf(postKey(q2.id))).toHaveLength(1);
    expect(await cases()).toHaveLength(casesAfterCrash);
    await due();
    expect((await poll()).map((o) => [o.created, o.duplicates])).toEqual([[0, 0]]);
  });

  it('the API failing for several polls: the error in health, one notification; recovery clears it', async () => {
    const before = (await failingNotices()).length;
    for (let i = 1; i <= 3; i++) {
      vk.fail({ http: 500 });
      await due();
      const [o] = await poll();
      expect(o!.error).toBe('VK wall.get failed (HTTP 500)');
      expect(await health()).toMatchObject({ state: 'failing', failures: i, last_error: 'VK wall.get failed (HTTP 500)' });
    }
    // VK's own error inside a 200 answer (10: internal error) is a failure of the same spell.
    vk.fail({ code: 10 });
    await due();
    expect((await poll())[0]!.error).toMatch(/wall\.get/);
    expect(await health()).toMatchObject({ failures: 4 });
    const notices = await failingNotices();
    expect(notices).toHaveLength(before + 1);
    expect(notices[0]!.data).toMatchObject({ connection_id: connId, type: 'vk', error: 'VK wall.get failed (HTTP 500)' });

    const news = vk.posts.find((x) => x.from_id === owner())!;
    const late = vk.comment(news, olga.id, '#kind=constructive Когда будет ответ?');
    await due();
    expect((await poll())[0]).toMatchObject({ created: 1, error: null });
    expect(await health()).toMatchObject({ state: 'ok', failures: 0 });
    expect(await mentionOf(commentKey(news.id, late.id))).toHaveLength(1);
    expect(await failingNotices()).toHaveLength(before + 1);

    // A revoked token (error 5) is a new spell, told once, with no token in the text.
    vk.fail({ code: 5 });
    await due();
    const [bad] = await poll();
    expect(bad!.error).toMatch(/token/i);
    expect(bad!.error).not.toContain(vk.token);
    expect(await failingNotices()).toHaveLength(before + 2);
    await due();
    expect((await poll())[0]).toMatchObject({ error: null });
  });
});

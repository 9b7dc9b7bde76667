/**
 * VK through the whole stack, on both databases: a connection to a community's wall added through the API and
 * polled from the local fake VK API (test/support/fakes/vk-api.ts), in Russian: posts others publish on the wall and
 * the comments under the latest posts become mentions and cases (the community's own posts and comments do not); a
 * comment thread (an answer to a comment, a comment under a customer's post) joins its case; a restart mid-poll
 * duplicates nothing; the API failing for several polls shows the error in the connection's health and notifies
 * once, and the recovery clears it; a reply sent on the desk published as the community's comment in the thread
 * (`wall.createComment` with the post and `reply_to_comment`, a guid); going private as a public comment plus a
 * community message (`messages.send`); VK's 901 (messages not allowed) failing that private reply at once, clearly,
 * while the public one is sent.
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
  let responder: SignedIn;
  let managerId: string;
  let connId: string;
  const ivan = { id: 501, first_name: 'Иван', last_name: 'Петров' };
  const olga = { id: 502, first_name: 'Ольга', last_name: 'Сидорова' };
  const petr = { id: 503, first_name: 'Пётр', last_name: 'Кузнецов' };

  beforeAll(async () => {
    vk = await startFakeVk();
    vk.addUser(ivan, { allowsMessages: true });
    vk.addUser(olga);
    vk.addUser(petr, { allowsMessages: true });
    h = await startHarness(dialect, { DEFUSE_SECRET_KEY: randomBytes(32).toString('base64') }, new ScriptedClassifier());
    h.clock.set('2026-12-02T10:00:00.000Z');
    brandId = await h.createBrand('megamarket');
    managerId = await h.createUser('manager@megamarket.test', brandId, 'manager');
    manager = await h.login('manager@megamarket.test');
    await h.createUser('responder@megamarket.test', brandId, 'responder');
    responder = await h.login('responder@megamarket.test');
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
  const repliesOf = async (caseId: string) =>
    (await getJson(h, `/api/v1/cases/${caseId}/replies`, manager)).items as {
      id: string;
      status: string;
      visibility: string;
      delivery: { channel: string; status: string; error: string | null; external_id: string | null; link: string | null } | null;
    }[];
  const calls = (method: string) => vk.requests.filter((r) => r.path === `/method/${method}`);
  /** The customer's newest mention on the case (what a reply answers). */
  const latestOf = async (caseId: string, handle: string) =>
    (await mentions())
      .filter((x) => x.case_id === caseId && x.author.handle === handle)
      .sort((a, b) => Number(/(\d+)$/.exec(b.external_id)![1]) - Number(/(\d+)$/.exec(a.external_id)![1]))[0]!;

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

  it('a reply sent on the desk is a comment from the community in the thread (wall.createComment, reply_to_comment)', async () => {
    const news = vk.posts.find((x) => x.from_id === owner() && x.text.startsWith('Скидки'))!;
    const complaint = vk.comments.find((x) => x.from_id === ivan.id)!;
    const [root] = await mentionOf(commentKey(news.id, complaint.id));
    const latest = await latestOf(root!.case_id!, `id${ivan.id}`);
    const extra = (await h.container.store.repos.mentions.findById(latest.id))!.extra as { post_id: number; comment_id: number };
    expect(extra.comment_id).not.toBe(complaint.id); // his follow-up, answering his own comment
    const before = calls('wall.createComment').length;
    const res = await api(h, 'POST', `/api/v1/cases/${root!.case_id}/replies`, responder, {
      body: 'Иван, простите за задержку! Деньги за заказ №4512 вернули сегодня, они придут за 3 дня.',
      send: true,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ status: 'sending', delivery: { channel: 'connector:vk' } });
    while ((await h.runJobs()) > 0);

    const made = calls('wall.createComment').slice(before);
    expect(made).toHaveLength(1);
    expect(made[0]!.params).toMatchObject({
      owner_id: String(owner()),
      post_id: String(extra.post_id),
      reply_to_comment: String(extra.comment_id),
      from_group: String(vk.groupId),
      guid: `defuse-${res.json().id}`,
      message: 'Иван, простите за задержку! Деньги за заказ №4512 вернули сегодня, они придут за 3 дня.',
    });
    const published = vk.communityComments().at(-1)!;
    expect(published).toMatchObject({ post_id: extra.post_id, reply_to_comment: extra.comment_id, parents_stack: [complaint.id] });
    const [reply] = await repliesOf(root!.case_id!);
    expect(reply).toMatchObject({
      status: 'sent',
      delivery: {
        channel: 'connector:vk',
        status: 'delivered',
        external_id: commentKey(extra.post_id, published.id),
        link: `https://vk.com/wall${owner()}_${extra.post_id}?reply=${published.id}&thread=${complaint.id}`,
      },
    });
    // The community's own comment, fetched on the next poll, is not a mention.
    await due();
    expect((await poll())[0]).toMatchObject({ created: 0, error: null });
  });

  it('going private: a public comment under the post and a community message (messages.send) to the customer', async () => {
    const q2 = vk.posts.find((x) => x.from_id === petr.id)!;
    const [m] = await mentionOf(postKey(q2.id));
    const before = { comments: calls('wall.createComment').length, messages: vk.messages.length };
    const res = await api(h, 'POST', `/api/v1/cases/${m!.case_id}/go-private`, responder, {
      private_body: 'Пётр, спасибо, что написали, и простите за отмену. Пришлите, пожалуйста, номер заказа — вернём деньги сегодня.',
    });
    expect(res.statusCode, res.body).toBe(201);
    while ((await h.runJobs()) > 0);
    const comments = calls('wall.createComment').slice(before.comments);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.params).toMatchObject({ post_id: String(q2.id), from_group: String(vk.groupId) });
    expect(comments[0]!.params.reply_to_comment).toBeUndefined();
    const sent = vk.messages.slice(before.messages);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      user_id: petr.id,
      text: 'Пётр, спасибо, что написали, и простите за отмену. Пришлите, пожалуйста, номер заказа — вернём деньги сегодня.',
    });
    const replies = await repliesOf(m!.case_id!);
    expect(replies.map((r) => [r.visibility, r.status, r.delivery?.channel]).sort()).toEqual([
      ['private', 'sent', 'connector:vk'],
      ['public', 'sent', 'connector:vk'],
    ]);
    expect(replies.find((r) => r.visibility === 'private')!.delivery!.external_id).toBe(`msg${petr.id}_${sent[0]!.id}`);
  });

  it('a customer who does not allow community messages (VK 901): the private reply fails at once and says so; the public one is sent', async () => {
    const wallPost = vk.posts.find((x) => x.from_id === olga.id)!;
    const [m] = await mentionOf(postKey(wallPost.id));
    const sends = () => calls('messages.send').filter((r) => r.params.user_id === String(olga.id)).length;
    const res = await api(h, 'POST', `/api/v1/cases/${m!.case_id}/go-private`, responder, {
      private_body: 'Ольга, спасибо, что написали, и простите за курьера. Напишите, пожалуйста, номер заказа — разберёмся сегодня.',
    });
    expect(res.statusCode, res.body).toBe(201);
    while ((await h.runJobs()) > 0);
    const replies = await repliesOf(m!.case_id!);
    const pub = replies.find((r) => r.visibility === 'public')!;
    const priv = replies.find((r) => r.visibility === 'private')!;
    expect(pub).toMatchObject({ status: 'sent', delivery: { channel: 'connector:vk', status: 'delivered' } });
    expect(priv.status).toBe('failed');
    expect(priv.delivery!.error).toMatch(/901/);
    expect(priv.delivery!.error).toMatch(/allow|разреш|permission/i);
    expect(priv.delivery!.error).not.toContain(vk.token);
    expect(sends()).toBe(1); // permanent: not retried
    h.clock.advance(60 * 60_000);
    while ((await h.runJobs()) > 0);
    expect(sends()).toBe(1);
    const notes = (await getJson(h, '/api/v1/notifications', responder)).items as { type: string; data: Record<string, unknown> }[];
    expect(notes.filter((n) => n.type === 'reply.failed' && n.data.reply_id === priv.id)).toHaveLength(1);
  });
});

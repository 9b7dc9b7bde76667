/**
 * Mastodon through the whole stack, on both databases: a connection (mentions of the brand's account, a hashtag
 * and a keyword) added through the API and polled from the local fake Mastodon (test/support/fakes/mastodon-api.ts);
 * mentions and cases in the inbox; the hashtag and keyword items filtered by the connection's listening query (an
 * inflected and a transliterated form of the brand pass, an item without it is skipped) while a mention of the
 * account always comes in; a reply to a status joining the status's case; a restart mid-poll that duplicates
 * nothing; a server answering 500 for several polls: the error in the connection's health and one notification,
 * cleared by the recovery; a reply sent on the desk published as a status in the customer's thread
 * (`in_reply_to_id` = their latest status, text starting with `@acct`, an Idempotency-Key), and going private as
 * the short public reply plus a `direct` status.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DIALECTS } from './support/databases.js';
import { account, type FakeMastodon, startFakeMastodon } from './support/fakes/mastodon-api.js';
import { type Harness, type SignedIn, startHarness } from './support/harness.js';
import { api, getJson } from './support/requests.js';
import { ScriptedClassifier } from './support/scripted-classifier.js';

const anna = account('201', 'anna', 'Анна Смирнова');
const boris = account('202', 'boris', 'Борис', 'social.test');
const chris = account('203', 'chris', 'Chris');

interface MentionView {
  id: string;
  external_id: string;
  case_id: string | null;
  in_reply_to: string | null;
  text: string;
  link: string | null;
  public: boolean;
  author: { handle: string };
}

describe.each(DIALECTS)('channels: Mastodon through the whole stack on %s', (dialect) => {
  let h: Harness;
  let fake: FakeMastodon;
  let brandId: string;
  let manager: SignedIn;
  let responder: SignedIn;
  let managerId: string;
  let connId: string;

  beforeAll(async () => {
    fake = await startFakeMastodon();
    h = await startHarness(dialect, { DEFUSE_SECRET_KEY: randomBytes(32).toString('base64') }, new ScriptedClassifier());
    h.clock.set('2026-12-02T10:00:00.000Z');
    fake.now = h.clock.now();
    brandId = await h.createBrand('romashka');
    managerId = await h.createUser('manager@romashka.test', brandId, 'manager');
    manager = await h.login('manager@romashka.test');
    await h.createUser('responder@romashka.test', brandId, 'responder');
    responder = await h.login('responder@romashka.test');
  });
  afterAll(async () => {
    await h.close();
    await h.db.drop();
    await fake.close();
  });

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
  /** The customer's newest status on the case (what a reply answers). */
  const latestOf = async (caseId: string, handle: string) => {
    const ids = (await mentions()).filter((x) => x.case_id === caseId && x.author.handle === handle).map((x) => BigInt(x.external_id));
    return fake.statuses.find((s) => BigInt(s.id) === ids.reduce((a, b) => (b > a ? b : a)))!;
  };
  const statusPosts = () => fake.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/statuses');

  it('adds a Mastodon connection (mentions, a hashtag, a keyword, a listening query) through the API', async () => {
    const types = (await getJson(h, `/api/v1/brands/${brandId}/connector-types`, manager)).items;
    expect(types.find((t: { type: string }) => t.type === 'mastodon').capabilities).toMatchObject({
      broad: true,
      publicReply: true,
      privateMessage: true,
    });
    const bad = await api(h, 'POST', `/api/v1/brands/${brandId}/connections`, manager, {
      type: 'mastodon',
      config: { instance_url: fake.url, hashtags: ['not a tag!'] },
      secrets: { access_token: fake.token },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('config.hashtags.0');

    const res = await api(h, 'POST', `/api/v1/brands/${brandId}/connections`, manager, {
      type: 'mastodon',
      name: 'Mastodon @romashka',
      config: { instance_url: fake.url, hashtags: ['#пицца'], keywords: ['доставка'] },
      secrets: { access_token: fake.token },
      query: { include: ['Ромашка'] },
    });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json();
    connId = c.id;
    expect(c).toMatchObject({
      type: 'mastodon',
      channel: 'mastodon',
      config: { instance_url: fake.url, hashtags: ['пицца'], keywords: ['доставка'] },
      secrets_set: ['access_token'],
      query: { include: ['Ромашка'] },
      webhook_path: null,
      health: { state: 'new' },
    });
    expect(res.body).not.toContain(fake.token);
  });

  it('polls: mentions of the account always, hashtag and keyword items only when the query matches; cases in the inbox', async () => {
    // A mention of the account without any query term in the text (the account's name need not be one: a brand's
    // account may be @support): addressed to the brand, so it comes in whatever the query says.
    const direct = fake.post(anna, '<p>#kind=constructive <span class="h-card">@support</span> где мой заказ?</p>', { mentionsMe: true });
    // Hashtag items: an inflected form passes, one without the brand is skipped.
    const inflected = fake.post(boris, '<p>#kind=constructive Заказал в Ромашке <a href="#">#пицца</a>, привезли холодную</p>', { tags: ['пицца'] });
    const unrelated = fake.post(chris, '<p>Лучшая <a href="#">#пицца</a> у нас дома</p>', { tags: ['пицца'] });
    // Keyword search: a transliterated form passes, one without the brand is skipped.
    const latin = fake.post(chris, '<p>#kind=impulsive Romashka доставка опять опоздала</p>');
    const other = fake.post(anna, '<p>доставка цветов на дом</p>');
    // The brand's own status found by the keyword: not a mention.
    fake.post(fake.me, '<p>Ромашка: доставка работает до полуночи</p>');

    const [out] = await poll();
    expect(out).toMatchObject({ connection_id: connId, created: 3, duplicates: 0, skipped: 2, error: null });
    expect(new Set(out!.items.map((i) => [i.external_id, i.status].join(' ')))).toEqual(
      new Set([`${direct.id} created`, `${inflected.id} created`, `${latin.id} created`, `${unrelated.id} skipped`, `${other.id} skipped`]),
    );

    const [m] = await mentionOf(direct.id);
    expect(m).toMatchObject({
      text: '#kind=constructive @support где мой заказ?',
      link: direct.url,
      public: true,
      author: { handle: '@anna' },
    });
    expect((await h.container.store.repos.mentions.findById(m!.id))!.extra).toMatchObject({
      connection_id: connId,
      status_id: direct.id,
      acct: 'anna',
    });
    expect((await mentionOf(inflected.id))[0]!.author.handle).toBe('@boris@social.test');
    expect(await mentionOf(unrelated.id)).toEqual([]);
    expect(await mentionOf(other.id)).toEqual([]);
    expect(await cases()).toHaveLength(3);
    expect((await mentions()).every((x) => x.case_id !== null)).toBe(true);
    expect(await health()).toMatchObject({ state: 'ok', failures: 0, last_error: null });

    // The items left out are kept for the listening preview, unmatched.
    const recent = await h.container.store.repos.connections.recentItems(brandId, 50);
    expect(recent.find((i) => i.externalId === unrelated.id)?.matched).toBe(false);

    // Nothing new: the next poll creates nothing.
    await due();
    expect((await poll()).map((o) => [o.created, o.duplicates, o.error])).toEqual([[0, 0, null]]);
  });

  it("a reply to a status joins the status's case (in_reply_to)", async () => {
    const root = fake.post(anna, '<p>#kind=constructive @romashka курьер не приехал</p>', { mentionsMe: true });
    await due();
    expect((await poll())[0]).toMatchObject({ created: 1, error: null });
    const [parent] = await mentionOf(root.id);
    const before = (await cases()).length;

    // Another customer answers in the thread, through the hashtag, with the brand's name in the instrumental case.
    const reply = fake.post(boris, '<p>#kind=constructive И у меня с Ромашкой то же самое <a href="#">#пицца</a></p>', {
      inReplyTo: root,
      tags: ['пицца'],
    });
    // And the first customer again, mentioning the account.
    const again = fake.post(anna, '<p>@romashka уже час жду</p>', { inReplyTo: root, mentionsMe: true });
    await due();
    expect((await poll())[0]).toMatchObject({ created: 2, error: null });
    const [r1] = await mentionOf(reply.id);
    const [r2] = await mentionOf(again.id);
    expect(r1).toMatchObject({ in_reply_to: root.id, case_id: parent!.case_id });
    expect(r2).toMatchObject({ in_reply_to: root.id, case_id: parent!.case_id });
    expect(await cases()).toHaveLength(before);
  });

  it('a restart mid-poll (mentions stored, cursor not) duplicates nothing', async () => {
    const s = fake.post(chris, '<p>#kind=constructive @romashka refund please</p>', { mentionsMe: true });
    const t = fake.post(boris, '<p>#kind=idea Ромашка, добавьте веганскую #пицца</p>', { tags: ['пицца'] });
    const spy = vi.spyOn(h.container.store.repos.connections, 'saveCursor').mockRejectedValueOnce(new Error('killed before the cursor was saved'));
    await due();
    const [crashed] = await poll();
    spy.mockRestore();
    expect(crashed).toMatchObject({ created: 2, error: 'killed before the cursor was saved' });
    const casesAfterCrash = (await cases()).length;

    // The next round reads from the old cursor: the same statuses come again and are recognised.
    await due();
    const [redo] = await poll();
    expect(redo).toMatchObject({ created: 0, duplicates: 2, error: null });
    expect(await mentionOf(s.id)).toHaveLength(1);
    expect(await mentionOf(t.id)).toHaveLength(1);
    expect(await cases()).toHaveLength(casesAfterCrash);
    await due();
    expect((await poll()).map((o) => [o.created, o.duplicates])).toEqual([[0, 0]]);
  });

  it('a server answering 500 for several polls: the error in health, one notification; recovery clears it', async () => {
    const before = (await failingNotices()).length;
    for (let i = 1; i <= 3; i++) {
      fake.fail({ kind: 'say', status: 500, error: 'Internal Server Error' });
      await due();
      const [o] = await poll();
      expect(o!.error).toBe('Mastodon notifications failed (500: Internal Server Error)');
      expect(await health()).toMatchObject({ state: 'failing', failures: i, last_error: o!.error });
    }
    const notices = await failingNotices();
    expect(notices).toHaveLength(before + 1);
    expect(notices[0]!.data).toMatchObject({
      connection_id: connId,
      type: 'mastodon',
      error: 'Mastodon notifications failed (500: Internal Server Error)',
    });
    expect(JSON.stringify(notices)).not.toContain(fake.token);

    const late = fake.post(anna, '<p>#kind=constructive @romashka вы где?</p>', { mentionsMe: true });
    await due();
    expect((await poll())[0]).toMatchObject({ created: 1, error: null });
    expect(await health()).toMatchObject({ state: 'ok', failures: 0 });
    expect(await mentionOf(late.id)).toHaveLength(1);
    expect(await failingNotices()).toHaveLength(before + 1);
    // A wrong token is a failure too, and a new spell: told once more.
    fake.fail({ kind: 'auth' });
    await due();
    expect((await poll())[0]!.error).toMatch(/^Mastodon refused the access token on notifications \(401/);
    expect(await failingNotices()).toHaveLength(before + 2);
    await due();
    expect((await poll())[0]).toMatchObject({ error: null });
  });

  it('a reply sent on the desk is a status in the thread: in_reply_to_id = the customer’s latest status, text starting with @acct', async () => {
    // Anna's thread: her first status, Boris's answer, her "уже час жду" and "вы где?" — the reply answers her latest.
    const root = fake.statuses.find((s) => s.content.includes('курьер не приехал'))!;
    const [m] = await mentionOf(root.id);
    const latest = await latestOf(m!.case_id!, '@anna');
    expect(latest.id).not.toBe(root.id);
    const before = statusPosts().length;
    const res = await api(h, 'POST', `/api/v1/cases/${m!.case_id}/replies`, responder, {
      body: 'Анна, простите за ожидание: курьер будет у вас через 15 минут.',
      send: true,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ status: 'sending', delivery: { channel: 'connector:mastodon', status: 'pending' } });
    while ((await h.runJobs()) > 0);

    const calls = statusPosts().slice(before);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.params).toMatchObject({ in_reply_to_id: latest.id, visibility: 'public' });
    expect(String(calls[0]!.params.status)).toBe('@anna Анна, простите за ожидание: курьер будет у вас через 15 минут.');
    expect(calls[0]!.headers['idempotency-key']).toBe(`defuse-${res.json().id}`);
    const published = fake.posted().at(-1)!;
    expect(published).toMatchObject({ in_reply_to_id: latest.id, visibility: 'public' });
    const [reply] = await repliesOf(m!.case_id!);
    expect(reply).toMatchObject({
      status: 'sent',
      delivery: { channel: 'connector:mastodon', status: 'delivered', external_id: published.id, link: published.url },
    });

    // The brand's own status found again by a broad source is not a mention.
    await due();
    expect((await poll())[0]).toMatchObject({ created: 0, error: null });
  });

  it('going private: the short public reply in the thread and a direct status to the customer', async () => {
    const inflected = fake.statuses.find((s) => s.content.includes('Заказал в Ромашке'))!;
    const [m] = await mentionOf(inflected.id);
    const before = statusPosts().length;
    const res = await api(h, 'POST', `/api/v1/cases/${m!.case_id}/go-private`, responder, {
      private_body: 'Борис, спасибо, что написали, и простите за холодную пиццу. Пришлите, пожалуйста, номер заказа: вернём деньги.',
    });
    expect(res.statusCode, res.body).toBe(201);
    while ((await h.runJobs()) > 0);
    const calls = statusPosts().slice(before);
    expect(calls).toHaveLength(2);
    const pub = calls.find((c) => c.params.visibility === 'public')!;
    const dm = calls.find((c) => c.params.visibility === 'direct')!;
    expect(pub.params).toMatchObject({ in_reply_to_id: (await latestOf(m!.case_id!, '@boris@social.test')).id });
    expect(String(pub.params.status)).toMatch(/^@boris@social\.test /);
    expect(String(dm.params.status)).toBe(
      '@boris@social.test Борис, спасибо, что написали, и простите за холодную пиццу. Пришлите, пожалуйста, номер заказа: вернём деньги.',
    );
    // A direct message does not answer the public status (it would show the thread to the customer's followers).
    expect(dm.params.in_reply_to_id).toBeUndefined();
    const replies = await repliesOf(m!.case_id!);
    expect(replies.map((r) => [r.visibility, r.status, r.delivery?.channel]).sort()).toEqual([
      ['private', 'sent', 'connector:mastodon'],
      ['public', 'sent', 'connector:mastodon'],
    ]);
    const direct = fake.posted().find((s) => s.visibility === 'direct')!;
    expect(replies.find((r) => r.visibility === 'private')!.delivery!.external_id).toBe(direct.id);
  });
});

/**
 * Telegram in webhook mode through the whole stack, on both databases: a connection added through the API with
 * `webhook: true` makes the service call setWebhook on the local fake Bot API (test/support/fakes/telegram-api.ts)
 * with the desk's public URL (DEFUSE_PUBLIC_URL + the hook path) and the connection's secret; the fake then pushes
 * its updates to `POST /api/v1/hooks/connections/:id` as Telegram does (a real HTTP request, through a local server
 * in front of the app), and they become mentions and cases; a re-sent update duplicates nothing; a wrong or missing
 * secret is refused (404) and stores nothing; pausing deletes the webhook and resuming sets it again with a new
 * secret; switching back to polling deletes it and getUpdates works; removing the connection deletes it; a refused
 * setWebhook adds nothing and says why.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from './support/databases.js';
import { type FakeTelegram, startFakeTelegram, type TgChat, type TgUser } from './support/fakes/telegram-api.js';
import { type Harness, OPERATOR, type SignedIn, startHarness } from './support/harness.js';
import { api, getJson } from './support/requests.js';
import { ScriptedClassifier } from './support/scripted-classifier.js';

const group: TgChat = { id: -1001234567890, type: 'supergroup', title: 'Ромашка: отзывы', username: 'romashka_chat' };
const masha: TgUser = { id: 4001, is_bot: false, first_name: 'Маша', last_name: 'Иванова', username: 'masha' };
const fedor: TgUser = { id: 4002, is_bot: false, first_name: 'Фёдор' };

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

describe.each(DIALECTS)('channels: Telegram webhook through the whole stack on %s', (dialect) => {
  let h: Harness;
  let tg: FakeTelegram;
  let front: Server;
  let publicUrl = '';
  let brandId: string;
  let manager: SignedIn;
  let managerId: string;
  let connId: string;
  let secret: string;

  beforeAll(async () => {
    tg = await startFakeTelegram();
    // The desk's public address: a real HTTP server handing each request to the app (the fake Bot API posts to it).
    front = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const headers: Record<string, string> = {};
        for (const k of ['content-type', 'x-telegram-bot-api-secret-token', 'x-defuse-hook-secret'])
          if (typeof req.headers[k] === 'string') headers[k] = req.headers[k];
        void h.app
          .inject({ method: req.method as 'POST', url: req.url ?? '/', headers, payload: Buffer.concat(chunks) })
          .then((r) => res.writeHead(r.statusCode, { 'content-type': 'application/json' }).end(r.body));
      });
    });
    await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
    publicUrl = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;
    h = await startHarness(
      dialect,
      { DEFUSE_SECRET_KEY: randomBytes(32).toString('base64'), DEFUSE_PUBLIC_URL: `${publicUrl}/` },
      new ScriptedClassifier(),
    );
    h.clock.set('2026-12-02T10:00:00.000Z');
    brandId = await h.createBrand('romashka-tg');
    managerId = await h.createUser('manager@romashka.test', brandId, 'manager');
    manager = await h.login('manager@romashka.test');
  });
  afterAll(async () => {
    await h.close();
    await h.db.drop();
    await tg.close();
    front.closeAllConnections();
    await new Promise<void>((resolve) => front.close(() => resolve()));
  });

  const hookUrl = (id: string) => `${publicUrl}/api/v1/hooks/connections/${id}`;
  const mentions = async (): Promise<MentionView[]> => (await getJson(h, `/api/v1/mentions?brand=${brandId}&limit=100`, manager)).items;
  const mentionOf = async (externalId: string) => (await mentions()).filter((m) => m.external_id === externalId);
  const cases = async (): Promise<{ id: string }[]> => (await getJson(h, `/api/v1/cases?brand=${brandId}`, manager)).items;
  const push = (id: string, body: unknown, headers: Record<string, string>) =>
    h.app.inject({ method: 'POST', url: `/api/v1/hooks/connections/${id}`, headers, payload: body as object });
  const called = (method: string) => tg.requests.filter((r) => r.path.endsWith(`/${method}`)).length;
  const health = async () => (await h.container.channels.get(OPERATOR, brandId, connId)).health;
  const pollWhenDue = async () => {
    h.clock.set(new Date((await health()).next_poll_at as string));
    return h.container.channels.pollDue(h.clock.now(), { brandId });
  };
  const failingNotices = async () =>
    (await h.container.store.repos.notifications.forUser(managerId, { unreadOnly: false, limit: 100, brandIds: [brandId] })).filter(
      (n) => n.type === 'channel.failing',
    );
  const settle = async () => {
    while ((await h.runJobs()) > 0);
  };

  it('a setWebhook that Telegram refuses adds nothing and says why', async () => {
    tg.fail({ kind: 'say', code: 400, description: 'Bad Request: bad webhook: An HTTPS URL must be provided for webhook' });
    const res = await api(h, 'POST', `/api/v1/brands/${brandId}/connections`, manager, {
      type: 'telegram',
      config: { api_root: tg.url, webhook: true },
      secrets: { bot_token: tg.token },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ field: 'config.webhook' });
    expect(res.json().error.message).toContain('An HTTPS URL must be provided');
    expect(res.body).not.toContain(tg.token);
    expect((await getJson(h, `/api/v1/brands/${brandId}/connections`, manager)).items).toEqual([]);
    expect(tg.webhook()).toBeNull();
  });

  it('adding a connection in webhook mode sets the webhook to the public URL with the secret', async () => {
    const res = await api(h, 'POST', `/api/v1/brands/${brandId}/connections`, manager, {
      type: 'telegram',
      name: 'Telegram bot',
      config: { api_root: tg.url, webhook: true },
      secrets: { bot_token: tg.token },
    });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json();
    connId = c.id;
    secret = c.webhook_secret;
    expect(secret).toMatch(/^[\w-]{20,}$/);
    expect(c).toMatchObject({ type: 'telegram', config: { webhook: true }, webhook_path: `/api/v1/hooks/connections/${c.id}` });
    expect(tg.webhook()).toEqual({ url: hookUrl(c.id), secret_token: secret });
    expect(res.body).not.toContain(tg.token);
  });

  it("the pushed updates become mentions and cases; a re-sent update duplicates nothing; a reply joins its message's case", async () => {
    const first = tg.groupMessage(group, masha, '#kind=constructive Ромашка, где мой заказ? Жду второй час');
    const dm = tg.privateMessage(fedor, '#kind=constructive Здравствуйте, у меня списали деньги дважды');
    expect(await tg.deliverWebhook()).toEqual([200, 200]);
    expect(tg.pending()).toEqual([]);
    await settle();

    const [g] = await mentionOf(`${group.id}:${first.message_id}`);
    expect(g).toMatchObject({
      text: '#kind=constructive Ромашка, где мой заказ? Жду второй час',
      link: `https://t.me/romashka_chat/${first.message_id}`,
      public: true,
      author: { handle: '@masha' },
    });
    expect((await h.container.store.repos.mentions.findById(g!.id))!.extra).toMatchObject({
      connection_id: connId,
      chat_id: group.id,
      message_id: first.message_id,
      user_id: masha.id,
    });
    const [p] = await mentionOf(`${fedor.id}:${dm.message_id}`);
    expect(p).toMatchObject({ public: false, author: { handle: `id:${fedor.id}` }, link: null });
    expect(await cases()).toHaveLength(2);

    // Telegram re-sends an update it did not hear an answer to: nothing new.
    const again = await push(connId, { update_id: 1, message: first }, { 'x-telegram-bot-api-secret-token': secret });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ created: 0, duplicates: 1, skipped: 0 });
    expect(await mentionOf(`${group.id}:${first.message_id}`)).toHaveLength(1);

    // Another member answers Masha's message: the same case.
    const answer = tg.groupMessage(group, fedor, '#kind=constructive И у меня то же самое', first);
    expect(await tg.deliverWebhook()).toEqual([200]);
    await settle();
    const [a] = await mentionOf(`${group.id}:${answer.message_id}`);
    expect(a).toMatchObject({ in_reply_to: `${group.id}:${first.message_id}`, case_id: g!.case_id });
    expect(await cases()).toHaveLength(2);
  });

  it('a reply sent on the desk is published in the group while the webhook is set (sendMessage answering the message)', async () => {
    const first = tg.sent.length;
    const [g] = (await mentions()).filter((m) => m.author.handle === '@masha');
    const res = await api(h, 'POST', `/api/v1/cases/${g!.case_id}/replies`, manager, {
      body: 'Маша, простите за ожидание! Заказ уже в пути, курьер будет через 10 минут.',
      send: true,
    });
    expect(res.statusCode, res.body).toBe(201);
    await settle();
    const sent = tg.sent.slice(first);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ chat: { id: group.id }, text: 'Маша, простите за ожидание! Заказ уже в пути, курьер будет через 10 минут.' });
    expect(sent[0]!.reply_to_message?.from?.id).toBe(masha.id);
    const [reply] = (await getJson(h, `/api/v1/cases/${g!.case_id}/replies`, manager)).items;
    expect(reply).toMatchObject({ status: 'sent', delivery: { channel: 'connector:telegram', external_id: `${group.id}:${sent[0]!.message_id}` } });
  });

  it('a wrong or missing secret is refused (404) and stores nothing', async () => {
    const before = (await mentions()).length;
    const m = tg.groupMessage(group, masha, '#kind=impulsive это не должно попасть');
    const update = tg.pending().at(-1)!;
    const attempts: Record<string, string>[] = [
      { 'x-telegram-bot-api-secret-token': 'wrong-secret' },
      {},
      { 'x-telegram-bot-api-secret-token': `${secret}x` },
    ];
    for (const headers of attempts) {
      const res = await push(connId, update, headers);
      expect(res.statusCode).toBe(404);
    }
    // The right secret on another connection's path is refused too.
    expect((await push('01JUNKNOWNCONNECTION', update, { 'x-telegram-bot-api-secret-token': secret })).statusCode).toBe(404);
    await settle();
    expect(await mentions()).toHaveLength(before);
    expect(await mentionOf(`${group.id}:${m.message_id}`)).toEqual([]);
    // Telegram pushes it again with the secret: taken, once; the generic header is read as well.
    expect(await tg.deliverWebhook()).toEqual([200]);
    await settle();
    expect(await mentionOf(`${group.id}:${m.message_id}`)).toHaveLength(1);
    expect((await push(connId, update, { 'x-defuse-hook-secret': secret })).json()).toEqual({ created: 0, duplicates: 1, skipped: 0 });
  });

  it('a poll round does not call getUpdates while the webhook is set: it asks Telegram how the pushes go', async () => {
    const before = { updates: called('getUpdates'), info: called('getWebhookInfo') };
    const [o] = await h.container.channels.pollDue(h.clock.now(), { brandId });
    expect(o).toMatchObject({ connection_id: connId, created: 0, error: null });
    expect(called('getUpdates')).toBe(before.updates);
    expect(called('getWebhookInfo')).toBe(before.info + 1);
    expect((await health()).state).toBe('ok');
  });

  it('pushes Telegram cannot deliver show in the health (once notified); a webhook dropped elsewhere too; resuming sets it again', async () => {
    const notified = (await failingNotices()).length;
    // Another installation took over the secret: Telegram's pushes are refused.
    tg.setWebhookState({ url: hookUrl(connId), secret_token: 'stale-secret-of-another-install' });
    const lost = tg.groupMessage(group, masha, '#kind=constructive сообщение, которое не дошло');
    expect(await tg.deliverWebhook()).toEqual([404]);
    const [o] = await pollWhenDue();
    expect(o!.error).toBe(
      'Telegram cannot deliver updates to the webhook: Wrong response from the webhook: 404 Not Found (1 waiting); check DEFUSE_PUBLIC_URL and that the desk is reachable over HTTPS',
    );
    expect(await health()).toMatchObject({ state: 'failing', failures: 1, last_error: o!.error });
    // Then someone deletes the webhook: the same failing spell, with what to do.
    tg.setWebhookState(null);
    const [o2] = await pollWhenDue();
    expect(o2!.error).toMatch(/^Telegram has no webhook set for this bot .*pause and resume the connection/);
    expect(await failingNotices()).toHaveLength(notified + 1);
    expect(JSON.stringify(await failingNotices())).not.toContain(tg.token);

    // Pause and resume: the webhook is set again (a fresh secret), the waiting update arrives, the health recovers.
    await api(h, 'PATCH', `/api/v1/brands/${brandId}/connections/${connId}`, manager, { status: 'paused' });
    await api(h, 'PATCH', `/api/v1/brands/${brandId}/connections/${connId}`, manager, { status: 'active' });
    expect(tg.webhook()?.url).toBe(hookUrl(connId));
    expect(await tg.deliverWebhook()).toEqual([200]);
    await settle();
    expect(await mentionOf(`${group.id}:${lost.message_id}`)).toHaveLength(1);
    const [o3] = await pollWhenDue();
    expect(o3).toMatchObject({ error: null });
    expect(await health()).toMatchObject({ state: 'ok', failures: 0 });
    secret = tg.webhook()!.secret_token!;
  });

  it('pausing deletes the webhook; resuming sets it again with a new secret (the old one is refused)', async () => {
    const paused = await api(h, 'PATCH', `/api/v1/brands/${brandId}/connections/${connId}`, manager, { status: 'paused' });
    expect(paused.statusCode, paused.body).toBe(200);
    expect(tg.webhook()).toBeNull();

    const resumed = await api(h, 'PATCH', `/api/v1/brands/${brandId}/connections/${connId}`, manager, { status: 'active' });
    expect(resumed.statusCode, resumed.body).toBe(200);
    const hook = tg.webhook()!;
    expect(hook.url).toBe(hookUrl(connId));
    expect(hook.secret_token).toMatch(/^[\w-]{20,}$/);
    expect(hook.secret_token).not.toBe(secret);
    const m = tg.groupMessage(group, fedor, '#kind=constructive после паузы');
    expect((await push(connId, tg.pending().at(-1), { 'x-telegram-bot-api-secret-token': secret })).statusCode).toBe(404);
    expect(await tg.deliverWebhook()).toEqual([200]);
    await settle();
    expect(await mentionOf(`${group.id}:${m.message_id}`)).toHaveLength(1);
    secret = hook.secret_token!;
  });

  it('switching back to polling deletes the webhook and getUpdates brings the updates', async () => {
    const res = await api(h, 'PATCH', `/api/v1/brands/${brandId}/connections/${connId}`, manager, { config: { api_root: tg.url, webhook: false } });
    expect(res.statusCode, res.body).toBe(200);
    expect(tg.webhook()).toBeNull();
    const m = tg.groupMessage(group, masha, '#kind=constructive теперь опросом');
    const [o] = await h.container.channels.pollDue(h.clock.now(), { brandId });
    expect(o).toMatchObject({ created: 1, error: null });
    await settle();
    expect(await mentionOf(`${group.id}:${m.message_id}`)).toHaveLength(1);

    // And on again.
    await api(h, 'PATCH', `/api/v1/brands/${brandId}/connections/${connId}`, manager, { config: { api_root: tg.url, webhook: true } });
    expect(tg.webhook()?.url).toBe(hookUrl(connId));
  });

  it('removing a connection in webhook mode deletes the webhook; its mentions stay', async () => {
    const count = (await mentions()).length;
    expect((await api(h, 'DELETE', `/api/v1/brands/${brandId}/connections/${connId}`, manager)).statusCode).toBe(204);
    expect(tg.webhook()).toBeNull();
    expect(await mentions()).toHaveLength(count);
    expect((await push(connId, { update_id: 9 }, { 'x-telegram-bot-api-secret-token': secret })).statusCode).toBe(404);
  });
});

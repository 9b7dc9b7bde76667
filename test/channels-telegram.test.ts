/**
 * Telegram through the whole stack, on both databases: a bot connection added
 * through the API and polled from the local fake Bot API; group messages
 * become mentions and cases; a restart mid-poll (mentions stored, cursor not)
 * duplicates nothing; a reply written on the desk is published by the
 * connector (the job queue's `reply.deliver`) in the right chat, answering
 * the customer's message; going private publishes the short public reply in
 * the group and the private message to the user; a private message Telegram
 * refuses (403: the user never wrote to the bot) fails that reply at once and
 * tells its author, not the public one; a paused connection's replies wait to
 * be posted by hand; a case on RSS (no `send`: answered by hand) tells the
 * desk a private message cannot be sent there, and its call-back keeps it open.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type FakeTelegram, startFakeTelegram, type TgChat, type TgUser } from './support/fakes/telegram-api.js';
import { DIALECTS } from './support/databases.js';
import { type Harness, type SignedIn, startHarness } from './support/harness.js';
import { buildMention } from './support/factories.js';
import { api, getJson, ingestOne } from './support/requests.js';
import { ScriptedClassifier } from './support/scripted-classifier.js';

const GROUP: TgChat = { id: -1001234567890, type: 'supergroup', title: 'Pizza lovers', username: 'pizzalovers' };
const ANNA: TgUser = { id: 5001, is_bot: false, first_name: 'Anna', last_name: 'K', username: 'anna_k' };
const BORIS: TgUser = { id: 5002, is_bot: false, first_name: 'Boris', username: 'boris' };
const CARLA: TgUser = { id: 5003, is_bot: false, first_name: 'Carla', username: 'carla' };

interface SentBody {
  chat_id: number;
  text: string;
  reply_parameters?: { message_id: number };
}

describe.each(DIALECTS)('channels: Telegram through the whole stack on %s', (dialect) => {
  let h: Harness;
  let tg: FakeTelegram;
  let brandId: string;
  let manager: SignedIn;
  let responder: SignedIn;
  let connectionId: string;

  beforeAll(async () => {
    tg = await startFakeTelegram();
    h = await startHarness(dialect, { DEFUSE_SECRET_KEY: randomBytes(32).toString('base64') }, new ScriptedClassifier());
    brandId = await h.createBrand('pizza');
    await h.createUser('manager@pizza.test', brandId, 'manager');
    await h.createUser('responder@pizza.test', brandId, 'responder');
    manager = await h.login('manager@pizza.test');
    responder = await h.login('responder@pizza.test');
  });
  afterAll(async () => {
    await h.close();
    await h.db.drop();
    await tg.close();
  });

  const mentionOf = async (externalId: string) => {
    const all = (await getJson(h, `/api/v1/mentions?brand=${brandId}&limit=100`, manager)).items as Array<{
      id: string;
      external_id: string;
      case_id: string | null;
    }>;
    return all.filter((m) => m.external_id === externalId);
  };
  const caseByText = async (text: string) => {
    const all = (await getJson(h, `/api/v1/mentions?brand=${brandId}&limit=100`, manager)).items as Array<{ text: string; case_id: string | null }>;
    const caseId = all.find((m) => m.text.includes(text))?.case_id;
    expect(caseId, text).toBeTruthy();
    return caseId!;
  };
  const sendMessages = () => tg.requests.filter((r) => r.path.endsWith('/sendMessage')).map((r) => r.json as SentBody);
  const repliesOf = async (caseId: string) =>
    (await getJson(h, `/api/v1/cases/${caseId}/replies`, manager)).items as Array<{
      id: string;
      status: string;
      visibility: string;
      delivery: { channel: string; status: string; error: string | null; external_id: string | null; link: string | null } | null;
    }>;
  const drain = async () => {
    while ((await h.runJobs()) > 0);
  };

  it('adds a Telegram connection through the API; group messages become mentions and cases', async () => {
    const res = await api(h, 'POST', `/api/v1/brands/${brandId}/connections`, manager, {
      type: 'telegram',
      name: 'Support bot',
      config: { api_root: tg.url },
      secrets: { bot_token: tg.token },
    });
    expect(res.statusCode, res.body).toBe(201);
    connectionId = res.json().id;
    expect(res.json()).toMatchObject({ channel: 'telegram', secrets_set: ['bot_token'] });
    expect(res.body).not.toContain(tg.token);

    tg.groupMessage(GROUP, ANNA, '#kind=constructive My pizza came cold, order 5512');
    tg.groupMessage(GROUP, BORIS, '#kind=constructive The courier never rang the bell');
    const round = await h.container.channels.pollDue();
    expect(round.map((o) => [o.connection_id, o.created, o.duplicates, o.error])).toEqual([[connectionId, 2, 0, null]]);
    await drain();
    const [anna] = await mentionOf(`${GROUP.id}:101`);
    expect(anna?.case_id).toBeTruthy();
    expect((await getJson(h, `/api/v1/cases?brand=${brandId}`, manager)).items).toHaveLength(2);
  });

  it('a restart mid-poll (mentions stored, cursor not) duplicates nothing', async () => {
    tg.groupMessage(GROUP, CARLA, '#kind=constructive Where is my refund?');
    const spy = vi.spyOn(h.container.store.repos.connections, 'saveCursor').mockRejectedValueOnce(new Error('killed before the cursor was saved'));
    h.clock.advance(5 * 60_000);
    const crashed = await h.container.channels.pollDue();
    spy.mockRestore();
    expect(crashed[0]).toMatchObject({ created: 1, error: 'killed before the cursor was saved' });
    // Telegram still holds the updates (the offset did not move): the next round gets them all again.
    expect(tg.pending()).toHaveLength(1);
    h.clock.advance(60 * 60_000);
    const redo = await h.container.channels.pollDue();
    expect(redo.map((o) => [o.created, o.duplicates, o.error])).toEqual([[0, 1, null]]);
    expect(await mentionOf(`${GROUP.id}:103`)).toHaveLength(1);
    await drain();
    expect((await getJson(h, `/api/v1/cases?brand=${brandId}`, manager)).items).toHaveLength(3);
  });

  it('a reply written on the desk is published in the group, answering the customer’s message; its id and link are kept', async () => {
    const [anna] = await mentionOf(`${GROUP.id}:101`);
    // The desk knows the reply is published on the channel, publicly and privately.
    expect(await getJson(h, `/api/v1/cases/${anna!.case_id}`, manager)).toMatchObject({ delivery: 'channel', private_delivery: 'channel' });
    const before = sendMessages().length;
    const res = await api(h, 'POST', `/api/v1/cases/${anna!.case_id}/replies`, responder, {
      body: 'Sorry about the cold pizza, Anna. We have refunded order 5512 today.',
      send: true,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ status: 'sending', delivery: { channel: 'connector:telegram', status: 'pending' } });
    await drain();

    const sent = sendMessages().slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ chat_id: GROUP.id, reply_parameters: { message_id: 101 } });
    expect(sent[0]!.text).toContain('refunded order 5512');
    const published = tg.sent.at(-1)!;
    expect(published.reply_to_message?.message_id).toBe(101);

    const [reply] = await repliesOf(anna!.case_id!);
    expect(reply).toMatchObject({
      status: 'sent',
      delivery: {
        channel: 'connector:telegram',
        status: 'delivered',
        external_id: `${GROUP.id}:${published.message_id}`,
        link: `https://t.me/pizzalovers/${published.message_id}`,
      },
    });
    expect((await getJson(h, `/api/v1/cases/${anna!.case_id}`, manager)).status).toBe('replied');
    const events = (await getJson(h, `/api/v1/cases/${anna!.case_id}/timeline`, manager)).items as Array<{
      type: string;
      data: Record<string, unknown>;
    }>;
    expect(events.find((e) => e.type === 'reply_sent')?.data).toMatchObject({
      via: 'connector:telegram',
      link: `https://t.me/pizzalovers/${published.message_id}`,
    });
  });

  it('going private: the short public reply in the group AND the private message to the user', async () => {
    // Boris wrote to the bot before (a private chat), so the bot may write to him.
    tg.privateMessage(BORIS, 'hello bot');
    const [boris] = await mentionOf(`${GROUP.id}:102`);
    const before = sendMessages().length;
    const res = await api(h, 'POST', `/api/v1/cases/${boris!.case_id}/go-private`, responder, {
      private_body: 'Thank you, Boris. Please send us your address and the time of the order: our shift lead Mara has your case.',
    });
    expect(res.statusCode, res.body).toBe(201);
    await drain();
    const sent = sendMessages().slice(before);
    expect(sent).toHaveLength(2);
    const pub = sent.find((s) => s.chat_id === GROUP.id)!;
    const priv = sent.find((s) => s.chat_id === BORIS.id)!;
    expect(pub).toMatchObject({ reply_parameters: { message_id: 102 } });
    expect(priv.text).toContain('address and the time');
    expect(priv.reply_parameters).toBeUndefined();
    const replies = await repliesOf(boris!.case_id!);
    expect(replies.map((r) => [r.visibility, r.status, r.delivery?.channel]).sort()).toEqual([
      ['private', 'sent', 'connector:telegram'],
      ['public', 'sent', 'connector:telegram'],
    ]);
    expect(replies.find((r) => r.visibility === 'private')!.delivery!.external_id).toMatch(new RegExp(`^${BORIS.id}:`));
  });

  it('a private message Telegram refuses (403) fails that reply at once and tells its author; the public one is sent', async () => {
    // Carla never wrote to the bot.
    const [carla] = await mentionOf(`${GROUP.id}:103`);
    const res = await api(h, 'POST', `/api/v1/cases/${carla!.case_id}/go-private`, responder, {
      private_body: 'Thank you, Carla. The refund for your order went out today; it will reach your card by Friday.',
    });
    expect(res.statusCode, res.body).toBe(201);
    const privateCalls = () => sendMessages().filter((s) => s.chat_id === CARLA.id).length;
    await drain();
    const replies = await repliesOf(carla!.case_id!);
    const pub = replies.find((r) => r.visibility === 'public')!;
    const priv = replies.find((r) => r.visibility === 'private')!;
    expect(pub.status).toBe('sent');
    expect(priv.status).toBe('failed');
    expect(priv.delivery!.error).toContain('wrote to it first');
    expect(privateCalls()).toBe(1); // permanent: no retry
    h.clock.advance(60 * 60_000);
    await drain();
    expect(privateCalls()).toBe(1);

    const notes = (await getJson(h, '/api/v1/notifications', responder)).items as Array<{ type: string; data: Record<string, unknown> }>;
    const failed = notes.filter((n) => n.type === 'reply.failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.data).toMatchObject({ reply_id: priv.id });
    expect(String(failed[0]!.data.error)).toContain('wrote to it first');
  });

  it('a retryable failure (Telegram 502) is retried by the job queue and published once', async () => {
    tg.groupMessage(GROUP, ANNA, '#kind=constructive And the drinks were missing too');
    h.clock.advance(60 * 60_000);
    await h.container.channels.pollDue();
    await drain();
    const caseId = await caseByText('drinks were missing');
    tg.fail({ kind: 'server' });
    const before = sendMessages().length;
    const written = await api(h, 'POST', `/api/v1/cases/${caseId}/replies`, responder, {
      body: 'Sorry, Anna: the drinks are on their way.',
      send: true,
    });
    const replyOf = async () => (await repliesOf(caseId)).find((r) => r.id === written.json().id);
    await drain();
    let reply = await replyOf();
    expect(reply).toMatchObject({ status: 'sending', delivery: { status: 'pending' } });
    expect(reply!.delivery!.error).toContain('502');
    h.clock.advance(10 * 60_000);
    await drain();
    reply = await replyOf();
    expect(reply!.status).toBe('sent');
    expect(tg.sent.filter((s) => s.text === 'Sorry, Anna: the drinks are on their way.')).toHaveLength(1);
    expect(sendMessages().length - before).toBe(2); // the failed call and the retry
  });

  it('a paused connection: the reply waits to be posted by hand (copy, "I posted it"), never lost', async () => {
    tg.groupMessage(GROUP, BORIS, '#kind=constructive Still no answer about my order');
    h.clock.advance(60 * 60_000);
    await h.container.channels.pollDue();
    await drain();
    const caseId = await caseByText('Still no answer');
    expect((await api(h, 'PATCH', `/api/v1/brands/${brandId}/connections/${connectionId}`, manager, { status: 'paused' })).statusCode).toBe(200);
    expect(await getJson(h, `/api/v1/cases/${caseId}`, manager)).toMatchObject({ delivery: 'manual', private_delivery: 'manual' });
    const before = sendMessages().length;
    const res = await api(h, 'POST', `/api/v1/cases/${caseId}/replies`, responder, {
      body: 'Sorry, Boris: the courier will call you before 18:00 today.',
      send: true,
    });
    expect(res.json()).toMatchObject({ status: 'ready', delivery: { channel: 'manual', status: 'awaiting_manual' } });
    await drain();
    expect(sendMessages().length).toBe(before);
    expect((await api(h, 'POST', `/api/v1/replies/${res.json().id}/posted`, responder, {})).json()).toMatchObject({ status: 'sent' });
    expect((await api(h, 'PATCH', `/api/v1/brands/${brandId}/connections/${connectionId}`, manager, { status: 'active' })).statusCode).toBe(200);
  });

  it('a reply queued while the connection was active, then paused before it went: posted by hand, not lost', async () => {
    const caseId = await caseByText('Still no answer');
    const res = await api(h, 'POST', `/api/v1/cases/${caseId}/replies`, responder, { body: 'Boris, the courier is on his way now.', send: true });
    expect(res.json()).toMatchObject({ status: 'sending', delivery: { channel: 'connector:telegram' } });
    await api(h, 'PATCH', `/api/v1/brands/${brandId}/connections/${connectionId}`, manager, { status: 'paused' });
    const before = sendMessages().length;
    await drain();
    expect(sendMessages().length).toBe(before);
    const reply = (await repliesOf(caseId)).find((r) => r.id === res.json().id)!;
    expect(reply).toMatchObject({ status: 'ready', delivery: { channel: 'manual', status: 'awaiting_manual' } });
    const notes = (await getJson(h, '/api/v1/notifications', responder)).items as Array<{ type: string; data: Record<string, unknown> }>;
    expect(notes.some((n) => n.type === 'reply.ready' && n.data.reply_id === reply.id)).toBe(true);
    await api(h, 'PATCH', `/api/v1/brands/${brandId}/connections/${connectionId}`, manager, { status: 'active' });
  });

  it('RSS (no send) is answered by hand: the desk is told a private message cannot go there, and offers the call-back that keeps the case open', async () => {
    const rss = await api(h, 'POST', `/api/v1/brands/${brandId}/connections`, manager, { type: 'rss', config: { url: `${tg.url}/feed.xml` } });
    expect(rss.statusCode, rss.body).toBe(201);
    const token = await h.createToken(brandId);
    const m = await ingestOne(
      h,
      token,
      buildMention({ channel: 'rss', text: '#kind=constructive Review: the pizza was cold and nobody called back' }),
    );
    await drain();
    const c = await getJson(h, `/api/v1/cases/${m.caseId}`, manager);
    expect(c).toMatchObject({ channel: 'rss', delivery: 'manual', private_delivery: 'manual' });
    const gp = await api(h, 'POST', `/api/v1/cases/${m.caseId}/go-private`, responder, {
      call: { phone: '+373 22 123 456', due_at: new Date(h.clock.now().getTime() + 3_600_000).toISOString() },
    });
    expect(gp.statusCode, gp.body).toBe(201);
    expect(gp.json().public).toMatchObject({ status: 'ready', delivery: { channel: 'manual' } });
    expect((await api(h, 'PATCH', `/api/v1/cases/${m.caseId}`, responder, { status: 'resolved' })).statusCode).toBe(409);
  });
});

/**
 * Going private and call-back tasks, end to end on both databases: the pair
 * (a short public reply and the private message) is checked, reviewed as one
 * decision and delivered with its visibility in the webhook body; on a
 * channel answered by hand both wait to be posted; a call-back task keeps
 * the case from being resolved, counts as its deadline in the inbox, tells
 * its assignee once when it comes due, and is marked done.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/domain/clock.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from './support/databases.js';
import { buildMention } from './support/factories.js';
import { type Harness, openHarness, type SignedIn } from './support/harness.js';
import * as requests from './support/requests.js';
import { ScriptedClassifier } from './support/scripted-classifier.js';

interface Hook {
  event: string;
  reply_id: string;
  text: string;
  private: boolean;
  in_reply_to: string | null;
}

describe.each(DIALECTS)('going private on %s', (dialect) => {
  let db: TestDatabase;
  let h: Harness;
  let clock: ManualClock;
  let brandId: string;
  let token: string;
  let manager: SignedIn;
  let responder: SignedIn;
  let responderId: string;
  let bridge: Server;
  let bridgePort: number;
  const hooks: Hook[] = [];

  const api = (method: requests.Method, url: string, who: SignedIn, payload?: object) => requests.api(h, method, url, who, payload);
  const ingest = (m: object) => requests.ingestOne(h, token, m);
  const timeline = async (caseId: string) =>
    (await api('GET', `/api/v1/cases/${caseId}/timeline`, manager)).json().items as Array<{ type: string; data: Record<string, unknown> }>;
  const notificationsOf = async (who: SignedIn) =>
    (await api('GET', '/api/v1/notifications', who)).json().items as Array<{ type: string; case_id: string; data: Record<string, unknown> }>;
  const inFuture = (hours: number) => new Date(clock.now().getTime() + hours * 3_600_000).toISOString();

  beforeAll(async () => {
    // The brand's integration: records every reply it is asked to post.
    bridge = createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        hooks.push(JSON.parse(raw) as Hook);
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ external_id: `posted-${hooks.length}` }));
      });
    });
    await new Promise<void>((resolve) => bridge.listen(0, '127.0.0.1', resolve));
    bridgePort = (bridge.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => bridge.close(resolve));
  });

  beforeEach(async () => {
    hooks.length = 0;
    db = await createTestDatabase(dialect);
    clock = new ManualClock('2026-12-01T09:00:00Z');
    h = await openHarness(dialect, db, {}, clock, new ScriptedClassifier());
    brandId = await h.createBrand('acme');
    token = await h.createToken(brandId);
    await h.createUser('manager@acme.test', brandId, 'manager');
    responderId = await h.createUser('agent@acme.test', brandId, 'responder');
    manager = await h.login('manager@acme.test');
    responder = await h.login('agent@acme.test');
    const settings = await api('PATCH', `/api/v1/brands/${brandId}/settings`, manager, {
      delivery: { shop: { type: 'webhook', url: `http://127.0.0.1:${bridgePort}/bridge` } },
    });
    expect(settings.statusCode, settings.body).toBe(200);
  });
  afterEach(async () => {
    await h.close();
    await db.drop();
  });

  it('goes private on a delivered channel: the public short reply in the customer’s language and the private message, each with its visibility in the webhook body', async () => {
    const m = await ingest(
      buildMention({ channel: 'shop', external_id: 'post-77', text: '#kind=constructive #lang=ru Списали деньги дважды за заказ 5512!' }),
    );
    const draft = await api('POST', `/api/v1/cases/${m.caseId}/draft`, responder, { going_private: 'message' });
    expect(draft.json()).toMatchObject({ lang: 'ru', findings: [] });
    expect(draft.json().text).toContain('личные сообщения');

    const res = await api('POST', `/api/v1/cases/${m.caseId}/go-private`, responder, {
      private_body:
        'Спасибо, что написали, и простите за двойное списание. Второй платёж за заказ 5512 мы вернули сегодня, деньги придут до 4 декабря.',
    });
    expect(res.statusCode, res.body).toBe(201);
    const pair = res.json();
    expect(pair.public).toMatchObject({ visibility: 'public', status: 'sending', body: draft.json().text });
    expect(pair.private).toMatchObject({ visibility: 'private', status: 'sending' });
    expect(pair.public.pair_id).toBe(pair.public.id);
    expect(pair.private.pair_id).toBe(pair.public.id);
    expect(pair.task).toBeNull();

    await h.runJobs();
    expect(hooks.map((x) => [x.reply_id, x.private]).sort()).toEqual(
      [
        [pair.public.id, false],
        [pair.private.id, true],
      ].sort(),
    );
    expect(hooks.every((x) => x.in_reply_to === 'post-77')).toBe(true);
    expect(hooks.find((x) => x.private)!.text).toContain('4 декабря');
    const replies = (await api('GET', `/api/v1/cases/${m.caseId}/replies`, manager)).json().items;
    expect(replies.map((r: { status: string; visibility: string }) => [r.visibility, r.status]).sort()).toEqual([
      ['private', 'sent'],
      ['public', 'sent'],
    ]);
    expect((await api('GET', `/api/v1/cases/${m.caseId}`, manager)).json().status).toBe('replied');
    const added = (await timeline(m.caseId!)).filter((e) => e.type === 'reply_added');
    expect(added.map((e) => e.data.visibility).sort()).toEqual(['private', 'public']);

    // An ordinary reply stays public; both replies of a pair are checked.
    const refused = await api('POST', `/api/v1/cases/${m.caseId}/go-private`, responder, {
      public_body: 'We apologize for any inconvenience.',
      private_body: 'Thank you, and sorry: the refund went out today.',
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toContain('stock_phrase');
  });

  it('the pair is reviewed as one decision: the case awaits approval until both are approved; sending one back sends back both', async () => {
    await api('PATCH', `/api/v1/brands/${brandId}/members/${responderId}/status`, manager, { new_responder: true });
    const m = await ingest(buildMention({ channel: 'shop', text: '#kind=constructive my card was charged twice' }));
    const body = { private_body: 'Thank you for writing, and sorry about the double charge. We refunded the second payment today.' };
    const first = (await api('POST', `/api/v1/cases/${m.caseId}/go-private`, responder, body)).json();
    expect(first.public.status).toBe('pending_approval');
    expect(first.private.status).toBe('pending_approval');
    expect((await notificationsOf(manager)).filter((n) => n.type === 'reply.approval_requested')).toHaveLength(1);

    const back = await api('POST', `/api/v1/replies/${first.private.id}/reject`, manager, { note: 'Give the refund date.' });
    expect(back.json().status).toBe('rejected');
    const afterReject = (await api('GET', `/api/v1/cases/${m.caseId}/replies`, manager)).json().items;
    expect(afterReject.map((r: { status: string }) => r.status)).toEqual(['rejected', 'rejected']);
    expect((await api('GET', `/api/v1/cases/${m.caseId}`, manager)).json().status).toBe('in_progress');

    const second = (await api('POST', `/api/v1/cases/${m.caseId}/go-private`, responder, body)).json();
    await api('POST', `/api/v1/replies/${second.public.id}/approve`, manager, {});
    expect((await api('GET', `/api/v1/cases/${m.caseId}`, manager)).json().status).toBe('awaiting_approval');
    await api('POST', `/api/v1/replies/${second.private.id}/approve`, manager, {});
    await h.runJobs();
    expect(hooks.map((x) => x.private).sort()).toEqual([false, true]);
    expect((await api('GET', `/api/v1/cases/${m.caseId}`, manager)).json().status).toBe('replied');
  });

  it('on a channel answered by hand both replies wait to be posted; the private one is confirmed as sent privately', async () => {
    const m = await ingest(buildMention({ channel: 'facebook', text: '#kind=constructive #lang=ro Mi s-au luat banii de două ori' }));
    const pair = (
      await api('POST', `/api/v1/cases/${m.caseId}/go-private`, responder, {
        private_body: 'Vă mulțumim și ne pare rău. Am returnat a doua plată astăzi; banii ajung până pe 4 decembrie.',
      })
    ).json();
    expect(pair.public.body).toContain('mesaj privat');
    expect(pair.public).toMatchObject({ status: 'ready', delivery: { channel: 'manual', status: 'awaiting_manual' } });
    expect(pair.private).toMatchObject({ status: 'ready', visibility: 'private' });
    expect((await api('POST', `/api/v1/replies/${pair.private.id}/posted`, responder, {})).json()).toMatchObject({ status: 'sent' });
    expect((await api('POST', `/api/v1/replies/${pair.public.id}/posted`, responder, {})).json()).toMatchObject({ status: 'sent' });
  });

  it('a call-back keeps the case open, counts as its deadline in the inbox, tells its assignee once when due, and is done', async () => {
    const now = clock.now().toISOString();
    const m = await ingest(
      buildMention({ channel: 'facebook', created_at: now, text: '#kind=constructive I cannot get through to your call centre' }),
    );
    const other = await ingest(buildMention({ channel: 'facebook', created_at: now, text: '#kind=constructive the app crashes' }));
    const responseDue = (await api('GET', `/api/v1/cases/${other.caseId}`, manager)).json().deadline.due_at as string;
    // Sooner than the response deadline: the call leads the inbox.
    const callAt = new Date((clock.now().getTime() + Date.parse(responseDue)) / 2).toISOString();
    expect(callAt < responseDue && callAt > clock.now().toISOString()).toBe(true);

    // Validation at the edge: a phone number is digits, spaces and a leading +.
    const bad = await api('POST', `/api/v1/cases/${m.caseId}/tasks`, responder, { phone: '+7 (495) 123', due_at: callAt });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('phone');
    const past = await api('POST', `/api/v1/cases/${m.caseId}/tasks`, responder, { phone: '+373 22 123 456', due_at: '2026-11-30T09:00:00Z' });
    expect(past.statusCode).toBe(400);

    const gp = await api('POST', `/api/v1/cases/${m.caseId}/go-private`, responder, {
      call: { phone: '+373  22 123 456', due_at: callAt, note: 'ask about order 5512', assignee_id: responderId },
    });
    expect(gp.statusCode, gp.body).toBe(201);
    const { task, public: pub } = gp.json();
    expect(task).toMatchObject({ kind: 'call_back', phone: '+373 22 123 456', due_at: callAt, assignee_id: responderId, done_at: null });
    expect(pub.body).toMatch(/will call you on December \d+ at \d\d:\d\d/);
    expect(gp.json().private).toBeNull();

    const c = (await api('GET', `/api/v1/cases/${m.caseId}`, manager)).json();
    expect(c.call_back_due_at).toBe(callAt);
    expect(c.due_at).toBe(callAt);
    // The public reply went out (ready to post by hand): the response deadline is met, the call still counts.
    await api('POST', `/api/v1/replies/${pub.id}/posted`, responder, {});
    const inbox = (await api('GET', `/api/v1/cases?brand=${brandId}&sort=due`, manager)).json().items;
    expect(inbox.map((x: { id: string }) => x.id).slice(0, 2)).toEqual([m.caseId, other.caseId]);
    expect(inbox[0].due_at).toBe(callAt);

    const resolve = await api('PATCH', `/api/v1/cases/${m.caseId}`, responder, { status: 'resolved' });
    expect(resolve.statusCode).toBe(409);
    expect(resolve.json().error.message).toContain('call-back is still open');

    const tick = () => h.container.scheduler.tick();
    expect((await tick()).tasksDue).toBe(0);
    clock.set(new Date(Date.parse(callAt) + 60_000));
    expect((await tick()).tasksDue).toBe(1);
    expect((await tick()).tasksDue).toBe(0);
    clock.advance(30 * 60_000);
    expect((await tick()).tasksDue).toBe(0);
    expect((await notificationsOf(responder)).filter((n) => n.type === 'task.due')).toEqual([
      expect.objectContaining({ case_id: m.caseId, data: expect.objectContaining({ task_id: task.id }) }),
    ]);
    expect((await notificationsOf(manager)).some((n) => n.type === 'task.due')).toBe(false);

    const done = await api('POST', `/api/v1/tasks/${task.id}/done`, responder);
    expect(done.json()).toMatchObject({ done_at: clock.now().toISOString(), done_by: responderId });
    expect((await api('POST', `/api/v1/tasks/${task.id}/done`, responder)).statusCode).toBe(409);
    const after = (await api('GET', `/api/v1/cases/${m.caseId}`, manager)).json();
    expect(after.call_back_due_at).toBeNull();
    expect(after.due_at).toBeNull();
    expect((await api('GET', `/api/v1/cases/${m.caseId}/tasks`, manager)).json().items).toHaveLength(1);
    const types = (await timeline(m.caseId!)).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['task_created', 'task_due', 'task_done']));
    // With the call made, "is it solved?" answered yes resolves the case.
    expect((await api('POST', `/api/v1/cases/${m.caseId}/follow-up`, responder, { outcome: 'solved' })).statusCode).toBe(200);
    expect((await api('GET', `/api/v1/cases/${m.caseId}`, manager)).json().status).toBe('resolved');
  });

  it('a call-back with nobody named tells the managers when due; a task of another brand is not found', async () => {
    const m = await ingest(buildMention({ channel: 'facebook', text: '#kind=constructive call me please' }));
    const t = await api('POST', `/api/v1/cases/${m.caseId}/tasks`, responder, { phone: '0721234567', due_at: inFuture(2) });
    expect(t.statusCode, t.body).toBe(201);
    clock.advance(3 * 3_600_000);
    expect((await h.container.scheduler.tick()).tasksDue).toBe(1);
    expect((await notificationsOf(manager)).filter((n) => n.type === 'task.due')).toHaveLength(1);
    const otherBrand = await h.createBrand('rival');
    await h.createUser('boss@rival.test', otherBrand, 'admin');
    const boss = await h.login('boss@rival.test');
    expect((await api('POST', `/api/v1/tasks/${t.json().id}/done`, boss)).statusCode).toBe(404);
    expect((await api('GET', `/api/v1/cases/${m.caseId}/tasks`, boss)).statusCode).toBe(404);
  });

  it('erasing the author’s data erases the call-back’s phone number and note, in the task and in the timeline', async () => {
    const m = await ingest(buildMention({ channel: 'facebook', text: '#kind=constructive call me please' }));
    const t = await api('POST', `/api/v1/cases/${m.caseId}/tasks`, responder, { phone: '+373 22 123 456', note: 'ask Ion', due_at: inFuture(2) });
    expect(t.statusCode, t.body).toBe(201);
    await h.container.personalData.erase({ type: 'system', name: 'test' }, brandId, m.authorId);
    const [task] = (await api('GET', `/api/v1/cases/${m.caseId}/tasks`, manager)).json().items;
    expect(task).toMatchObject({ id: t.json().id, phone: '[erased]', note: null, due_at: t.json().due_at });
    const created = (await timeline(m.caseId!)).find((e) => e.type === 'task_created')!;
    expect(JSON.stringify(created.data)).not.toContain('123 456');
    expect(JSON.stringify(created.data)).not.toContain('ask Ion');
  });
});

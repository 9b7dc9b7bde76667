/**
 * The case workflow end to end on both databases (issue 16): a reply posted
 * by hand is recorded sent and moves the case on; saved drafts are edited,
 * checked again and sent; a reply held for a cool-down can be cancelled back
 * to a draft (and then is not sent) or left to send itself when the
 * cool-down ends.
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

const GOOD = 'Thank you, and I am sorry the parcel is late. The courier brings order 55123 tomorrow before 12:00.';

describe.each(DIALECTS)('case workflow on %s', (dialect) => {
  let db: TestDatabase;
  let h: Harness;
  let clock: ManualClock;
  let brandId: string;
  let token: string;
  let manager: SignedIn;
  let responder: SignedIn;
  let bridge: Server;
  let bridgePort: number;
  let posted: Array<{ text: string; reply_id: string }>;

  const api = (method: requests.Method, url: string, who: SignedIn, payload?: object) => requests.api(h, method, url, who, payload);
  const ingest = (m: object) => requests.ingestOne(h, token, m);
  const getCase = async (id: string) => (await api('GET', `/api/v1/cases/${id}`, manager)).json();

  beforeAll(async () => {
    posted = [];
    bridge = createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        posted.push(JSON.parse(raw));
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"external_id":"tw-1"}');
      });
    });
    await new Promise<void>((resolve) => bridge.listen(0, '127.0.0.1', resolve));
    bridgePort = (bridge.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => bridge.close(resolve));
  });

  beforeEach(async () => {
    posted.length = 0;
    db = await createTestDatabase(dialect);
    clock = new ManualClock('2026-12-01T09:00:00Z'); // a Tuesday, in business hours
    h = await openHarness(dialect, db, {}, clock, new ScriptedClassifier());
    brandId = await h.createBrand('acme');
    token = await h.createToken(brandId);
    await h.createUser('manager@acme.test', brandId, 'manager');
    await h.createUser('resp@acme.test', brandId, 'responder');
    manager = await h.login('manager@acme.test');
    responder = await h.login('resp@acme.test');
    const set = await api('PATCH', `/api/v1/brands/${brandId}/settings`, manager, {
      delivery: { shop: { type: 'webhook', url: `http://127.0.0.1:${bridgePort}/bridge` } },
    });
    expect(set.statusCode, set.body).toBe(200);
  });
  afterEach(async () => {
    await h.close();
    await db.drop();
  });

  it('a reply posted by hand on a manual channel is sent: first response recorded, case replied, deadline stopped', async () => {
    const m = await ingest(buildMention({ created_at: clock.now().toISOString(), text: '#kind=constructive my parcel 55123 is late' }));
    const before = await getCase(m.caseId!);
    expect(before).toMatchObject({ status: 'new', delivery: 'manual', first_response_at: null });
    expect(before.deadline).not.toBeNull();
    clock.advance(20 * 60_000);
    const res = await api('POST', `/api/v1/cases/${m.caseId}/replies`, responder, { body: GOOD, sent: true });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ status: 'sent', delivery: { channel: 'manual', status: 'delivered' } });
    const after = await getCase(m.caseId!);
    expect(after).toMatchObject({ status: 'replied', deadline: null, first_response_at: '2026-12-01T09:20:00.000Z' });
    // A channel with an adapter says so: the desk's Send hands the reply to it.
    const shop = await ingest(buildMention({ channel: 'shop', created_at: clock.now().toISOString(), text: '#kind=constructive broken again' }));
    expect((await getCase(shop.caseId!)).delivery).toBe('webhook');
  });

  it('a saved draft is edited (checked again) and sent; only drafts can be edited', async () => {
    const m = await ingest(buildMention({ created_at: clock.now().toISOString(), text: '#kind=constructive my parcel 55123 is late' }));
    const draft = (await api('POST', `/api/v1/cases/${m.caseId}/replies`, responder, { body: 'We apologize for any inconvenience.' })).json();
    expect(draft).toMatchObject({ status: 'draft', findings: [{ rule: 'stock_phrase' }] });
    // Sending it as it is: the checker refuses, as for a new reply.
    const refused = await api('POST', `/api/v1/replies/${draft.id}/send`, responder, { sent: true });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ field: 'body', message: expect.stringContaining('stock_phrase') });
    const edited = await api('PATCH', `/api/v1/replies/${draft.id}`, responder, { body: GOOD });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ status: 'draft', body: GOOD, findings: [] });
    const empty = await api('PATCH', `/api/v1/replies/${draft.id}`, responder, { body: '  ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.field).toBe('body');
    const sent = await api('POST', `/api/v1/replies/${draft.id}/send`, responder, { sent: true });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json()).toMatchObject({ id: draft.id, status: 'sent' });
    expect((await getCase(m.caseId!)).status).toBe('replied');
    const again = await api('PATCH', `/api/v1/replies/${draft.id}`, responder, { body: 'changed after sending' });
    expect(again.statusCode).toBe(409);
    const types = (await api('GET', `/api/v1/cases/${m.caseId}/timeline`, manager)).json().items.map((e: { type: string }) => e.type);
    expect(types).toEqual(expect.arrayContaining(['reply_added', 'reply_edited', 'reply_sent']));
  });

  it('a draft sent on a case that needs review waits for approval, then is released', async () => {
    const m = await ingest(buildMention({ created_at: clock.now().toISOString(), text: '#kind=black_pr everyone go to RivalCo' }));
    const draft = (await api('POST', `/api/v1/cases/${m.caseId}/replies`, responder, { body: GOOD })).json();
    const sent = await api('POST', `/api/v1/replies/${draft.id}/send`, responder, { sent: true });
    expect(sent.json().status).toBe('pending_approval');
    expect((await getCase(m.caseId!)).status).toBe('awaiting_approval');
    // Approved, on a channel answered by hand: it is ready for the responder to post, then confirmed sent.
    const approved = await api('POST', `/api/v1/replies/${draft.id}/approve`, manager, {});
    expect(approved.json().status).toBe('ready');
    expect((await api('POST', `/api/v1/replies/${draft.id}/posted`, responder, {})).json().status).toBe('sent');
    expect(await getCase(m.caseId!)).toMatchObject({ status: 'replied', deadline: null });
  });

  it('a reply held for the cool-down: cancelled back to a draft it is not sent; sent again it goes out by itself when the cool-down ends', async () => {
    const m = await ingest(
      buildMention({ channel: 'shop', created_at: clock.now().toISOString(), text: '#kind=impulsive worst shop ever, never again' }),
    );
    const c = await getCase(m.caseId!);
    expect(c.cooldown_until).toBe('2026-12-01T12:00:00.000Z');
    const held = (await api('POST', `/api/v1/cases/${m.caseId}/replies`, responder, { body: GOOD, send: true })).json();
    expect(held).toMatchObject({ status: 'scheduled', send_at: '2026-12-01T12:00:00.000Z' });

    const cancelled = await api('POST', `/api/v1/replies/${held.id}/cancel`, responder);
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json()).toMatchObject({ status: 'draft', send_at: null });
    expect((await api('POST', `/api/v1/replies/${held.id}/cancel`, responder)).statusCode).toBe(409);
    clock.set('2026-12-01T12:01:00Z');
    await h.container.scheduler.tick();
    await h.runJobs();
    expect(posted).toEqual([]);
    expect((await h.container.store.repos.replies.find(held.id))?.status).toBe('draft');

    // A new hold on another impulsive case: edited while held (cancel, edit, send), then it sends itself.
    clock.set('2026-12-01T13:00:00Z');
    const m2 = await ingest(buildMention({ channel: 'shop', created_at: clock.now().toISOString(), text: '#kind=impulsive you are all useless' }));
    const r2 = (await api('POST', `/api/v1/cases/${m2.caseId}/replies`, responder, { body: 'Thank you for telling us.', send: true })).json();
    expect(r2.status).toBe('scheduled');
    await api('POST', `/api/v1/replies/${r2.id}/cancel`, responder);
    const resent = await api('POST', `/api/v1/replies/${r2.id}/send`, responder, { body: GOOD, send: true });
    expect(resent.json()).toMatchObject({ status: 'scheduled', body: GOOD, send_at: '2026-12-01T16:00:00.000Z' });
    clock.set('2026-12-01T15:59:00Z');
    await h.container.scheduler.tick();
    await h.runJobs();
    expect(posted).toEqual([]);
    clock.set('2026-12-01T16:00:30Z');
    expect((await h.container.scheduler.tick()).repliesSent).toBe(1);
    await h.runJobs();
    expect(posted.map((p) => p.text)).toEqual([GOOD]);
    expect((await h.container.store.repos.replies.find(r2.id))?.status).toBe('sent');
    expect(await getCase(m2.caseId!)).toMatchObject({ status: 'replied', deadline: null });
  });

  it('an unanswered complaint is resolved only with a reason from the list and a few words; others resolve without one', async () => {
    const m = await ingest(buildMention({ created_at: clock.now().toISOString(), text: '#kind=constructive my parcel 55123 is late' }));
    const url = `/api/v1/cases/${m.caseId}`;
    expect((await getCase(m.caseId!)).resolution_needs_reason).toBe(true);
    const bare = await api('PATCH', url, responder, { status: 'resolved' });
    expect(bare.statusCode).toBe(400);
    expect(bare.json().error.field).toBe('reason_code');
    const unknown = await api('PATCH', url, responder, { status: 'resolved', reason_code: 'bored', reason: 'x' });
    expect(unknown.statusCode).toBe(400);
    const noWords = await api('PATCH', url, responder, { status: 'resolved', reason_code: 'answered_elsewhere' });
    expect(noWords.statusCode).toBe(400);
    expect(noWords.json().error.field).toBe('reason');
    expect((await getCase(m.caseId!)).status).toBe('new');
    const ok = await api('PATCH', url, responder, { status: 'resolved', reason_code: 'answered_elsewhere', reason: 'called her, parcel found' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'resolved', status_reason: 'called her, parcel found', deadline: null });
    const events = (await api('GET', `${url}/timeline`, manager)).json().items as Array<{ type: string; data: Record<string, unknown> }>;
    expect(events.find((e) => e.type === 'status_changed' && e.data.to === 'resolved')?.data).toMatchObject({
      reason_code: 'answered_elsewhere',
      reason: 'called her, parcel found',
      unanswered: true,
    });
    // A question, or a complaint that was answered, resolves as before.
    const q = await ingest(buildMention({ created_at: clock.now().toISOString(), text: '#kind=question do you ship to Chisinau?' }));
    expect((await api('PATCH', `/api/v1/cases/${q.caseId}`, responder, { status: 'resolved' })).statusCode).toBe(200);
  });

  it('the dashboard never shows "100% answered within target" beside breached cases', async () => {
    const at = clock.now().toISOString();
    const cases = [];
    for (const text of ['#kind=constructive parcel late', '#kind=constructive app crashes', '#kind=constructive refund missing'])
      cases.push((await ingest(buildMention({ created_at: at, text }))).caseId!);
    clock.advance(10 * 60_000);
    await api('POST', `/api/v1/cases/${cases[0]}/replies`, responder, { body: GOOD, sent: true });
    clock.set('2026-12-03T09:00:00Z'); // well past every first-response target
    await h.container.scheduler.tick();
    const d = (await api('GET', `/api/v1/brands/${brandId}/dashboard`, manager)).json();
    expect(d.work.breached).toBe(2);
    expect(d.responses).toMatchObject({ answered: 1, breached: 2 });
    expect(d.responses.withinTargetShare).toBeCloseTo(1 / 3);
  });
});

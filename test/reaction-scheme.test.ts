/**
 * The reaction scheme end to end, with a fake clock, on both databases: the
 * deadline breaches after one business hour (and not on a holiday), an
 * impulsive poster's reply waits for the cool-down, a troll gets "not
 * engaging", black PR escalates with evidence and needs approval, routing
 * finds the right team and its least-loaded responder, and the follow-up
 * check fires after the fix ships — each surviving a restart in the middle.
 */
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/domain/clock.js';
import { DIALECTS, createTestDatabase, type TestDatabase } from './support/databases.js';
import { buildMention } from './support/factories.js';
import { type Harness, openHarness, type SignedIn } from './support/harness.js';
import * as requests from './support/requests.js';
import { ScriptedClassifier } from './support/scripted-classifier.js';

interface Received {
  event: string;
  signature: string | undefined;
  body: Record<string, unknown>;
  raw: string;
}

const SECRET = 'a-webhook-secret-of-some-length';

describe.each(DIALECTS)('reaction scheme on %s', (dialect) => {
  let db: TestDatabase;
  let h: Harness;
  let clock: ManualClock;
  let brandId: string;
  let token: string;
  let manager: SignedIn;
  let responder: SignedIn;
  let ids: Record<string, string>;
  let hook: Server;
  let received: Received[];

  const classifier = new ScriptedClassifier();
  const api = (method: requests.Method, url: string, who: SignedIn, payload?: object) => requests.api(h, method, url, who, payload);
  const ingest = (m: object) => requests.ingestOne(h, token, m);
  const getCase = async (id: string, who = manager) => (await api('GET', `/api/v1/cases/${id}`, who)).json();
  /** Stops Defuse and starts it again on the same database and clock; signs the same people in again. */
  const restart = async () => {
    await h.close();
    h = await openHarness(dialect, db, {}, clock, classifier);
    manager = await h.login('manager@acme.test');
    responder = await h.login('r3@acme.test');
  };
  const tick = () => h.container.scheduler.tick();
  const notificationsOf = async (who: SignedIn) =>
    (await api('GET', '/api/v1/notifications', who)).json().items as Array<{ type: string; case_id: string; data: Record<string, unknown> }>;

  beforeAll(async () => {
    received = [];
    hook = createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        received.push({
          event: String(req.headers['x-defuse-event']),
          signature: req.headers['x-defuse-signature'] as string | undefined,
          body: JSON.parse(raw),
          raw,
        });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => hook.close(resolve));
  });

  beforeEach(async () => {
    received.length = 0;
    db = await createTestDatabase(dialect);
    clock = new ManualClock('2026-12-01T09:00:00Z'); // a Tuesday
    h = await openHarness(dialect, db, {}, clock, classifier);
    brandId = await h.createBrand('acme');
    token = await h.createToken(brandId);
    ids = {
      manager: await h.createUser('manager@acme.test', brandId, 'manager'),
      legal: await h.createUser('legal@acme.test', brandId, 'reviewer'),
      r1: await h.createUser('r1@acme.test', brandId, 'responder'),
      r2: await h.createUser('r2@acme.test', brandId, 'responder'),
      r3: await h.createUser('r3@acme.test', brandId, 'responder'),
    };
    manager = await h.login('manager@acme.test');
    responder = await h.login('r3@acme.test');
    const port = (hook.address() as AddressInfo).port;
    const settings = await api('PATCH', `/api/v1/brands/${brandId}/settings`, manager, {
      responsePolicy: { calendar: { timeZone: 'UTC', holidays: ['2026-12-25'] }, cooldownMinutes: 180 },
      escalation: { legalUserIds: [ids.legal], legalEmail: 'legal@acme.test' },
      webhooks: [{ url: `http://127.0.0.1:${port}/defuse`, secret: SECRET }],
    });
    expect(settings.statusCode, settings.body).toBe(200);
  });
  afterEach(async () => {
    await h.close();
    await db.drop();
  });

  it('a public negative mention breaches after one business hour, and not during a holiday', async () => {
    clock.set('2026-12-01T10:00:00Z');
    const m = await ingest(buildMention({ text: '#kind=constructive my parcel is lost', created_at: '2026-12-01T10:00:00Z' }));
    let c = await getCase(m.caseId!);
    expect(c.deadline).toMatchObject({ due_at: '2026-12-01T11:00:00.000Z', type: 'first', state: 'ok', minutes_left: 60 });

    await restart();
    clock.set('2026-12-01T10:50:00Z');
    expect((await tick()).dueSoon).toBe(1);
    c = await getCase(m.caseId!);
    expect(c.deadline).toMatchObject({ state: 'due_soon', escalated: true });
    expect((await notificationsOf(manager)).map((n) => n.type)).toContain('deadline.due_soon');

    clock.set('2026-12-01T11:00:00Z');
    expect((await tick()).breached).toBe(1);
    expect((await tick()).breached).toBe(0); // recorded once
    const inbox = async (q: string) =>
      (await api('GET', `/api/v1/cases?brand=${brandId}&${q}`, manager)).json().items.map((x: { id: string }) => x.id);
    expect(await inbox('deadline=breached')).toEqual([m.caseId]);
    expect(await inbox('deadline=ok,due_soon')).toEqual([]);
    expect(await inbox('deadline=due_soon')).toEqual([]);
    // Recorded as breached, the case leaves the due-soon index (its due moment stays, for the breach and sort=due).
    expect(await h.container.store.repos.cases.findById(m.caseId!)).toMatchObject({ dueSoonAt: null, responseDueAt: '2026-12-01T11:00:00.000Z' });
    const dash = (await api('GET', `/api/v1/brands/${brandId}/dashboard?from=2026-11-30&to=2026-12-02`, manager)).json();
    expect(dash.work).toMatchObject({ open: 1, breached: 1, dueSoon: 0 });
    expect(dash.responses).toMatchObject({ cases: 1, answered: 0, breached: 1 });
    expect(dash.kindsByDay.find((d: { day: string }) => d.day === '2026-12-01')).toMatchObject({ constructive: 1 });
    expect((await getCase(m.caseId!)).deadline.state).toBe('breached');
    const breaches = (await api('GET', `/api/v1/brands/${brandId}/breaches`, manager)).json().items;
    expect(breaches).toHaveLength(1);
    expect(breaches[0]).toMatchObject({ case_id: m.caseId, response_type: 'first', due_at: '2026-12-01T11:00:00.000Z', kind: 'constructive' });

    // Thursday 24 Dec 17:30: 30 minutes left that day; Friday 25th is a holiday, then the weekend.
    clock.set('2026-12-24T17:30:00Z');
    manager = await h.login('manager@acme.test'); // three weeks on, the old session has expired
    const late = await ingest(buildMention({ text: '#kind=impulsive still no refund', created_at: '2026-12-24T17:30:00Z' }));
    await api('PATCH', `/api/v1/brands/${brandId}/settings`, manager, {
      responsePolicy: { calendar: { timeZone: 'UTC', holidays: ['2026-12-25'] }, cooldownMinutes: 0 },
    });
    const plain = await ingest(buildMention({ text: '#kind=constructive where is my order', created_at: '2026-12-24T17:30:00Z' }));
    expect((await getCase(plain.caseId!)).deadline.due_at).toBe('2026-12-28T09:30:00.000Z');
    clock.set('2026-12-25T15:00:00Z');
    await tick();
    expect((await getCase(plain.caseId!)).deadline.state).toBe('ok');
    expect((await api('GET', `/api/v1/brands/${brandId}/breaches?from=2026-12-20`, manager)).json().items).toHaveLength(0);
    clock.set('2026-12-28T09:31:00Z');
    manager = await h.login('manager@acme.test');
    await tick();
    expect((await getCase(plain.caseId!)).deadline.state).toBe('breached');
    expect(late.caseId).not.toBe(plain.caseId);
  });

  it('holds the first reply to an impulsive poster for the cool-down, then sends it', async () => {
    clock.set('2026-12-01T10:00:00Z');
    const m = await ingest(buildMention({ text: '#kind=impulsive YOU ARE THE WORST SHOP EVER', created_at: '2026-12-01T10:00:00Z' }));
    let c = await getCase(m.caseId!);
    expect(c.cooldown_until).toBe('2026-12-01T13:00:00.000Z');
    // The deadline clock starts when the cool-down ends: 13:00 + 1 business hour.
    expect(c.deadline).toMatchObject({ due_at: '2026-12-01T14:00:00.000Z', state: 'ok' });
    await api('PATCH', `/api/v1/cases/${m.caseId}`, manager, { assignee_id: ids.r3 });
    const port = (hook.address() as AddressInfo).port;
    const delivery = await api('PATCH', `/api/v1/brands/${brandId}/settings`, manager, {
      delivery: { twitter: { type: 'webhook', url: `http://127.0.0.1:${port}/twitter-bridge`, secret: SECRET } },
    });
    expect(delivery.statusCode, delivery.body).toBe(200);

    clock.set('2026-12-01T10:30:00Z');
    const reply = await api('POST', `/api/v1/cases/${m.caseId}/replies`, responder, {
      body: 'We are sorry the order went wrong. Here is what we will do today.',
      send: true,
    });
    expect(reply.statusCode, reply.body).toBe(201);
    expect(reply.json()).toMatchObject({ status: 'scheduled', send_at: '2026-12-01T13:00:00.000Z', sent_at: null });
    c = await getCase(m.caseId!);
    expect(c.status).not.toBe('replied');

    await restart();
    clock.set('2026-12-01T12:59:00Z');
    expect((await tick()).repliesSent).toBe(0);
    clock.set('2026-12-01T13:00:00Z');
    const report = await tick();
    expect(report).toMatchObject({ repliesSent: 1, cooledDown: 1 });
    expect((await api('GET', `/api/v1/cases/${m.caseId}/replies`, manager)).json().items[0]).toMatchObject({
      status: 'sending',
      delivery: { channel: 'webhook', status: 'pending' },
    });
    await h.runJobs(); // the delivery through the channel's webhook
    c = await getCase(m.caseId!);
    expect(c).toMatchObject({ status: 'replied', cooldown_until: null, deadline: null, first_response_at: '2026-12-01T13:00:00.000Z' });
    const sent = received.find((r) => r.event === 'reply.send');
    expect(sent?.body).toMatchObject({ case_id: m.caseId, channel: 'twitter', text: expect.stringContaining('sorry') });
    expect(sent?.signature).toBe(`sha256=${createHmac('sha256', SECRET).update(sent!.raw).digest('hex')}`);
    expect((await api('GET', `/api/v1/cases/${m.caseId}/replies`, manager)).json().items[0]).toMatchObject({
      status: 'sent',
      delivery: { channel: 'webhook', status: 'delivered', attempts: 1 },
    });
    const types = (await api('GET', `/api/v1/cases/${m.caseId}/timeline`, manager)).json().items.map((e: { type: string }) => e.type);
    expect(types).toEqual(expect.arrayContaining(['cooldown_started', 'reply_scheduled', 'reply_queued', 'reply_sent', 'cooldown_ended']));
  });

  it('a troll case goes to "not engaging" by policy; a person may override with a reason; one short public reaction at most', async () => {
    const m = await ingest(buildMention({ text: '#kind=trolling #signal=insult you are all clowns lol' }));
    let c = await getCase(m.caseId!);
    expect(c).toMatchObject({ status: 'not_engaging', deadline: null, flags: ['insult'] });
    expect(c.status_reason).toContain('trolling');

    await restart();
    const noReason = await api('PATCH', `/api/v1/cases/${m.caseId}`, manager, { status: 'in_progress' });
    expect(noReason.statusCode).toBe(409);
    const override = await api('PATCH', `/api/v1/cases/${m.caseId}`, manager, {
      status: 'in_progress',
      reason: 'a real customer under the sarcasm',
    });
    expect(override.statusCode).toBe(200);
    expect(override.json().deadline.state).toBe('ok');
    const timeline = (await api('GET', `/api/v1/cases/${m.caseId}/timeline`, manager)).json().items;
    expect(
      timeline.find((e: { type: string; data: { policy?: string } }) => e.type === 'policy_applied' && e.data.policy === 'override').data.reason,
    ).toBe('a real customer under the sarcasm');

    const long = await api('POST', `/api/v1/cases/${m.caseId}/replies`, manager, { body: 'x'.repeat(400), sent: true });
    expect(long.statusCode).toBe(409);
    const short = await api('POST', `/api/v1/cases/${m.caseId}/replies`, manager, {
      body: 'We hear you. If something went wrong, write to us.',
      sent: true,
    });
    expect(short.statusCode).toBe(201);
    const second = await api('POST', `/api/v1/cases/${m.caseId}/replies`, manager, { body: 'Once more…', sent: true });
    expect(second.statusCode).toBe(409);
    expect(second.json().error.message).toContain('at most one');
    c = await getCase(m.caseId!);
    expect(c.status).toBe('replied');
  });

  it('black PR escalates to the manager and legal with the evidence, and its replies need approval', async () => {
    const m = await ingest(
      buildMention({ text: '#kind=black_pr #signal=competitor_mention everyone switch to RivalCo, this shop steals', link: 'https://x.test/p/1' }),
    );
    const c = await getCase(m.caseId!);
    expect(c).toMatchObject({ flags: ['black_pr'], replies_need_approval: true });
    const legal = await h.login('legal@acme.test');
    for (const who of [manager, legal]) {
      const n = (await notificationsOf(who)).find((x) => x.type === 'case.escalated');
      expect(n?.case_id).toBe(m.caseId);
      expect(n?.data).toMatchObject({
        reasons: ['black_pr'],
        evidence: { mention_id: m.id, link: 'https://x.test/p/1', excerpt: expect.stringContaining('RivalCo') },
      });
    }
    expect((await notificationsOf(responder)).some((x) => x.type === 'case.escalated')).toBe(false);
    await h.runJobs();
    expect(received.find((r) => r.event === 'case.escalated')?.body).toMatchObject({ case_id: m.caseId, legal_email: 'legal@acme.test' });

    const reply = await api('POST', `/api/v1/cases/${m.caseId}/replies`, responder, {
      body: 'Thank you for raising this. Here are the facts and the documents about our prices.',
      send: true,
    });
    expect(reply.json()).toMatchObject({ status: 'pending_approval', approval: { reason: expect.stringContaining('approval') } });
    expect((await getCase(m.caseId!)).status).toBe('awaiting_approval');
    await restart();
    const own = await h.login('r3@acme.test');
    expect((await api('POST', `/api/v1/replies/${reply.json().id}/approve`, own, {})).statusCode).toBe(403); // a responder may not approve
    const approved = await api('POST', `/api/v1/replies/${reply.json().id}/approve`, legal, { note: 'facts checked' });
    expect(approved.statusCode, approved.body).toBe(200);
    // The channel is answered by hand: the approved reply is ready to post, then confirmed.
    expect(approved.json()).toMatchObject({ status: 'ready', approval: { reviewed_by: ids.legal, note: 'facts checked' } });
    const posted = await api('POST', `/api/v1/replies/${reply.json().id}/posted`, own, { external_id: 'tw-991' });
    expect(posted.json()).toMatchObject({ status: 'sent', delivery: { channel: 'manual', status: 'delivered', external_id: 'tw-991' } });
    expect((await getCase(m.caseId!)).status).toBe('replied');
  });

  it('a threat flags the case and notifies the manager', async () => {
    const m = await ingest(buildMention({ text: '#kind=impulsive #signal=threat #signal=legal_threat I will sue you and burn your shop' }));
    expect((await getCase(m.caseId!)).flags).toEqual(['threat', 'legal_threat']);
    expect((await api('GET', `/api/v1/cases?brand=${brandId}&flag=threat`, manager)).json().items.map((x: { id: string }) => x.id)).toEqual([
      m.caseId,
    ]);
    expect((await notificationsOf(manager)).find((n) => n.type === 'case.escalated')?.data).toMatchObject({
      reasons: expect.arrayContaining(['threat', 'legal_threat']),
    });
  });

  it('routes an Arabic delivery complaint to the delivery team and its least-loaded available responder', async () => {
    const team = await api('POST', `/api/v1/brands/${brandId}/teams`, manager, { name: 'Delivery AR', member_ids: [ids.r1, ids.r2, ids.r3] });
    expect(team.statusCode).toBe(201);
    const other = await api('POST', `/api/v1/brands/${brandId}/teams`, manager, { name: 'Everyone else', member_ids: [ids.r1] });
    const routing = await api('PATCH', `/api/v1/brands/${brandId}/settings`, manager, {
      routing: {
        rules: [
          { name: 'Arabic delivery', topics: ['delivery'], languages: ['ar'], teamId: team.json().id },
          { name: 'Rest', teamId: other.json().id },
        ],
      },
    });
    expect(routing.statusCode, routing.body).toBe(200);
    // r1 carries two open cases, r2 is away, r3 one.
    for (const [who, n] of [
      [ids.r1, 2],
      [ids.r3, 1],
    ] as const) {
      for (let i = 0; i < n; i++) {
        const busy = await ingest(buildMention({ text: '#kind=constructive #lang=ru something' }));
        await api('PATCH', `/api/v1/cases/${busy.caseId}`, manager, { assignee_id: who });
      }
    }
    const away = await api('PATCH', `/api/v1/brands/${brandId}/members/${ids.r2}/status`, manager, { available: false });
    expect(away.json()).toMatchObject({ available: false, open_cases: 0 });

    await restart();
    const m = await ingest(buildMention({ text: '#kind=constructive #lang=ar #topic=delivery الطلب لم يصل بعد أسبوعين' }));
    const c = await getCase(m.caseId!);
    expect(c.team_id).toBe(team.json().id);
    expect(c.assignee?.id).toBe(ids.r3);
    expect((await notificationsOf(responder)).some((n) => n.type === 'case.assigned' && n.case_id === m.caseId)).toBe(true);
    const timeline = (await api('GET', `/api/v1/cases/${m.caseId}/timeline`, manager)).json().items;
    expect(timeline.find((e: { type: string }) => e.type === 'routed').data).toMatchObject({ rule: 'Arabic delivery', assignee_id: ids.r3 });
  });

  it('reminds to tell the customer when the fix ships, then fires the follow-up check; resolved only once answered', async () => {
    const m = await ingest(buildMention({ text: '#kind=constructive the export button crashes the app' }));
    const url = `/api/v1/cases/${m.caseId}`;
    await api('PATCH', url, manager, { assignee_id: ids.r3 });
    expect((await api('PUT', `${url}/fix`, responder, { ref: 'https://tracker.test/BUG-42' })).json().fix).toEqual({
      ref: 'https://tracker.test/BUG-42',
      shipped_at: null,
    });
    await api('POST', `${url}/replies`, responder, {
      body: 'Thank you, and sorry. The team is fixing it; we will write when it ships (by Friday).',
      sent: true,
    });
    expect((await getCase(m.caseId!)).follow_up.state).toBe('scheduled');

    clock.set('2026-12-03T12:00:00Z');
    const shipped = await api('POST', `${url}/fix/shipped`, manager);
    expect(shipped.statusCode, shipped.body).toBe(200);
    expect(shipped.json()).toMatchObject({ status: 'in_progress', status_reason: expect.stringContaining('tell the customer'), follow_up: null });
    expect((await notificationsOf(responder)).find((n) => n.type === 'fix.shipped')?.data).toMatchObject({ fix_ref: 'https://tracker.test/BUG-42' });

    await api('POST', `${url}/replies`, responder, {
      body: 'The fix is out in version 2.4.1 — could you update and tell us if it works?',
      sent: true,
    });
    const c = await getCase(m.caseId!);
    expect(c.follow_up).toMatchObject({ state: 'scheduled', at: '2026-12-06T12:00:00.000Z' });
    expect((await api('PATCH', url, responder, { status: 'resolved' })).statusCode).toBe(409);

    await restart();
    clock.set('2026-12-06T11:59:00Z');
    expect((await tick()).followUpsDue).toBe(0);
    clock.set('2026-12-06T12:00:00Z');
    expect((await tick()).followUpsDue).toBe(1);
    expect(await getCase(m.caseId!)).toMatchObject({ status: 'follow_up', follow_up: { state: 'due' } });
    expect((await notificationsOf(responder)).some((n) => n.type === 'follow_up.due')).toBe(true);
    const bad = await api('POST', `${url}/follow-up`, responder, { outcome: 'dismissed' });
    expect(bad.statusCode).toBe(409);
    const solved = await api('POST', `${url}/follow-up`, responder, { outcome: 'solved' });
    expect(solved.json()).toMatchObject({ status: 'resolved', follow_up: { state: 'solved' } });

    // A new message from the customer reopens the case.
    await ingest(buildMention({ text: '#kind=constructive it crashes again', in_reply_to: m.externalId }));
    expect((await getCase(m.caseId!)).status).toBe('in_progress');
  });

  it('keeps ideas in the backlog; the case is not done until the author got an answer', async () => {
    const m = await ingest(buildMention({ text: '#kind=idea please add night delivery slots' }));
    const ideas = (await api('GET', `/api/v1/brands/${brandId}/ideas`, manager)).json().items;
    expect(ideas).toHaveLength(1);
    expect(ideas[0]).toMatchObject({ case_id: m.caseId, status: 'new', customer_answered_at: null });
    const planned = await api('PATCH', `/api/v1/ideas/${ideas[0].id}`, manager, { status: 'planned', note: 'Q1' });
    expect(planned.json().status).toBe('planned');
    expect((await api('PATCH', `/api/v1/cases/${m.caseId}`, manager, { status: 'resolved' })).json().error.message).toContain('idea');
    await api('POST', `/api/v1/cases/${m.caseId}/replies`, manager, {
      body: 'Thank you! Night slots are planned for the first quarter.',
      sent: true,
    });
    expect((await api('GET', `/api/v1/brands/${brandId}/ideas?status=planned`, manager)).json().items[0].customer_answered_at).not.toBeNull();
    expect((await api('PATCH', `/api/v1/cases/${m.caseId}`, manager, { status: 'resolved' })).statusCode).toBe(200);

    // A person marks another case as an idea.
    const other = await ingest(buildMention({ text: '#kind=neutral would be nice to pay by card at pickup' }));
    const marked = await api('POST', `/api/v1/cases/${other.caseId}/idea`, responder, { summary: 'Card payment at pickup points' });
    expect(marked.statusCode).toBe(201);
    expect((await api('POST', `/api/v1/cases/${other.caseId}/idea`, responder, { summary: 'again' })).statusCode).toBe(409);
  });

  it('follows the playbook: current step, steps done in the timeline, a manager switches it; managers edit playbooks', async () => {
    const m = await ingest(buildMention({ text: '#kind=constructive the app logs me out every hour' }));
    const url = `/api/v1/cases/${m.caseId}/playbook`;
    let p = (await api('GET', url, responder)).json();
    expect(p).toMatchObject({ situation: 'service_complaint', currentStep: 'apologise' });
    expect(p.steps[0].title.ru).toBe('Извинитесь лично');
    p = (await api('POST', `${url}/steps/apologise`, responder)).json();
    expect(p.currentStep).toBe('clarify');
    expect(p.steps[0]).toMatchObject({ done: true, doneBy: responder.userId });
    expect((await api('POST', `${url}/steps/apologise`, responder)).statusCode).toBe(409);
    expect((await api('POST', `${url}/steps/nonsense`, responder)).statusCode).toBe(400);
    expect((await api('PUT', url, responder, { situation: 'price_question' })).statusCode).toBe(403);
    p = (await api('PUT', url, manager, { situation: 'price_question' })).json();
    expect(p).toMatchObject({ situation: 'price_question', currentStep: 'ask_why' });

    const own = await api('PUT', `/api/v1/brands/${brandId}/playbooks/price_question`, manager, {
      steps: [{ key: 'listen', title: { ro: 'Ascultați' }, guidance: { ro: 'Întâi ascultați.' } }],
    });
    expect(own.statusCode, own.body).toBe(200);
    expect((await api('GET', url, responder)).json()).toMatchObject({ currentStep: 'listen' });
    const invalid = await api('PUT', `/api/v1/brands/${brandId}/playbooks/price_question`, manager, {
      steps: [{ key: 'Bad Key', title: {}, guidance: { en: '' } }],
    });
    expect(invalid.statusCode).toBe(400);
    expect(
      (
        await api('PUT', `/api/v1/brands/${brandId}/playbooks/price_question`, responder, {
          steps: [{ key: 'x', title: { en: 'x' }, guidance: { en: 'x' } }],
        })
      ).statusCode,
    ).toBe(403);
    const types = (await api('GET', `/api/v1/cases/${m.caseId}/timeline`, manager)).json().items.map((e: { type: string }) => e.type);
    expect(types).toEqual(expect.arrayContaining(['step_done', 'playbook_switched']));
  });

  it('asks a specialist inside the case; the specialist may answer in notes but never reply to the customer', async () => {
    const specialistId = await h.createUser('dev@acme.test', brandId, 'specialist');
    const m = await ingest(buildMention({ text: '#kind=constructive invoice shows the wrong VAT' }));
    const asked = await api('POST', `/api/v1/cases/${m.caseId}/questions`, responder, {
      user_id: specialistId,
      question: 'Is VAT computed on the discounted price?',
    });
    expect(asked.statusCode).toBe(201);
    expect(asked.json().body).toContain('Is VAT computed');
    const dev = await h.login('dev@acme.test');
    expect((await notificationsOf(dev))[0]).toMatchObject({ type: 'specialist.asked', case_id: m.caseId });
    expect((await api('POST', `/api/v1/cases/${m.caseId}/notes`, dev, { body: 'Yes, since v2.' })).statusCode).toBe(201);
    expect((await api('POST', `/api/v1/cases/${m.caseId}/replies`, dev, { body: 'Hi!', sent: true })).statusCode).toBe(403);
    const [first] = (await api('GET', '/api/v1/notifications?unread=true', dev)).json().items;
    const read = await api('POST', '/api/v1/notifications/read', dev, { ids: [first.id] });
    expect(read.json().updated).toBe(1);
    expect((await api('GET', '/api/v1/notifications?unread=true', dev)).json().items).toHaveLength(0);
  });

  it('never reads a signing secret back: any role sees only that one is set; sent back, it is kept; null removes it', async () => {
    const system = { type: 'system' as const, name: 't' };
    const url = (await h.container.brands.getSettings(system, brandId)).webhooks[0]!.url;
    const patch = (body: object) => api('PATCH', `/api/v1/brands/${brandId}/settings`, manager, body);
    const bridge = { type: 'webhook', url: 'http://127.0.0.1:9/bridge', secret: 'a-delivery-secret-long-enough' };
    expect((await patch({ delivery: { twitter: bridge } })).body).not.toContain(bridge.secret);
    for (const who of [manager, responder]) {
      const res = await api('GET', `/api/v1/brands/${brandId}/settings`, who);
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain(SECRET);
      expect(res.body).not.toContain(bridge.secret);
      expect(res.json().webhooks).toEqual([{ url, secret_set: true }]);
      expect(res.json().delivery.twitter).toEqual({ type: 'webhook', url: bridge.url, secret_set: true });
    }
    // GET, change, send back (as the desk's JSON editor does): the secrets stay.
    const read = (await api('GET', `/api/v1/brands/${brandId}/settings`, manager)).json();
    const sentBack = await patch({ webhooks: [{ ...read.webhooks[0], events: ['case.escalated'] }], delivery: read.delivery });
    expect(sentBack.statusCode, sentBack.body).toBe(200);
    expect(sentBack.body).not.toContain(SECRET);
    let stored = await h.container.brands.getSettings(system, brandId);
    expect(stored.webhooks).toEqual([{ url, secret: SECRET, events: ['case.escalated'] }]);
    expect(stored.delivery.twitter).toEqual(bridge);
    // A secret never follows a webhook to another URL; null removes it.
    await patch({ webhooks: [{ url: 'http://127.0.0.1:9/elsewhere' }], delivery: { twitter: { type: 'webhook', url: bridge.url, secret: null } } });
    stored = await h.container.brands.getSettings(system, brandId);
    expect(stored.webhooks).toEqual([{ url: 'http://127.0.0.1:9/elsewhere' }]);
    expect(stored.delivery.twitter).toEqual({ type: 'webhook', url: bridge.url });
  });

  it('validates the response policy with clear errors', async () => {
    const bad = await api('PATCH', `/api/v1/brands/${brandId}/settings`, manager, { responsePolicy: { calendar: { timeZone: 'Nowhere/Land' } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('time zone');
    const ghostTeam = await api('PATCH', `/api/v1/brands/${brandId}/settings`, manager, {
      routing: { rules: [{ name: 'x', teamId: 'no-such-team' }] },
    });
    expect(ghostTeam.statusCode).toBe(400);
    expect(ghostTeam.json().error).toMatchObject({ field: 'routing.rules.0.teamId' });
    const stranger = await api('PATCH', `/api/v1/brands/${brandId}/settings`, manager, { escalation: { legalUserIds: ['someone-else'] } });
    expect(stranger.statusCode).toBe(400);
    const responderTry = await api('PATCH', `/api/v1/brands/${brandId}/settings`, responder, { responsePolicy: { cooldownMinutes: 5 } });
    expect(responderTry.statusCode).toBe(403);
  });

  it('snoozes a case until a time; it comes back by itself, or when the customer writes', async () => {
    clock.set('2026-12-01T10:00:00Z');
    const m = await ingest(buildMention({ text: '#kind=constructive the invoice is wrong', created_at: '2026-12-01T10:00:00Z' }));
    const url = `/api/v1/cases/${m.caseId}`;
    expect((await api('POST', `${url}/snooze`, manager, { until: '2026-12-01T09:00:00Z' })).statusCode).toBe(400);
    const snoozed = await api('POST', `${url}/snooze`, manager, { hours: 2 });
    expect(snoozed.json()).toMatchObject({ status: 'waiting', snoozed_until: '2026-12-01T12:00:00.000Z', deadline: { state: 'ok' } });
    await restart();
    clock.set('2026-12-01T12:00:00Z');
    expect((await tick()).snoozesEnded).toBe(1);
    expect(await getCase(m.caseId!)).toMatchObject({ status: 'in_progress', snoozed_until: null });
    await api('POST', `${url}/snooze`, manager, { hours: 24 });
    await ingest(buildMention({ text: '#kind=constructive any news?', in_reply_to: m.externalId }));
    expect(await getCase(m.caseId!)).toMatchObject({ status: 'in_progress', snoozed_until: null });
  });
});

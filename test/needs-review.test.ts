/**
 * No silent drops, on both databases: the desk silences a troll, holds an
 * impulsive poster or escalates black PR by itself only when the kind's
 * confidence reaches the brand's threshold. Below it the case keeps a normal
 * deadline, is flagged `needs_review` and shows in that inbox filter; a
 * confirm or a correction clears the flag and re-plans the case; a case
 * silenced automatically says why and is brought back with one click; the
 * managers get a daily list of what was decided automatically.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_AUTOMATIC_THRESHOLDS } from '../src/domain/classification/automatic-action.js';
import { ManualClock } from '../src/domain/clock.js';
import { DIALECTS, createTestDatabase, type TestDatabase } from './support/databases.js';
import { buildMention } from './support/factories.js';
import { type Harness, openHarness, type SignedIn } from './support/harness.js';
import { ingestOne, type Method, api as request } from './support/requests.js';
import { ScriptedClassifier } from './support/scripted-classifier.js';

interface Event {
  type: string;
  data: Record<string, unknown>;
}

describe.each(DIALECTS)('needs review and automatic decisions on %s', (dialect) => {
  let db: TestDatabase;
  let h: Harness;
  let clock: ManualClock;
  let brandId: string;
  let token: string;
  let manager: SignedIn;
  let responder: SignedIn;

  const api = (method: Method, url: string, who: SignedIn, payload?: object) => request(h, method, url, who, payload);
  const ingest = (text: string, at = clock.now().toISOString(), author?: { handle: string }) =>
    ingestOne(h, token, buildMention({ text, created_at: at, ...(author ? { author } : {}) }));
  const getCase = async (id: string) => (await api('GET', `/api/v1/cases/${id}`, manager)).json();
  const events = async (id: string) => (await api('GET', `/api/v1/cases/${id}/timeline`, manager)).json().items as Event[];
  const inbox = async (q: string) =>
    (await api('GET', `/api/v1/cases?brand=${brandId}&${q}`, manager)).json().items.map((x: { id: string }) => x.id) as string[];
  const notifications = async (who: SignedIn) =>
    (await api('GET', '/api/v1/notifications', who)).json().items as Array<{ type: string; case_id: string | null; data: Record<string, unknown> }>;

  beforeEach(async () => {
    db = await createTestDatabase(dialect);
    clock = new ManualClock('2026-12-01T09:00:00Z'); // a Tuesday
    h = await openHarness(dialect, db, {}, clock, new ScriptedClassifier());
    brandId = await h.createBrand('acme');
    token = await h.createToken(brandId);
    await h.createUser('manager@acme.test', brandId, 'manager');
    await h.createUser('r1@acme.test', brandId, 'responder');
    manager = await h.login('manager@acme.test');
    responder = await h.login('r1@acme.test');
    const res = await api('PATCH', `/api/v1/brands/${brandId}/settings`, manager, {
      responsePolicy: { calendar: { timeZone: 'UTC' }, businessHours: false, cooldownMinutes: 180 },
      automaticThresholds: { trolling: 0.9, impulsive: 0.7, black_pr: 0.8 },
    });
    expect(res.statusCode, res.body).toBe(200);
  });
  afterEach(async () => {
    await h.close();
    await db.drop();
  });

  it('validates the thresholds and has defaults', async () => {
    const bad = await api('PATCH', `/api/v1/brands/${brandId}/settings`, manager, { automaticThresholds: { trolling: 1.5 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('trolling');
    const other = await h.createBrand('other');
    const s = await h.container.brands.getSettings({ type: 'system', name: 't' }, other);
    expect(s.automaticThresholds).toEqual(DEFAULT_AUTOMATIC_THRESHOLDS);
  });

  it('a low-confidence troll keeps a normal deadline and is flagged for review; a confident one is silenced with its reason', async () => {
    const unsure = await ingest('#kind=trolling #conf=0.62 you people are clowns, my refund never came');
    const c = await getCase(unsure.caseId!);
    expect(c.status).toBe('new');
    expect(c.deadline).toMatchObject({ type: 'first', due_at: '2026-12-01T10:00:00.000Z' });
    expect(c.flags).toContain('needs_review');
    const review = (await events(c.id)).find((e) => e.type === 'review_needed');
    expect(review?.data).toMatchObject({ kind: 'trolling', action: 'not_engaging', confidence: 0.62, threshold: 0.9 });
    expect(String(review?.data.reason)).toContain('below');

    const sure = await ingest('#kind=trolling #conf=0.97 lol clowns');
    const s = await getCase(sure.caseId!);
    expect(s.status).toBe('not_engaging');
    expect(s.status_reason).toContain('trolling');
    expect(s.deadline).toBeNull();
    expect(s.flags).not.toContain('needs_review');
    expect((await events(s.id)).find((e) => e.type === 'automatic_action')?.data).toMatchObject({
      kind: 'trolling',
      action: 'not_engaging',
      confidence: 0.97,
      threshold: 0.9,
    });

    // At the threshold exactly the desk acts.
    const edge = await getCase((await ingest('#kind=trolling #conf=0.9 clowns again')).caseId!);
    expect(edge.status).toBe('not_engaging');

    expect(await inbox('flag=needs_review')).toEqual([c.id]);
    expect(await inbox('flag=needs_review&status=new')).toEqual([c.id]);
  });

  it('gates the cool-down and black-PR escalation the same way', async () => {
    const calm = await getCase((await ingest('#kind=impulsive #conf=0.5 furious!!!')).caseId!);
    expect(calm.cooldown_until).toBeNull();
    expect(calm.deadline.due_at).toBe('2026-12-01T10:00:00.000Z');
    expect(calm.flags).toContain('needs_review');
    const hot = await getCase((await ingest('#kind=impulsive #conf=0.8 furious!!!')).caseId!);
    expect(hot.cooldown_until).toBe('2026-12-01T12:00:00.000Z');
    expect(hot.flags).not.toContain('needs_review');

    const smear = await getCase((await ingest('#kind=black_pr #conf=0.6 everyone switch to RivalCo')).caseId!);
    expect(smear.flags).toEqual(expect.arrayContaining(['black_pr', 'needs_review']));
    expect((await notifications(manager)).filter((n) => n.type === 'case.escalated')).toEqual([]);
    const loud = await getCase((await ingest('#kind=black_pr #conf=0.85 everyone switch to RivalCo')).caseId!);
    expect((await notifications(manager)).filter((n) => n.type === 'case.escalated').map((n) => n.case_id)).toEqual([loud.id]);
  });

  it('on a case a mention joins, only an unsure black-PR escalation asks for review', async () => {
    const author = { handle: 'repeat_customer' };
    const first = await ingest('#kind=constructive my parcel is late', undefined, author);
    const troll = await ingest('#kind=trolling #conf=0.4 clowns', undefined, author);
    expect(troll.caseId).toBe(first.caseId);
    expect((await getCase(first.caseId!)).flags).not.toContain('needs_review');
    const smear = await ingest('#kind=black_pr #conf=0.4 everyone go to RivalCo', undefined, author);
    expect(smear.caseId).toBe(first.caseId);
    const c = await getCase(first.caseId!);
    expect(c.flags).toEqual(expect.arrayContaining(['black_pr', 'needs_review']));
    expect(c.status).toBe('new');
    expect((await notifications(manager)).filter((n) => n.type === 'case.escalated')).toEqual([]);
    expect((await events(c.id)).filter((e) => e.type === 'review_needed').map((e) => e.data.kind)).toEqual(['black_pr']);
  });

  it('confirming the kind clears the flag and applies the policy; correcting it clears the flag and follows the new kind', async () => {
    const troll = await ingest('#kind=trolling #conf=0.6 clowns');
    const confirm = await api('POST', `/api/v1/mentions/${troll.id}/correction`, responder, { kind: 'trolling' });
    expect(confirm.statusCode, confirm.body).toBe(201);
    const t = await getCase(troll.caseId!);
    expect(t.flags).not.toContain('needs_review');
    expect(t.status).toBe('not_engaging');
    expect(t.deadline).toBeNull();
    expect((await events(t.id)).find((e) => e.type === 'review_done')?.data).toMatchObject({ kind: 'trolling', confirmed: true });

    const complaint = await ingest('#kind=trolling #conf=0.6 my card was charged twice, clowns');
    await api('POST', `/api/v1/mentions/${complaint.id}/correction`, responder, { kind: 'constructive' });
    const k = await getCase(complaint.caseId!);
    expect(k).toMatchObject({ status: 'new', kind: 'constructive' });
    expect(k.flags).not.toContain('needs_review');
    expect(k.deadline).toMatchObject({ type: 'first', due_at: '2026-12-01T10:00:00.000Z' });
    expect(await inbox('flag=needs_review')).toEqual([]);

    const angry = await ingest('#kind=impulsive #conf=0.5 furious!!!');
    clock.advance(30 * 60_000);
    await api('POST', `/api/v1/mentions/${angry.id}/correction`, responder, { kind: 'impulsive' });
    const a = await getCase(angry.caseId!);
    expect(a.cooldown_until).toBe('2026-12-01T12:00:00.000Z');
    expect(a.deadline.due_at).toBe('2026-12-01T13:00:00.000Z');

    const smear = await ingest('#kind=black_pr #conf=0.5 switch to RivalCo');
    await api('POST', `/api/v1/mentions/${smear.id}/correction`, responder, { kind: 'black_pr' });
    expect((await notifications(manager)).filter((n) => n.type === 'case.escalated').map((n) => n.case_id)).toEqual([smear.caseId]);
    expect((await getCase(smear.caseId!)).replies_need_approval).toBe(true);

    const corrections = (await api('GET', `/api/v1/brands/${brandId}/corrections`, manager)).json().items;
    expect(corrections.map((c: { kind: string }) => c.kind)).toEqual(['trolling', 'constructive', 'impulsive', 'black_pr']);
  });

  it('a person’s “not engaging” or resolve on an unsure case settles its review: the flag goes, recorded with the decision; the kind stays', async () => {
    const troll = await ingest('#kind=trolling #conf=0.6 clowns, all of you');
    const moved = await api('PATCH', `/api/v1/cases/${troll.caseId}`, responder, {
      status: 'not_engaging',
      reason: 'just trolling, nothing to answer',
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().flags).not.toContain('needs_review');
    const t = await getCase(troll.caseId!);
    expect(t).toMatchObject({ status: 'not_engaging', kind: 'trolling', deadline: null });
    expect(t.flags).not.toContain('needs_review');
    expect((await events(t.id)).find((e) => e.type === 'review_done')?.data).toMatchObject({ kind: 'trolling', decided: 'not_engaging' });

    const question = await ingest('#kind=black_pr #conf=0.5 is RivalCo cheaper?');
    expect((await getCase(question.caseId!)).flags).toContain('needs_review');
    expect((await api('PATCH', `/api/v1/cases/${question.caseId}`, responder, { status: 'resolved' })).statusCode).toBe(200);
    expect((await getCase(question.caseId!)).flags).not.toContain('needs_review');

    // Moving it along without closing it is no decision on the kind: the flag stays.
    const unsure = await ingest('#kind=trolling #conf=0.6 clowns again');
    await api('PATCH', `/api/v1/cases/${unsure.caseId}`, responder, { status: 'in_progress' });
    expect((await getCase(unsure.caseId!)).flags).toContain('needs_review');
  });

  it('brings a case silenced automatically back to work with one click, storing the right kind as a correction', async () => {
    const m = await ingest('#kind=trolling #conf=0.95 my order never came, clowns');
    clock.advance(20 * 60_000);
    const back = await api('POST', `/api/v1/cases/${m.caseId}/bring-back`, responder, { kind: 'constructive' });
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json()).toMatchObject({
      status: 'in_progress',
      kind: 'constructive',
      deadline: { type: 'first', due_at: '2026-12-01T10:20:00.000Z' },
    });
    const tl = await events(m.caseId!);
    expect(tl.find((e) => e.type === 'brought_back')?.data).toMatchObject({
      kind: 'constructive',
      automatic: { kind: 'trolling', confidence: 0.95, threshold: 0.9 },
    });
    expect(tl.some((e) => e.type === 'status_changed' && e.data.from === 'not_engaging' && e.data.to === 'in_progress')).toBe(true);
    const corrections = (await api('GET', `/api/v1/brands/${brandId}/corrections`, manager)).json().items;
    expect(corrections).toHaveLength(1);
    expect(corrections[0]).toMatchObject({ kind: 'constructive' });

    // Once back it cannot be brought back again; without a kind no correction is stored.
    expect((await api('POST', `/api/v1/cases/${m.caseId}/bring-back`, responder, {})).statusCode).toBe(409);
    const other = await ingest('#kind=trolling #conf=0.99 clowns');
    const plain = await api('POST', `/api/v1/cases/${other.caseId}/bring-back`, responder);
    expect(plain.json().status, plain.body).toBe('in_progress');
    expect((await api('GET', `/api/v1/brands/${brandId}/corrections`, manager)).json().items).toHaveLength(1);
  });

  it('tells each manager once a day what the desk decided by itself, with links, and nothing when it decided nothing', async () => {
    const admin = await h.createUser('boss@acme.test', brandId, 'admin');
    const troll = await ingest('#kind=trolling #conf=0.95 clowns');
    clock.set('2026-12-01T11:00:00Z');
    const hot = await ingest('#kind=impulsive #conf=0.9 furious!!!');
    const smear = await ingest('#kind=black_pr #conf=0.9 switch to RivalCo');
    await ingest('#kind=trolling #conf=0.5 clowns, where is my refund'); // for review: not an automatic decision
    await ingest('#kind=constructive my parcel is late');

    // Before the list's hour (08:00 in the brand's time zone) the day's list is yesterday's, which was empty.
    clock.set('2026-12-02T07:59:00Z');
    expect(await h.container.dailyList.sendDue()).toBe(0);
    clock.set('2026-12-02T08:05:00Z');
    expect(await h.container.dailyList.sendDue()).toBe(2); // the manager and the admin
    expect(await h.container.dailyList.sendDue()).toBe(0); // once a day
    clock.set('2026-12-02T20:00:00Z');
    expect(await h.container.dailyList.sendDue()).toBe(0);

    const lists = (await notifications(manager)).filter((n) => n.type === 'automatic.daily');
    expect(lists).toHaveLength(1);
    expect(lists[0]!.data).toMatchObject({ day: '2026-12-02', total: 3, counts: { not_engaging: 1, cool_down: 1, escalation: 1 } });
    const items = lists[0]!.data.items as Array<{ case_id: string; action: string; link: string; confidence: number }>;
    expect(items.map((i) => [i.case_id, i.action])).toEqual([
      [troll.caseId, 'not_engaging'],
      [hot.caseId, 'cool_down'],
      [smear.caseId, 'escalation'],
    ]);
    expect(items[0]).toMatchObject({ link: `/cases/${troll.caseId}`, confidence: 0.95 });
    expect(
      (await h.container.store.repos.notifications.recipientsSince(brandId, 'automatic.daily', [admin], '2026-12-02T00:00:00.000Z')).has(admin),
    ).toBe(true);
    // Responders get no list; the next day had no automatic decisions: nothing is sent.
    expect((await notifications(responder)).filter((n) => n.type === 'automatic.daily')).toEqual([]);
    clock.set('2026-12-03T09:00:00Z');
    expect(await h.container.dailyList.sendDue()).toBe(0);
  });
});

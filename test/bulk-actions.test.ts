/**
 * The inbox's bulk actions on both databases (issue 16): one change on many
 * cases, each checked on its own — an unanswered complaint resolved without a
 * reason, another brand's case, a case that cannot take the change are
 * refused with why, and the rest go through with their own events.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/domain/clock.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from './support/databases.js';
import { buildMention } from './support/factories.js';
import { type Harness, openHarness, type SignedIn } from './support/harness.js';
import * as requests from './support/requests.js';
import { ScriptedClassifier } from './support/scripted-classifier.js';

describe.each(DIALECTS)('bulk actions on %s', (dialect) => {
  let db: TestDatabase;
  let h: Harness;
  let clock: ManualClock;
  let brandId: string;
  let token: string;
  let manager: SignedIn;
  let responderId: string;

  const api = (method: requests.Method, url: string, who: SignedIn, payload?: object) => requests.api(h, method, url, who, payload);
  const ingest = async (text: string) => (await requests.ingestOne(h, token, buildMention({ created_at: clock.now().toISOString(), text }))).caseId!;
  const bulk = (payload: object, who = manager) => api('POST', '/api/v1/cases/bulk', who, payload);
  const statusOf = async (id: string) => (await api('GET', `/api/v1/cases/${id}`, manager)).json().status as string;

  beforeEach(async () => {
    db = await createTestDatabase(dialect);
    clock = new ManualClock('2026-12-01T09:00:00Z');
    h = await openHarness(dialect, db, {}, clock, new ScriptedClassifier());
    brandId = await h.createBrand('acme');
    token = await h.createToken(brandId);
    await h.createUser('manager@acme.test', brandId, 'manager');
    responderId = await h.createUser('resp@acme.test', brandId, 'responder');
    manager = await h.login('manager@acme.test');
  });
  afterEach(async () => {
    await h.close();
    await db.drop();
  });

  it('assigns many cases at once, each with its own event', async () => {
    const ids = [await ingest('#kind=question when do you open?'), await ingest('#kind=question do you deliver to Cluj?')];
    const res = await bulk({ brand: brandId, case_ids: ids, change: { assignee_id: responderId } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ changed: 2, failed: 0 });
    for (const id of ids) {
      expect((await api('GET', `/api/v1/cases/${id}`, manager)).json().assignee?.id).toBe(responderId);
      const types = (await api('GET', `/api/v1/cases/${id}/timeline`, manager)).json().items.map((e: { type: string }) => e.type);
      expect(types).toContain('assigned');
    }
  });

  it('resolves what it may and says why for the rest: an unanswered complaint needs a reason, another brand is not found', async () => {
    const question = await ingest('#kind=question when do you open?');
    const complaint = await ingest('#kind=constructive parcel 55123 is two weeks late');
    const otherBrand = await h.createBrand('rival');
    const otherToken = await h.createToken(otherBrand);
    const foreign = (await requests.ingestOne(h, otherToken, buildMention({ text: '#kind=question hi' }))).caseId!;
    const res = await bulk({ brand: brandId, case_ids: [question, complaint, foreign], change: { status: 'resolved' } });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ changed: 1, failed: 2 });
    const byId = new Map(body.items.map((i: { id: string }) => [i.id, i]));
    expect(byId.get(question)).toMatchObject({ ok: true, case: { status: 'resolved' } });
    expect(byId.get(complaint)).toMatchObject({ ok: false, error: { field: 'reason_code' } });
    expect(byId.get(foreign)).toMatchObject({ ok: false, error: { id: 'not_found' } });
    expect(await statusOf(complaint)).toBe('new');
    expect((await h.container.store.repos.cases.findById(foreign))?.status).toBe('new');

    // With the reason the form asks for, the complaint goes through too.
    const again = await bulk({
      brand: brandId,
      case_ids: [complaint],
      change: { status: 'resolved', reason_code: 'answered_elsewhere', reason: 'fixed by phone' },
    });
    expect(again.json(), again.body).toMatchObject({ changed: 1, failed: 0 });
    expect(await statusOf(complaint)).toBe('resolved');
  });

  it('marks many as not engaging only with a reason, and refuses a brand the caller is not in', async () => {
    // Venting a person decides not to engage with (a troll the classifier was sure of is silenced already).
    const ids = [await ingest('#kind=impulsive lol you clowns'), await ingest('#kind=impulsive worst shop ever')];
    const noReason = await bulk({ brand: brandId, case_ids: ids, change: { status: 'not_engaging' } });
    expect(noReason.json()).toMatchObject({ changed: 0, failed: 2 });
    const ok = await bulk({ brand: brandId, case_ids: ids, change: { status: 'not_engaging', reason: 'the same troll, known account' } });
    expect(ok.json()).toMatchObject({ changed: 2, failed: 0 });
    for (const id of ids) expect(await statusOf(id)).toBe('not_engaging');

    const otherBrand = await h.createBrand('rival');
    await h.createUser('boss@rival.test', otherBrand, 'admin');
    const outsider = await h.login('boss@rival.test');
    const refused = await bulk({ brand: brandId, case_ids: ids, change: { assignee_id: null } }, outsider);
    expect([403, 404]).toContain(refused.statusCode);
    expect((await bulk({ brand: brandId, case_ids: [], change: { status: 'resolved' } })).statusCode).toBe(400);
    expect(
      (await bulk({ brand: brandId, case_ids: Array.from({ length: 101 }, (_, i) => `c${i}`), change: { status: 'resolved' } })).statusCode,
    ).toBe(400);
  });
});

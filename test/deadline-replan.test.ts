/**
 * A changed response policy plans the open cases' owed first answers again (issue 16; a new user's trial set a
 * time zone and a 1-hour target and saw older cases keep the old due moment, "3h 0m of business time left"): the
 * save queues a job, which moves each running first-answer deadline to the new policy's, counted from the case's
 * opening, with a timeline event; a case whose deadline has passed keeps its breach, and a case whose target did
 * not change is left alone. Both databases.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/domain/clock.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from './support/databases.js';
import { buildMention } from './support/factories.js';
import { type Harness, openHarness, type SignedIn } from './support/harness.js';
import * as requests from './support/requests.js';
import { ScriptedClassifier } from './support/scripted-classifier.js';

describe.each(DIALECTS)('deadlines follow a changed response policy on %s', (dialect) => {
  let db: TestDatabase;
  let h: Harness;
  let clock: ManualClock;
  let brandId: string;
  let token: string;
  let manager: SignedIn;

  const api = (method: requests.Method, url: string, who: SignedIn, payload?: object) => requests.api(h, method, url, who, payload);
  const ingest = async (text: string) => (await requests.ingestOne(h, token, buildMention({ created_at: clock.now().toISOString(), text }))).caseId!;
  const dueOf = async (id: string) => (await h.container.store.repos.cases.findById(id))!.responseDueAt;
  const events = async (id: string) =>
    ((await api('GET', `/api/v1/cases/${id}/timeline`, manager)).json().items as Array<{ type: string; data: Record<string, unknown> }>).filter(
      (e) => e.type === 'deadline_replanned',
    );
  const policy = (negativeMinutes: number) => ({
    calendar: { timeZone: 'UTC' },
    businessHours: false,
    cooldownMinutes: 0,
    targets: [
      { kinds: ['constructive', 'impulsive', 'trolling', 'black_pr'], firstResponseMinutes: negativeMinutes },
      { kinds: ['question'], firstResponseMinutes: 120 },
    ],
  });

  beforeEach(async () => {
    db = await createTestDatabase(dialect);
    clock = new ManualClock('2026-12-01T09:00:00Z');
    h = await openHarness(dialect, db, {}, clock, new ScriptedClassifier());
    brandId = await h.createBrand('acme');
    token = await h.createToken(brandId);
    await h.createUser('manager@acme.test', brandId, 'manager');
    manager = await h.login('manager@acme.test');
    const res = await api('PATCH', `/api/v1/brands/${brandId}/settings`, manager, { responsePolicy: policy(60) });
    expect(res.statusCode, res.body).toBe(200);
    await h.runJobs();
  });
  afterEach(async () => {
    await h.close();
    await db.drop();
  });

  it('moves running first-answer deadlines to the new target, with an event; a breached one keeps its breach', async () => {
    const breached = await ingest('#kind=constructive the app logs me out every hour');
    expect(await dueOf(breached)).toBe('2026-12-01T10:00:00.000Z');
    clock.set(new Date('2026-12-01T10:05:00Z'));
    const owed = await ingest('#kind=constructive my card was charged twice');
    const question = await ingest('#kind=question do you ship to Cahul?');
    expect([await dueOf(owed), await dueOf(question)]).toEqual(['2026-12-01T11:05:00.000Z', '2026-12-01T12:05:00.000Z']);

    const res = await api('PATCH', `/api/v1/brands/${brandId}/settings`, manager, { responsePolicy: policy(30) });
    expect(res.statusCode, res.body).toBe(200);
    await h.runJobs();

    expect(await dueOf(owed)).toBe('2026-12-01T10:35:00.000Z');
    expect((await events(owed)).map((e) => e.data)).toEqual([
      { reason: 'response_policy_changed', due_at: { from: '2026-12-01T11:05:00.000Z', to: '2026-12-01T10:35:00.000Z' } },
    ]);
    // The question's target did not change; the breached case keeps the deadline it missed.
    expect(await dueOf(question)).toBe('2026-12-01T12:05:00.000Z');
    expect(await events(question)).toEqual([]);
    expect(await dueOf(breached)).toBe('2026-12-01T10:00:00.000Z');
    expect(await events(breached)).toEqual([]);

    // Saving the same policy again changes nothing.
    expect((await api('PATCH', `/api/v1/brands/${brandId}/settings`, manager, { responsePolicy: policy(30) })).statusCode).toBe(200);
    await h.runJobs();
    expect(await events(owed)).toHaveLength(1);
  });

  it('takes the deadline off when the new policy sets no target for the kind', async () => {
    const owed = await ingest('#kind=question is the shop open on Sunday?');
    expect(await dueOf(owed)).toBe('2026-12-01T11:00:00.000Z');
    const none = { ...policy(60), targets: [{ kinds: ['constructive'], firstResponseMinutes: 60 }] };
    expect((await api('PATCH', `/api/v1/brands/${brandId}/settings`, manager, { responsePolicy: none })).statusCode).toBe(200);
    await h.runJobs();
    expect(await dueOf(owed)).toBeNull();
    expect((await events(owed))[0]?.data).toEqual({ reason: 'response_policy_changed', due_at: { from: '2026-12-01T11:00:00.000Z', to: null } });
  });
});

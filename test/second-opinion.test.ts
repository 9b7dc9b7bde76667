/**
 * The second opinion end to end on both databases, against a local fake
 * language-model server: a valid answer is recorded and the case follows it
 * as a machine correction; invalid answers, errors and time-outs change
 * nothing; the rate limit and the daily cap hold across a restart (manual
 * clock, no sleeping); a brand without an endpoint sends nothing.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/domain/clock.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from './support/databases.js';
import { buildMention } from './support/factories.js';
import { type FakeLlm, type FakeLlmReply, startFakeLlm } from './support/fake-llm.js';
import { type Harness, openHarness, type SignedIn } from './support/harness.js';
import { type Method, postMentions, api as request } from './support/requests.js';
import { ScriptedClassifier } from './support/scripted-classifier.js';

const CONSTRUCTIVE = {
  kind: 'constructive',
  sentiment: 'negative',
  situation: 'service_complaint',
  topics: ['billing'],
  signals: ['profanity'],
  reasons: ['Profanity around a concrete problem is never trolling (hard cases).', 'A double charge on the card is actionable.'],
};
const answer = (body: object): FakeLlmReply => ({ content: JSON.stringify(body) });

describe.each(DIALECTS)('second opinion on %s', (dialect) => {
  let llm: FakeLlm;
  let db: TestDatabase;
  let h: Harness;
  let clock: ManualClock;
  let brandId: string;
  let token: string;
  let manager: SignedIn;

  const open = async (env: Record<string, string> = {}) => {
    h = await openHarness(
      dialect,
      db,
      { DEFUSE_LLM_BASE_URL: llm.url, DEFUSE_LLM_MODEL: 'local-model', DEFUSE_LLM_API_KEY: 'sk-test', DEFUSE_LLM_TIMEOUT_MS: '5000', ...env },
      clock,
      new ScriptedClassifier(),
    );
  };
  const api = (method: Method, url: string, payload?: object) => request(h, method, url, manager, payload);
  const configure = async (secondOpinion: object, brand = brandId) => {
    const res = await api('PATCH', `/api/v1/brands/${brand}/settings`, { secondOpinion });
    expect(res.statusCode, res.body).toBe(200);
  };
  const ingest = async (text: string, bearer = token) =>
    (await postMentions(h, bearer, buildMention({ text, created_at: clock.now().toISOString() }))).json<{ items: { id: string }[] }>().items[0]!.id;
  const mention = async (id: string) => (await api('GET', `/api/v1/mentions/${id}`)).json();
  const caseOf = async (id: string) => (await api('GET', `/api/v1/cases/${(await mention(id)).case_id}`)).json();
  const timeline = async (id: string) =>
    (await api('GET', `/api/v1/cases/${(await mention(id)).case_id}/timeline`)).json().items as Array<{
      type: string;
      actor: { type: string; id: string | null };
      data: Record<string, unknown>;
    }>;
  const attempts = async () =>
    (await h.container.store.database.db.selectFrom('second_opinions').selectAll().orderBy('requested_at').execute()).map((r) => r.outcome).sort();
  const jobsQueued = async () =>
    (
      await h.container.store.database.db
        .selectFrom('jobs')
        .select(['run_at'])
        .where('name', '=', 'classification.second_opinion')
        .where('status', '=', 'queued')
        .execute()
    ).map((j) => j.run_at);

  beforeAll(async () => {
    llm = await startFakeLlm();
  });
  afterAll(async () => {
    await llm.close();
  });
  beforeEach(async () => {
    llm.requests.length = 0;
    llm.respond = () => answer(CONSTRUCTIVE);
    db = await createTestDatabase(dialect);
    clock = new ManualClock('2026-12-01T09:00:00Z');
    await open();
    brandId = await h.createBrand('acme');
    token = await h.createToken(brandId);
    await h.createUser('manager@acme.test', brandId, 'manager');
    manager = await h.login('manager@acme.test');
  });
  afterEach(async () => {
    await h.close();
    await db.drop();
  });

  it('asks about an unsure mention only, records the answer with its reasons, and the case follows it as a machine correction', async () => {
    await configure({ enabled: true });
    const unsure = await ingest('#kind=trolling #conf=40 Are you f***ing kidding me?? Third time this month my card got charged twice.');
    const sure = await ingest('#kind=trolling #conf=95 lol this company is a clown show');
    await h.runJobs();

    expect(llm.requests).toHaveLength(1);
    const req = llm.requests[0]!;
    expect(req).toMatchObject({
      model: 'local-model',
      auth: 'Bearer sk-test',
      temperature: 0,
      response_format: { type: 'json_schema', json_schema: { name: 'mention_labels', strict: true } },
    });
    expect(req.messages[0]!.content).toContain('## Hard cases');
    expect(req.messages[0]!.content).toContain('Profanity alone does not make trolling');
    expect(req.messages[1]!.content).toContain('Third time this month my card got charged twice');

    const m = await mention(unsure);
    // The mention keeps the model's reading as evidence; the second opinion sits beside it.
    expect(m.classification).toMatchObject({
      kind: 'trolling',
      second_opinion: { ...CONSTRUCTIVE, model: 'local-model', from: { kind: 'trolling' }, changed: true, applied: true },
    });
    expect(await caseOf(unsure)).toMatchObject({ kind: 'constructive', sentiment: 'negative', situation: 'service_complaint' });
    const events = await timeline(unsure);
    const opinion = events.find((e) => e.type === 'second_opinion')!;
    expect(opinion).toMatchObject({
      actor: { type: 'system', id: 'second-opinion' },
      data: { from: { kind: 'trolling' }, to: { kind: 'constructive' }, reasons: CONSTRUCTIVE.reasons, applied: true },
    });
    const reclassified = events.find((e) => e.type === 'reclassified')!;
    expect(reclassified).toMatchObject({
      actor: { type: 'system', id: 'second-opinion' },
      data: { source: 'second_opinion', from: { kind: 'trolling' }, to: { kind: 'constructive', situation: 'service_complaint' } },
    });
    // A machine's correction is not a person's labelled example.
    expect((await api('GET', `/api/v1/brands/${brandId}/corrections`)).json().items).toEqual([]);

    expect((await mention(sure)).classification.second_opinion).toBeNull();
    expect(await caseOf(sure)).toMatchObject({ kind: 'trolling' });
    expect(await attempts()).toEqual(['changed']);
    expect(await h.container.secondOpinion.today(brandId)).toEqual({ changed: 1 });
  });

  it("records agreement without touching the case, and never overrides a person's correction", async () => {
    await configure({ enabled: true });
    llm.respond = () => answer({ ...CONSTRUCTIVE, kind: 'trolling', situation: 'conflict_for_conflict', reasons: ['Mockery with nothing to fix.'] });
    const agreed = await ingest('#kind=trolling #conf=30 clowns');
    await h.runJobs();
    expect((await mention(agreed)).classification.second_opinion).toMatchObject({ kind: 'trolling', changed: false, applied: false });
    expect((await timeline(agreed)).filter((e) => e.type === 'reclassified')).toEqual([]);

    // A person corrects before the second opinion runs: the person's reading wins.
    llm.respond = () => answer(CONSTRUCTIVE);
    const corrected = await ingest('#kind=impulsive #conf=30 my card was charged twice');
    // Processed (which queues the second opinion) but the job not run yet.
    await h.container.pipeline.processMentions([corrected]);
    const fix = await api('POST', `/api/v1/mentions/${corrected}/correction`, { kind: 'praise' });
    expect(fix.statusCode, fix.body).toBe(201);
    await h.runJobs();
    expect((await mention(corrected)).classification.second_opinion).toMatchObject({ kind: 'constructive', changed: true, applied: false });
    expect(await caseOf(corrected)).toMatchObject({ kind: 'praise' });
  });

  it('ignores prose, broken JSON and answers outside the schema; the model stands', async () => {
    await configure({ enabled: true });
    const replies: FakeLlmReply[] = [
      { content: 'This is constructive, because the card was charged twice.' },
      { content: '{"kind": "constructive", "sentiment": ' },
      answer({ ...CONSTRUCTIVE, kind: 'furious' }),
      answer({ ...CONSTRUCTIVE, reasons: [] }),
      answer({ ...CONSTRUCTIVE, confidence: 0.99 }),
    ];
    const ids: string[] = [];
    for (const [i, reply] of replies.entries()) {
      llm.respond = () => reply;
      ids.push(await ingest(`#kind=trolling #conf=20 number ${i}`));
      await h.runJobs();
    }
    expect(llm.requests).toHaveLength(replies.length);
    for (const id of ids) {
      expect((await mention(id)).classification.second_opinion).toBeNull();
      expect(await caseOf(id)).toMatchObject({ kind: 'trolling' });
      expect((await timeline(id)).map((e) => e.type)).not.toContain('second_opinion');
    }
    expect(await attempts()).toEqual(Array(replies.length).fill('invalid'));
  });

  it('falls back silently on a time-out or a server error', async () => {
    // A short time-out here only: elsewhere a loaded machine's first fetch may take longer than this.
    await h.close();
    await open({ DEFUSE_LLM_TIMEOUT_MS: '200' });
    await configure({ enabled: true });
    llm.respond = () => ({ ...answer(CONSTRUCTIVE), delayMs: 1000 });
    const slow = await ingest('#kind=trolling #conf=20 slow one');
    await h.runJobs();
    llm.respond = () => ({ status: 500 });
    const broken = await ingest('#kind=trolling #conf=20 broken one');
    await h.runJobs();
    for (const id of [slow, broken]) {
      expect((await mention(id)).classification.second_opinion).toBeNull();
      expect(await caseOf(id)).toMatchObject({ kind: 'trolling' });
    }
    expect(await attempts()).toEqual(['error', 'timeout']);
    // Nothing is retried: the jobs ended.
    expect(await jobsQueued()).toEqual([]);
  });

  it('asks again without response_format when the server does not support it', async () => {
    await configure({ enabled: true });
    llm.respond = (req) => (req.response_format ? { status: 400 } : { content: '```json\n' + JSON.stringify(CONSTRUCTIVE) + '\n```' });
    const first = await ingest('#kind=trolling #conf=20 one');
    await h.runJobs();
    const second = await ingest('#kind=trolling #conf=20 two');
    await h.runJobs();
    expect(llm.requests.map((r) => Boolean(r.response_format))).toEqual([true, false, false]);
    expect(await caseOf(first)).toMatchObject({ kind: 'constructive' });
    expect(await caseOf(second)).toMatchObject({ kind: 'constructive' });
  });

  it('keeps to the rate limit and the daily cap, across a restart', async () => {
    await configure({ enabled: true, perMinute: 2, perDay: 3 });
    for (let i = 0; i < 4; i++) await ingest(`#kind=trolling #conf=20 burst ${i}`);
    await h.runJobs();
    // Two calls in the minute; the third reserves the slot a minute later (the last of the day's cap),
    // the fourth finds the day used up and is skipped.
    expect(llm.requests).toHaveLength(2);
    expect(await jobsQueued()).toEqual(['2026-12-01T09:01:00.000Z']);
    expect(await attempts()).toEqual(['capped', 'changed', 'changed', 'scheduled']);
    clock.advance(30_000);
    await h.runJobs();
    expect(llm.requests).toHaveLength(2);

    clock.advance(31_000);
    await h.runJobs();
    expect(llm.requests).toHaveLength(3);
    expect(await attempts()).toEqual(['capped', 'changed', 'changed', 'changed']);
    expect(await jobsQueued()).toEqual([]);
    expect((await api('GET', `/api/v1/brands/${brandId}/second-opinion`)).json()).toEqual({
      enabled: true,
      endpoint: 'installation',
      model: 'local-model',
      review_below: 0.6,
      per_minute: 2,
      per_day: 3,
      calls_today: 3,
      outcomes_today: { changed: 3, capped: 1 },
    });

    // A restart does not reset the day.
    await h.close();
    await open();
    manager = await h.login('manager@acme.test');
    const late = await ingest('#kind=trolling #conf=20 after restart');
    await h.runJobs();
    expect(llm.requests).toHaveLength(3);
    expect(await caseOf(late)).toMatchObject({ kind: 'trolling' });

    // The next UTC day has a fresh cap.
    clock.set('2026-12-02T00:00:05Z');
    const tomorrow = await ingest('#kind=trolling #conf=20 next day');
    await h.runJobs();
    expect(llm.requests).toHaveLength(4);
    expect(await caseOf(tomorrow)).toMatchObject({ kind: 'constructive' });
  });

  it('lines a burst up one slot after another, and the reservations survive a restart', async () => {
    await configure({ enabled: true, perMinute: 2, perDay: 100 });
    for (let i = 0; i < 5; i++) await ingest(`#kind=trolling #conf=20 burst ${i}`);
    await h.runJobs();
    expect(llm.requests).toHaveLength(2);
    expect((await jobsQueued()).sort()).toEqual(['2026-12-01T09:01:00.000Z', '2026-12-01T09:01:00.000Z', '2026-12-01T09:02:00.000Z']);

    await h.close();
    await open();
    manager = await h.login('manager@acme.test');
    clock.set('2026-12-01T09:01:00Z');
    await h.runJobs();
    expect(llm.requests).toHaveLength(4);
    clock.set('2026-12-01T09:02:00Z');
    await h.runJobs();
    expect(llm.requests).toHaveLength(5);
    expect(await attempts()).toEqual(Array(5).fill('changed'));
    expect(await jobsQueued()).toEqual([]);
  });

  it('does not ask about old mentions (a history import)', async () => {
    await configure({ enabled: true, maxAgeHours: 24 });
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/v1/mentions',
      headers: { authorization: `Bearer ${token}` },
      payload: buildMention({ text: '#kind=trolling #conf=10 old', created_at: '2026-11-30T08:59:00Z' }),
    });
    expect(res.statusCode).toBe(201);
    await ingest('#kind=trolling #conf=10 recent');
    await h.runJobs();
    expect(llm.requests).toHaveLength(1);
    expect(llm.requests[0]!.messages[1]!.content).toContain('recent');
  });

  it('sends nothing for a brand that has not turned it on, or when no endpoint is configured', async () => {
    await ingest('#kind=trolling #conf=10 not turned on');
    await h.runJobs();
    expect(llm.requests).toHaveLength(0);
    expect(await jobsQueued()).toEqual([]);

    // Turned on, but the installation has no endpoint and the brand names none.
    await h.close();
    await open({ DEFUSE_LLM_BASE_URL: '' });
    manager = await h.login('manager@acme.test');
    await configure({ enabled: true });
    const none = await ingest('#kind=trolling #conf=10 no endpoint');
    await h.runJobs();
    expect(llm.requests).toHaveLength(0);
    expect(await attempts()).toEqual([]);
    expect((await mention(none)).processed).toBe(true);

    // The brand's own endpoint: used with its own model, and the installation's key is not sent to it.
    await configure({ enabled: true, baseUrl: llm.url, model: 'brand-model' });
    await ingest('#kind=trolling #conf=10 own endpoint');
    await h.runJobs();
    expect(llm.requests).toHaveLength(1);
    expect(llm.requests[0]).toMatchObject({ model: 'brand-model', auth: undefined });
  });
});

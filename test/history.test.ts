/**
 * Imported history is filed as history, on both databases: old rows (older
 * than the brand's horizon when processed, or any row imported with
 * --history) are counted in reports and the dashboard, but their cases get
 * no deadline, no breach, no due-soon alert and no notification.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/domain/clock.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from './support/databases.js';
import { buildMention } from './support/factories.js';
import { type Harness, OPERATOR, openHarness, type SignedIn } from './support/harness.js';
import { api, ingestOne } from './support/requests.js';

const NOW = '2026-03-02T09:00:00.000Z';
const DAY = 86_400_000;

describe.each(DIALECTS)('history on %s', (dialect) => {
  let db: TestDatabase;
  let h: Harness;
  let clock: ManualClock;
  let brandId: string;
  let token: string;
  let manager: SignedIn;
  let managerId: string;
  let dir: string;

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    clock = new ManualClock(NOW);
    h = await openHarness(dialect, db, {}, clock);
    // Not h.createBrand, which widens the horizon for the other tests' old fixtures: the default (14 days) here.
    brandId = (await h.container.brands.createBrand(OPERATOR, { slug: 'history', name: 'History' })).id;
    token = await h.createToken(brandId);
    managerId = await h.createUser('m@history.test', brandId, 'manager');
    manager = await h.login('m@history.test');
    expect((await api(h, 'GET', `/api/v1/brands/${brandId}/settings`, manager)).json().historyHorizonDays).toBe(14);
    dir = mkdtempSync(join(tmpdir(), 'defuse-history-'));
  });
  afterAll(async () => {
    await h.close();
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** `n` rows of complaints by different authors, posted `daysAgo` days before now (an hour apart). */
  function file(name: string, n: number, daysAgo: number): string {
    const start = new Date(NOW).getTime() - daysAgo * DAY;
    const lines = Array.from({ length: n }, (_, i) =>
      JSON.stringify({
        id: `${name}-${i}`,
        user: `${name}_author_${i}`,
        body: `My order #${5000 + i} never arrived and nobody answers the phone. I want my money back!`,
        date: new Date(start + i * 3_600_000).toISOString(),
      }),
    );
    const path = join(dir, `${name}.jsonl`);
    writeFileSync(path, lines.join('\n') + '\n');
    return path;
  }
  const importFile = (path: string, history = false) =>
    h.container.importer.importFile(OPERATOR, {
      path,
      format: 'jsonl',
      brandId,
      mapping: { external_id: 'id', 'author.handle': 'user', text: 'body', created_at: 'date' },
      defaultChannel: 'twitter',
      strict: true,
      history,
      batchSize: 100,
    });
  const casesOf = async (prefix: string) => {
    const all = await h.container.database.db
      .selectFrom('mentions as m')
      .innerJoin('cases as c', 'c.id', 'm.case_id')
      .select(['c.id', 'c.status', 'c.flags', 'c.response_due_at', 'c.due_soon_at', 'c.assignee_id'])
      .where('m.external_id', 'like', `${prefix}-%`)
      .execute();
    return all;
  };

  it('files 50 rows older than the horizon as history: 0 breached, no alerts, and the report still counts them', async () => {
    expect((await importFile(file('old', 50, 60))).created).toBe(50);
    while ((await h.runJobs()) > 0);
    const cases = await casesOf('old');
    expect(cases).toHaveLength(50);
    for (const c of cases) {
      expect(c.status).toBe('closed');
      expect(JSON.parse(c.flags)).toContain('history');
      expect(c.response_due_at).toBeNull();
      expect(c.due_soon_at).toBeNull();
    }
    // A month passes: nothing falls due, nothing is breached, nobody is told.
    clock.set(new Date(new Date(NOW).getTime() + 30 * DAY));
    const tick = await h.container.scheduler.tick();
    expect(tick.breached).toBe(0);
    expect(tick.dueSoon).toBe(0);
    const breaches = await h.container.database.db
      .selectFrom('case_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('brand_id', '=', brandId)
      .where('type', '=', 'deadline_breached')
      .executeTakeFirstOrThrow();
    expect(Number(breaches.n)).toBe(0);
    const notified = await h.container.database.db.selectFrom('notifications').select('type').where('user_id', '=', managerId).execute();
    expect(notified).toEqual([]);
    clock.set(NOW); // (the session would have expired)

    const period = `from=2025-12-01&to=2026-04-30`;
    const dashRes = await api(h, 'GET', `/api/v1/brands/${brandId}/dashboard?${period}`, manager);
    expect(dashRes.statusCode, dashRes.body).toBe(200);
    const dash = dashRes.json();
    expect(dash.responses.breached).toBe(0);
    expect(dash.work.breached).toBe(0);
    expect(dash.kinds.reduce((s: number, k: { n: number }) => s + k.n, 0)).toBe(50);
    const report = (await api(h, 'GET', `/api/v1/brands/${brandId}/report?period=2026-Q1`, manager)).json();
    expect(report.total).toBe(50);
    expect(report.breaches).toBe(0);
  });

  it('gives a fresh mention a deadline, and follows the brand horizon setting', async () => {
    const fresh = await ingestOne(
      h,
      token,
      buildMention({ external_id: 'fresh-1', created_at: new Date(new Date(NOW).getTime() - 3_600_000).toISOString() }),
    );
    const c = (await h.container.store.repos.cases.findById(fresh.caseId!))!;
    expect(c.status).toBe('new');
    expect(c.flags).not.toContain('history');
    expect(c.responseDueAt).not.toBeNull();

    // With a 90-day horizon a 60-day-old mention is live work again.
    const res = await api(h, 'PATCH', `/api/v1/brands/${brandId}/settings`, manager, { historyHorizonDays: 90 });
    expect(res.statusCode, res.body).toBe(200);
    expect((await api(h, 'GET', `/api/v1/brands/${brandId}/settings`, manager)).json().historyHorizonDays).toBe(90);
    await importFile(file('within', 1, 60));
    while ((await h.runJobs()) > 0);
    const [within] = await casesOf('within');
    expect(within!.status).toBe('new');
    expect(within!.response_due_at).not.toBeNull();
    const bad = await api(h, 'PATCH', `/api/v1/brands/${brandId}/settings`, manager, { historyHorizonDays: 0 });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('historyHorizonDays');
  });

  it('files every row imported with --history as history, however recent', async () => {
    await importFile(file('hist', 5, 0.5), true);
    while ((await h.runJobs()) > 0);
    const cases = await casesOf('hist');
    expect(cases).toHaveLength(5);
    for (const c of cases) {
      expect(c.status).toBe('closed');
      expect(c.response_due_at).toBeNull();
      expect(c.assignee_id).toBeNull();
    }
  });

  it('makes a history case live work again when the customer writes in its thread now', async () => {
    await importFile(file('again', 1, 0.1), true);
    while ((await h.runJobs()) > 0);
    const [before] = await casesOf('again');
    expect(before!.status).toBe('closed');
    const fresh = await ingestOne(
      h,
      token,
      buildMention({ external_id: 'again-live', author: { handle: 'again_author_0' }, in_reply_to: 'again-0', created_at: NOW }),
    );
    expect(fresh.caseId).toBe(before!.id);
    const c = (await h.container.store.repos.cases.findById(before!.id))!;
    expect(c.status).toBe('in_progress');
    expect(c.flags).not.toContain('history');
    expect(c.responseDueAt).not.toBeNull();
  });
});

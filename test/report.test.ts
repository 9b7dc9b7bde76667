/**
 * The report on an imported data set, on both databases: its counts equal what
 * the inbox's filters show for the same brand, period and filter; it renders
 * as HTML (with charts), CSV and PDF.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_PATH } from '../src/adapters/pdf/chromium-pdf.js';
import { ManualClock } from '../src/domain/clock.js';
import { KINDS, TOPICS } from '../src/domain/labels.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from './support/databases.js';
import { type Harness, OPERATOR, openHarness, type SignedIn } from './support/harness.js';
import { api } from './support/requests.js';
import { ScriptedClassifier } from './support/scripted-classifier.js';
import { existsSync } from 'node:fs';

const CHANNELS = ['twitter', 'facebook', 'email', 'reviews'];
const LANGS = ['en', 'ru', 'ro', 'ar'];

/** A deterministic data set: 600 mentions over Q2 and Q3 2026, every kind, topic, channel and language. */
function dataset(): string {
  const lines: string[] = [];
  let s = 17;
  const r = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
  for (let i = 0; i < 600; i++) {
    const at = Date.UTC(2026, 3, 1) + Math.floor(r() * 183 * 86_400_000);
    const kind = KINDS[Math.floor(r() * KINDS.length)]!;
    const topic = TOPICS[Math.floor(r() * TOPICS.length)]!;
    const topic2 = r() < 0.3 ? ` #topic=${TOPICS[Math.floor(r() * TOPICS.length)]}` : '';
    lines.push(
      JSON.stringify({
        id: `m${i}`,
        user: `author${i % 150}`,
        source: CHANNELS[i % CHANNELS.length],
        body: `#kind=${kind} #lang=${LANGS[i % 4]} #topic=${topic}${topic2} message number ${i}`,
        date: new Date(at).toISOString(),
      }),
    );
  }
  return `${lines.join('\n')}\n`;
}

describe.each(DIALECTS)('report on %s', (dialect) => {
  let db: TestDatabase;
  let h: Harness;
  let manager: SignedIn;
  let brandId: string;
  let dir: string;

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    h = await openHarness(dialect, db, {}, new ManualClock('2026-10-05T09:00:00Z'), new ScriptedClassifier());
    brandId = await h.createBrand('acme');
    await h.createUser('m@acme.test', brandId, 'manager');
    manager = await h.login('m@acme.test');
    dir = mkdtempSync(join(tmpdir(), 'defuse-report-'));
    const file = join(dir, 'mentions.jsonl');
    writeFileSync(file, dataset());
    const imported = await h.container.importer.importFile(OPERATOR, {
      path: file,
      format: 'jsonl',
      brandId,
      mapping: { external_id: 'id', 'author.handle': 'user', channel: 'source', text: 'body', created_at: 'date' },
      strict: true,
      batchSize: 200,
    });
    expect(imported.created).toBe(600);
    while ((await h.runJobs()) > 0);
  });
  afterAll(async () => {
    await h.close();
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = (url: string) => api(h, 'GET', url, manager);
  const inboxTotal = async (filter: string) =>
    (await get(`/api/v1/mentions?brand=${brandId}&from=2026-07-01&to=2026-10-01&limit=1&${filter}`)).json().total as number;

  it("counts exactly what the inbox's filters show for the same period", async () => {
    const res = await get(`/api/v1/brands/${brandId}/report?period=2026-Q3`);
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json();
    expect(report.total).toBe(await inboxTotal(''));
    expect(report.total).toBeGreaterThan(200);
    for (const k of KINDS) expect(report.byKind[k], k).toBe(await inboxTotal(`kind=${k}`));
    for (const t of TOPICS) expect(report.byTopic[t] ?? 0, t).toBe(await inboxTotal(`topic=${t}`));
    for (const c of CHANNELS) expect(report.byChannel[c] ?? 0, c).toBe(await inboxTotal(`channel=${c}`));
    for (const l of LANGS) expect(report.byLanguage[l] ?? 0, l).toBe(await inboxTotal(`language=${l}`));
    // The previous quarter, too.
    const q2 = (await get(`/api/v1/mentions?brand=${brandId}&from=2026-04-01&to=2026-07-01&limit=1`)).json().total;
    expect(report.previousTotal).toBe(q2);
    expect(
      report.sentimentByWeek.reduce(
        (a: number, w: { negative: number; neutral: number; positive: number }) => a + w.negative + w.neutral + w.positive,
        0,
      ),
    ).toBe(report.total);
  });

  it('plots a period still running up to the current week, not the weeks to come as zeros', async () => {
    // The clock reads Monday 2026-10-05: the fourth quarter has had two weeks (from Monday 28 September, holding 1 October).
    const q4 = (await get(`/api/v1/brands/${brandId}/report?period=2026-Q4`)).json();
    expect(q4.sentimentByWeek.map((w: { week: string }) => w.week)).toEqual(['2026-09-28', '2026-10-05']);
    // A period that is over keeps all its weeks.
    const q3 = (await get(`/api/v1/brands/${brandId}/report?period=2026-Q3`)).json();
    expect(q3.sentimentByWeek).toHaveLength(14);
    expect(q3.sentimentByWeek.at(-1).week).toBe('2026-09-28');
  });

  it('refuses dates that do not exist, reversed ranges and spans over five years, naming the field', async () => {
    const error = async (url: string) => {
      const res = await get(url);
      expect(res.statusCode, `${url}: ${res.body}`).toBe(400);
      return res.json().error as { message: string; field?: string };
    };
    const report = (period: string) => error(`/api/v1/brands/${brandId}/report?period=${period}`);
    expect(await report('2026-02-31..2026-03-31')).toMatchObject({ field: 'period', message: 'period: 2026-02-31 is not a date' });
    expect(await report('2026-13-01..2026-14-01')).toMatchObject({ field: 'period', message: 'period: 2026-13-01 is not a date' });
    expect(await report('2026-03-01..2026-01-31')).toMatchObject({ field: 'period', message: expect.stringMatching(/ends .*before it starts/) });
    for (const period of ['1926-01-01..2026-12-31', '1000-01-01..2999-12-31', '2021-01-01..2026-01-01'])
      expect(await report(period)).toMatchObject({ field: 'period', message: 'period: a period spans at most 5 years' });
    // Five whole years is the most, and answers; the weeks cover it with every mention counted once (the period is
    // still running on the test's clock, so it is plotted up to the current week).
    const five = await get(`/api/v1/brands/${brandId}/report?period=2022-01-01..2026-12-31`);
    expect(five.statusCode, five.body).toBe(200);
    const weeks = five.json().sentimentByWeek as Array<{ week: string; negative: number; neutral: number; positive: number }>;
    // From Monday 2021-12-27 (2022 begins on a Saturday) to the current week, Monday 2026-10-05: 250 weeks.
    expect(weeks.length).toBe(250);
    expect([weeks[0]!.week, weeks.at(-1)!.week]).toEqual(['2021-12-27', '2026-10-05']);
    expect(weeks.reduce((a, w) => a + w.negative + w.neutral + w.positive, 0)).toBe(five.json().total);
    expect(five.json().total).toBe(600);
    const html = await get(`/api/v1/brands/${brandId}/report?period=2022-01-01..2026-12-31&format=html`);
    expect(html.statusCode).toBe(200);
    expect(html.body).toContain('<svg');

    const dashboard = (query: string) => error(`/api/v1/brands/${brandId}/dashboard?${query}`);
    expect(await dashboard('from=2026-02-30')).toMatchObject({ field: 'from', message: 'from: 2026-02-30 is not a date' });
    expect(await dashboard('to=2026-02-29T10:00:00Z')).toMatchObject({ field: 'to', message: 'to: 2026-02-29T10:00:00Z is not a date' });
    expect(await dashboard('from=2026-09-01&to=2026-08-01')).toMatchObject({ field: 'to', message: 'to: 2026-08-01 is before from (2026-09-01)' });
    expect(await dashboard('from=0000-01-01&to=9999-12-31')).toMatchObject({
      field: 'from',
      message: expect.stringContaining('longer than 5 years'),
    });
    expect(await dashboard('from=1900-01-01')).toMatchObject({ field: 'from', message: expect.stringContaining('longer than 5 years') });
    expect(await dashboard('from=2027-01-01')).toMatchObject({ field: 'from' });
    expect((await get(`/api/v1/brands/${brandId}/dashboard?from=2024-02-29&to=2026-10-01`)).statusCode).toBe(200);

    const inbox = (query: string) => error(`/api/v1/mentions?brand=${brandId}&${query}`);
    expect(await inbox('from=2026-02-30')).toMatchObject({ field: 'from', message: 'from: 2026-02-30 is not a date' });
    expect(await inbox('from=2026-10-01&to=2026-07-01')).toMatchObject({ field: 'to', message: 'to: 2026-07-01 is before from (2026-10-01)' });
    expect(await error(`/api/v1/cases?brand=${brandId}&from=2026-10-01&to=2026-07-01`)).toMatchObject({ field: 'to' });
    expect(await error(`/api/v1/brands/${brandId}/breaches?from=2026-10-01&to=2026-07-01`)).toMatchObject({ field: 'to' });
  });

  it('renders HTML with charts and escaped text, CSV with a table column, and PDF', async () => {
    const html = await get(`/api/v1/brands/${brandId}/report?period=2026-Q3&format=html`);
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.headers['content-security-policy']).toContain("default-src 'none'");
    expect(html.body).toContain('<svg');
    expect(html.body).not.toContain('<script');
    const csv = await get(`/api/v1/brands/${brandId}/report?period=2026-Q3&format=csv`);
    const rows = csv.body.trim().split('\n');
    expect(rows[0]).toBe('table,key,subkey,value,label');
    expect(rows.some((r) => r.startsWith('by_kind,constructive,this_period,'))).toBe(true);
    expect((await get(`/api/v1/brands/${brandId}/report?period=Q3`)).statusCode).toBe(400);
    if (existsSync(CHROMIUM_PATH)) {
      const pdf = await get(`/api/v1/brands/${brandId}/report?period=2026-Q3&format=pdf`);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    }
  });

  it('quotes a 19,910-character example of a systemic problem as its first 280 characters with “…”, the same in JSON, HTML and CSV', async () => {
    const word = 'L'.repeat(19_910);
    await h.container.store.repos.detection.addAlert({
      id: 'alert-long',
      brandId,
      series: 'topic:delivery',
      windowStart: '2026-08-03T00:00:00.000Z',
      observed: 14,
      expected: 2.5,
      pValue: 0.0001,
      examples: [{ id: 'm-long', text: word, case_id: null, posted_at: '2026-08-03T10:00:00.000Z' }],
      createdAt: '2026-08-03T12:00:00.000Z',
    });
    const quoted = `${'L'.repeat(279)}…`;
    const json = (await get(`/api/v1/brands/${brandId}/report?period=2026-Q3&format=json`)).json();
    const alert = json.systemic.find((s: { at: string }) => s.at === '2026-08-03T12:00:00.000Z');
    expect(alert.examples).toEqual([{ text: quoted }]);
    const html = (await get(`/api/v1/brands/${brandId}/report?period=2026-Q3&format=html`)).body;
    expect(html).toContain(`<blockquote dir="auto">${quoted}</blockquote>`);
    expect(html).not.toContain('L'.repeat(281));
    // A long word breaks inside its box instead of stretching the page.
    expect(html).toMatch(/blockquote\{[^}]*overflow-wrap:anywhere/);
    const csv = (await get(`/api/v1/brands/${brandId}/report?period=2026-Q3&format=csv`)).body;
    expect(csv).not.toContain('L'.repeat(281));
  });
});

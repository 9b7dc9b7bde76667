import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../../domain/reports/period.js';
import { responseTimesFromHistogram } from '../../domain/reports/dashboard-stats.js';
import { renderReportCsv } from './report-render.js';
import type { Report } from './report.service.js';

const HOSTILE = ['=HYPERLINK("http://evil.test","x")', '+SUM(1,2)', '-2+3+cmd|" /C calc"!A0', '@SUM(1)', '\t=1', '\r=1'];

function report(over: Partial<Report>): Report {
  return {
    brand: { id: 'b', name: 'Acme' },
    period: parsePeriod('2026-11'),
    generatedAt: '2026-12-01T00:00:00.000Z',
    total: 0,
    previousTotal: 0,
    byKind: {},
    previousByKind: {},
    byTopic: {},
    byChannel: {},
    byLanguage: {},
    kindByTopic: [],
    sentimentByWeek: [],
    responses: responseTimesFromHistogram({ histogram: [], cases: 0, answered: 0, breached: 0, breachedAnswered: 0 }),
    breaches: 0,
    cases: { resolved: 0, reopened: 0, notEngaging: 0, notEngagingReasons: [], followUps: {} },
    ideas: {},
    systemic: [],
    campaigns: [],
    ...over,
  };
}

describe('report CSV', () => {
  it('prefixes cells that a spreadsheet would run as a formula, from posts and reasons, and leaves numbers alone', () => {
    const csv = renderReportCsv(
      report({
        byKind: { constructive: -1 },
        cases: { resolved: 0, reopened: 0, notEngaging: 6, notEngagingReasons: HOSTILE.map((reason) => ({ reason, n: 1 })), followUps: {} },
        campaigns: [{ size: 3, authors: 3, first_at: '2026-11-02T10:00:00.000Z', sample: '=HYPERLINK("http://evil.test","x") buy at RivalCo' }],
      }),
    );
    const rows: string[][] = parse(csv);
    const reasons = rows.filter((r) => r[0] === 'not_engaging_reasons').map((r) => r[1]);
    expect(reasons).toEqual(HOSTILE.map((h) => `'${h}`));
    expect(rows.find((r) => r[0] === 'campaigns')![2]).toBe(`'=HYPERLINK("http://evil.test","x") buy at RivalCo`);
    // No cell of the file starts a formula.
    for (const cell of rows.flat()) expect(cell).not.toMatch(/^[=+@\t\r]/);
    expect(rows.find((r) => r[0] === 'by_kind')![3]).toBe('-1');
  });
});

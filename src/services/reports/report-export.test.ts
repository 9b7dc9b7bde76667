import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../../domain/reports/period.js';
import type { PdfRenderer } from '../ports.js';
import { ReportExport } from './report-export.js';
import type { Report } from './report.service.js';

const report: Report = {
  brand: { id: 'b1', name: 'Acme <Shop>' },
  language: 'en',
  period: parsePeriod('2026-Q3'),
  generatedAt: '2026-10-01T00:00:00.000Z',
  total: 3,
  previousTotal: 1,
  byKind: { constructive: 2, trolling: 1 },
  previousByKind: { constructive: 1 },
  byTopic: { delivery: 2 },
  byChannel: { x: 3 },
  byLanguage: { en: 3 },
  kindByTopic: [{ kind: 'constructive', topic: 'delivery', n: 2 }],
  sentimentByWeek: [{ week: '2026-07-06', negative: 2, neutral: 1, positive: 0 }],
  responses: { cases: 2, answered: 1, medianMinutes: 30, p90Minutes: 30, withinTargetShare: 1 } as Report['responses'],
  breaches: 0,
  cases: { resolved: 1, reopened: 0, notEngaging: 0, notEngagingReasons: [], followUps: {} },
  ideas: {},
  systemic: [],
  campaigns: [],
};

describe('ReportExport', () => {
  const printed: string[] = [];
  const pdf: PdfRenderer = {
    render: (html) => {
      printed.push(html);
      return Promise.resolve(Buffer.from('%PDF-fake'));
    },
  };
  const exporter = new ReportExport(pdf);

  it('writes each format once, named after the period', async () => {
    const json = await exporter.export(report, 'json');
    expect(json).toMatchObject({ filename: 'defuse-report-2026-Q3.json', contentType: 'application/json; charset=utf-8' });
    expect(JSON.parse(String(json.content)).total).toBe(3);
    const csv = await exporter.export(report, 'csv');
    expect(String(csv.content).split('\n')[0]).toBe('table,key,subkey,value,label');
    expect(csv.contentType).toBe('text/csv; charset=utf-8');
    const html = await exporter.export(report, 'html');
    expect(String(html.content)).toContain('Acme &lt;Shop&gt;');
    expect(html.filename).toBe('defuse-report-2026-Q3.html');
  });

  it('prints the HTML report through the PDF renderer it was given', async () => {
    const file = await exporter.export(report, 'pdf');
    expect(file).toMatchObject({ filename: 'defuse-report-2026-Q3.pdf', contentType: 'application/pdf' });
    expect(String(file.content)).toBe('%PDF-fake');
    expect(printed.at(-1)).toContain('<svg');
  });

  it('names a date-range report with a file-safe name', async () => {
    const file = await exporter.export({ ...report, period: parsePeriod('2026-07-01..2026-09-30') }, 'csv');
    expect(file.filename).toMatch(/^defuse-report-[\w-]+\.csv$/);
  });
});

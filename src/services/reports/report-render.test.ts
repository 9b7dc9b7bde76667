import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../../domain/reports/period.js';
import { TROLL_POLICY_REASON } from '../../domain/reaction/kind-policy.js';
import { responseTimesFromHistogram } from '../../domain/reports/dashboard-stats.js';
import { renderReportCsv, renderReportHtml } from './report-render.js';
import type { Report } from './report.service.js';

const HOSTILE = ['=HYPERLINK("http://evil.test","x")', '+SUM(1,2)', '-2+3+cmd|" /C calc"!A0', '@SUM(1)', '\t=1', '\r=1'];

function report(over: Partial<Report>): Report {
  return {
    brand: { id: 'b', name: 'Acme' },
    language: 'en',
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

describe("report in the brand's language", () => {
  const figures = report({
    period: parsePeriod('2026-Q3'),
    total: 12,
    previousTotal: 10,
    byKind: { constructive: 7, trolling: 5 },
    previousByKind: { constructive: 5, trolling: 5 },
    byTopic: { delivery: 9 },
    byLanguage: { ar: 12 },
    ideas: { planned: 2 },
    cases: { resolved: 3, reopened: 0, notEngaging: 1, notEngagingReasons: [{ reason: 'troll', n: 1 }], followUps: { solved: 2 } },
    sentimentByWeek: [{ week: '2026-07-06', negative: 9, neutral: 3, positive: 0 }],
    systemic: [{ series: 'topic:delivery', at: '2026-08-03T12:00:00.000Z', observed: 14, expected: 2.5, examples: [{ text: 'where is my parcel' }] }],
  });
  const text = (html: string) => html.replace(/<style>[\s\S]*?<\/style>/, '').replace(/<[^>]+>/g, ' ');
  /** The English report's own words (headings, figure names): none may be left in another language's report ("trolling" is Romanian too). */
  const englishWords = [
    'mentions report',
    'Mentions by kind',
    'By topic',
    'Sentiment by week',
    'Response and cases',
    'Ideas collected',
    'Systemic problems',
    'Coordinated campaigns',
    'median first response',
    'deadlines breached',
    'this period',
    'previous',
    'delivery',
    'planned',
    'in 3 hours',
    'Previous period',
    'generated',
  ];

  it('is English by default, with the period in words', () => {
    const html = renderReportHtml(figures);
    expect(html).toContain('<html lang="en" dir="ltr">');
    expect(html).toContain('<h1>Acme: mentions report, Q3 2026</h1>');
    for (const w of englishWords) expect(text(html), w).toContain(w);
  });

  it('says how many cases the share answered within target stands on ("100%" of one case reads "1 of 1")', () => {
    const one = {
      ...figures,
      responses: responseTimesFromHistogram({ histogram: [{ minutes: 30, n: 1 }], cases: 27, answered: 1, breached: 0, breachedAnswered: 0 }),
    };
    expect(text(renderReportHtml(one))).toMatch(/100%\s*answered within target \(1 of 1\)/);
    const ru = { ...one, language: 'ru' as const };
    expect(text(renderReportHtml(ru))).toMatch(/\(1 из 1\)/);
    expect(text(renderReportHtml(figures))).not.toMatch(/ of 0\)/);
  });

  it("writes the heading, figures' names, labels and dates in Russian, Romanian or Arabic, Arabic right to left", () => {
    const cases = [
      {
        language: 'ru',
        dir: 'ltr',
        h1: 'Acme: отчёт об упоминаниях, III квартал 2026 г.',
        words: ['конструктив', 'доставка', 'в планах', '6 июл'],
      },
      {
        language: 'ro',
        dir: 'ltr',
        h1: 'Acme: raport despre mențiuni, trimestrul 3 2026',
        words: ['constructiv', 'livrare', 'planificată', 'iul.'],
      },
      { language: 'ar', dir: 'rtl', h1: 'Acme: تقرير الإشارات، الربع الثالث 2026', words: ['بنّاء', 'التوصيل', 'مخطط لها', 'يوليو'] },
    ] as const;
    for (const c of cases) {
      const html = renderReportHtml({ ...figures, language: c.language });
      expect(html).toContain(`<html lang="${c.language}" dir="${c.dir}">`);
      expect(html).toContain(`<h1>${c.h1}</h1>`);
      for (const w of c.words) expect(text(html), `${c.language}: ${w}`).toContain(w);
      for (const w of englishWords) expect(text(html), `${c.language}: ${w}`).not.toContain(w);
      // People's words stay as they were written, in their own direction.
      expect(html).toContain('<blockquote dir="auto">where is my parcel</blockquote>');
    }
  });

  it("says the troll policy's own reason for not engaging in the report's language, and people's reasons as typed", () => {
    const cases = {
      ...figures.cases,
      notEngaging: 3,
      notEngagingReasons: [
        { reason: TROLL_POLICY_REASON, n: 2 },
        { reason: 'spam bot, reported', n: 1 },
      ],
    };
    const en = text(renderReportHtml({ ...figures, cases }));
    expect(en).toContain(TROLL_POLICY_REASON);
    const ru = text(renderReportHtml({ ...figures, cases, language: 'ru' }));
    expect(ru).toContain('по правилу: троллинг — не кормим троллей');
    expect(ru).not.toContain('do not feed trolls');
    expect(ru).toContain('spam bot, reported');
  });

  it("keeps the CSV's keys and adds each figure's name in the brand's language", () => {
    const rows: string[][] = parse(renderReportCsv({ ...figures, language: 'ru' }));
    expect(rows[0]).toEqual(['table', 'key', 'subkey', 'value', 'label']);
    expect(rows.find((r) => r[0] === 'by_kind' && r[1] === 'constructive' && r[2] === 'this_period')).toEqual([
      'by_kind',
      'constructive',
      'this_period',
      '7',
      'Упоминания по типам: конструктив (этот период)',
    ]);
    expect(rows.find((r) => r[0] === 'by_language')![4]).toBe('По языкам: арабский');
    const english: string[][] = parse(renderReportCsv(figures));
    expect(english.find((r) => r[0] === 'by_topic')![4]).toBe('By topic: delivery');
  });
});

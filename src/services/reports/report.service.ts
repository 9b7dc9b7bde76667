/**
 * The brand's report for a period (PRODUCT.md rule 11): what people said, by
 * kind, topic, channel and language; how fast the team answered against its
 * targets; what happened to the cases; the ideas; the systemic problems and
 * campaigns found; and the change against the previous period. Counts come
 * from the same tables and conditions as the inbox's filters.
 */
import { KINDS } from '../../domain/labels.js';
import { parsePeriod, type Period, sentimentByWeek } from '../../domain/reports/period.js';
import { responseTimesFromHistogram } from '../../domain/reports/dashboard-stats.js';
import type { Store } from '../../repositories/store.js';
import { validationError } from '../../errors.js';
import { type Actor, authorize } from '../access.js';
import { brandSettings } from '../brand-settings.js';
import type { ReportLanguage } from '../../domain/reports/report-text.js';
import { excerpt } from '../../domain/reports/excerpt.js';

export interface Report {
  brand: { id: string; name: string };
  /** The brand's language (settings.language): the HTML, PDF and CSV report are written in it. */
  language: ReportLanguage;
  period: Period;
  generatedAt: string;
  total: number;
  previousTotal: number;
  byKind: Record<string, number>;
  previousByKind: Record<string, number>;
  byTopic: Record<string, number>;
  byChannel: Record<string, number>;
  byLanguage: Record<string, number>;
  kindByTopic: Array<{ kind: string; topic: string; n: number }>;
  sentimentByWeek: Array<{ week: string; negative: number; neutral: number; positive: number }>;
  responses: ReturnType<typeof responseTimesFromHistogram>;
  breaches: number;
  cases: {
    resolved: number;
    reopened: number;
    notEngaging: number;
    notEngagingReasons: Array<{ reason: string; n: number }>;
    followUps: Record<string, number>;
  };
  ideas: Record<string, number>;
  systemic: Array<{ series: string; at: string; observed: number; expected: number; examples: Array<{ text: string }> }>;
  campaigns: Array<{ size: number; authors: number; first_at: string; sample: string }>;
}

export class ReportService {
  constructor(
    private readonly store: Store,
    private readonly now: () => Date,
  ) {}

  private get reports() {
    return this.store.repos.reports;
  }

  async build(actor: Actor, brandId: string, periodSpec: string): Promise<Report> {
    authorize(actor, brandId, 'case.read');
    let period: Period;
    try {
      period = parsePeriod(periodSpec);
    } catch (e) {
      throw validationError(`period: ${(e as Error).message}`, 'period');
    }
    const brand = (await this.store.repos.brands.findById(brandId))!;
    const r = { brandId, from: period.from, to: period.to };
    const prev = { brandId, ...period.previous };
    const [counts, previousCounts, byTopicRows, responses, breaches, events, ideas, alerts, campaigns] = await Promise.all([
      this.reports.dailyCounts(r),
      this.reports.dailyCounts(prev),
      this.reports.kindByTopic(r),
      this.reports.firstResponses(r),
      this.reports.breaches(r),
      this.reports.events(r, ['status_changed', 'reopened', 'follow_up_answered']),
      this.reports.ideas(r),
      this.reports.alerts(r),
      this.reports.campaigns(r),
    ]);
    const sumBy = (rows: typeof counts, key: 'kind' | 'channel' | 'language') => {
      const out: Record<string, number> = {};
      for (const x of rows) out[x[key]] = (out[x[key]] ?? 0) + x.n;
      return out;
    };
    const total = counts.reduce((a, x) => a + x.n, 0);
    const previousTotal = previousCounts.reduce((a, x) => a + x.n, 0);
    const byKind = sumBy(counts, 'kind');
    const previousByKind = sumBy(previousCounts, 'kind');
    const byChannel = sumBy(counts, 'channel');
    const byLanguage = sumBy(counts, 'language');
    const byTopic: Record<string, number> = {};
    for (const x of byTopicRows) byTopic[x.topic] = (byTopic[x.topic] ?? 0) + x.n;
    // A period still running is plotted up to the current week: the weeks to come are not zeros yet.
    const nowIso = this.now().toISOString();
    const sentimentWeeks = sentimentByWeek(counts, period.from, nowIso < period.to ? nowIso : period.to);
    const reasons = new Map<string, number>();
    let resolved = 0;
    let notEngaging = 0;
    let reopened = 0;
    const followUps: Record<string, number> = {};
    for (const e of events) {
      const data = e.data;
      if (e.type === 'reopened') reopened++;
      else if (e.type === 'follow_up_answered') followUps[String(data.outcome)] = (followUps[String(data.outcome)] ?? 0) + 1;
      else if (data.to === 'resolved') resolved++;
      else if (data.to === 'not_engaging') {
        notEngaging++;
        const reason = (
          typeof data.reason === 'string' ? data.reason : data.reason === undefined || data.reason === null ? '—' : JSON.stringify(data.reason)
        ).slice(0, 120);
        reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
      }
    }
    return {
      brand: { id: brand.id, name: brand.name },
      language: brandSettings(brand.settings).language,
      period,
      generatedAt: this.now().toISOString(),
      total,
      previousTotal,
      byKind: Object.fromEntries(KINDS.map((k) => [k, byKind[k] ?? 0])),
      previousByKind: Object.fromEntries(KINDS.map((k) => [k, previousByKind[k] ?? 0])),
      byTopic,
      byChannel,
      byLanguage,
      kindByTopic: byTopicRows,
      sentimentByWeek: sentimentWeeks,
      responses: responseTimesFromHistogram(responses),
      breaches,
      cases: {
        resolved,
        reopened,
        notEngaging,
        notEngagingReasons: [...reasons].map(([reason, n]) => ({ reason, n })).sort((a, b) => b.n - a.n),
        followUps,
      },
      ideas,
      systemic: alerts.map((a) => ({
        series: a.series,
        at: a.createdAt,
        observed: a.observed,
        expected: a.expected,
        // Quoted short (a 20,000-character post is not an example to read in full): the HTML, PDF and CSV agree.
        examples: a.examples.slice(0, 3).map((e) => ({ ...e, text: excerpt(e.text) })),
      })),
      campaigns: campaigns.map((c) => ({ size: c.size, authors: c.authors, first_at: c.firstAt, sample: excerpt(c.sample) })),
    };
  }
}

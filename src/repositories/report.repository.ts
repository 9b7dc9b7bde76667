/** The report's counts, straight from the tables the inbox reads, so they match its filters exactly. */
import { type Kysely, sql } from 'kysely';
import type { DefuseDatabase } from '../db/schema.js';
import { type Campaign, toCampaign } from './detection.repository.js';
import { parseJson } from './json.js';

export interface Range {
  brandId: string;
  from: string;
  to: string;
}

export class ReportRepository {
  constructor(private readonly db: Kysely<DefuseDatabase>) {}

  private days(r: Range) {
    return { from: r.from.slice(0, 10), to: r.to.slice(0, 10) };
  }

  /** Every per-mention dimension in one read of the daily counts (reports need whole days). */
  async dailyCounts(r: Range) {
    const d = this.days(r);
    const rows = await this.db
      .selectFrom('mention_daily as md')
      .innerJoin('channels as ch', 'ch.id', 'md.channel_id')
      .select(['md.day', 'ch.key as channel', 'md.kind', 'md.sentiment', 'md.language', 'md.n'])
      .where('md.brand_id', '=', r.brandId)
      .where('md.day', '>=', d.from)
      .where('md.day', '<', d.to)
      .execute();
    return rows.map((x) => ({ ...x, n: Number(x.n) }));
  }

  async kindByTopic(r: Range): Promise<Array<{ kind: string; topic: string; n: number }>> {
    const d = this.days(r);
    const rows = await this.db
      .selectFrom('topic_daily')
      .select(['kind', 'topic', (eb) => eb.fn.sum<number>('n').as('n')])
      .where('brand_id', '=', r.brandId)
      .where('day', '>=', d.from)
      .where('day', '<', d.to)
      .groupBy(['kind', 'topic'])
      .execute();
    return rows.map((x) => ({ kind: x.kind, topic: x.topic, n: Number(x.n) }));
  }

  /** First responses of the cases opened in the period: minutes as a histogram, and how many breached their first deadline. */
  async firstResponses(r: Range) {
    const d = this.days(r);
    const [hist, totals, breached] = await Promise.all([
      this.db
        .selectFrom('response_daily')
        .select(['minutes', (eb) => eb.fn.sum<number>('n').as('n')])
        .where('brand_id', '=', r.brandId)
        .where('day', '>=', d.from)
        .where('day', '<', d.to)
        .groupBy('minutes')
        .execute(),
      this.db
        .selectFrom('case_daily')
        .select((eb) => [
          eb.fn.coalesce(eb.fn.sum<number>('cases'), sql<number>`0`).as('cases'),
          eb.fn.coalesce(eb.fn.sum<number>('answered'), sql<number>`0`).as('answered'),
        ])
        .where('brand_id', '=', r.brandId)
        .where('day', '>=', d.from)
        .where('day', '<', d.to)
        .executeTakeFirstOrThrow(),
      this.db
        .selectFrom('deadline_breaches as b')
        .innerJoin('cases as c', 'c.id', 'b.case_id')
        .select([
          sql<number>`count(distinct b.case_id)`.as('breached'),
          sql<number>`count(distinct case when c.first_response_at is not null then b.case_id end)`.as('breachedAnswered'),
        ])
        .where('b.brand_id', '=', r.brandId)
        .where('b.response_type', '=', 'first')
        .where('c.opened_at', '>=', r.from)
        .where('c.opened_at', '<', r.to)
        .executeTakeFirstOrThrow(),
    ]);
    return {
      histogram: hist.map((h) => ({ minutes: Number(h.minutes), n: Number(h.n) })),
      cases: Number(totals.cases),
      answered: Number(totals.answered),
      breached: Number(breached.breached),
      breachedAnswered: Number(breached.breachedAnswered),
    };
  }

  /** Case events of some types in the period, with their data (status changes, reopenings, follow-ups). */
  async events(r: Range, types: string[]): Promise<Array<{ type: string; caseId: string; data: Record<string, unknown> }>> {
    const rows = await this.db
      .selectFrom('case_events')
      .select(['type', 'data', 'case_id'])
      .where('brand_id', '=', r.brandId)
      .where('type', 'in', types)
      .where('created_at', '>=', r.from)
      .where('created_at', '<', r.to)
      .execute();
    return rows.map((e) => ({ type: e.type, caseId: e.case_id, data: parseJson<Record<string, unknown>>(e.data, {}, 'case_events.data') }));
  }

  async breaches(r: Range): Promise<number> {
    const x = await this.db
      .selectFrom('deadline_breaches')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('brand_id', '=', r.brandId)
      .where('due_at', '>=', r.from)
      .where('due_at', '<', r.to)
      .executeTakeFirstOrThrow();
    return Number(x.n);
  }

  async ideas(r: Range): Promise<Record<string, number>> {
    const rows = await this.db
      .selectFrom('ideas')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('brand_id', '=', r.brandId)
      .where('created_at', '>=', r.from)
      .where('created_at', '<', r.to)
      .groupBy('status')
      .execute();
    return Object.fromEntries(rows.map((x) => [x.status, Number(x.n)]));
  }

  async alerts(
    r: Range,
  ): Promise<Array<{ series: string; createdAt: string; observed: number; expected: number; examples: Array<{ text: string }> }>> {
    const rows = await this.db
      .selectFrom('systemic_alerts')
      .selectAll()
      .where('brand_id', '=', r.brandId)
      .where('created_at', '>=', r.from)
      .where('created_at', '<', r.to)
      .orderBy('created_at')
      .execute();
    return rows.map((a) => ({
      series: a.series,
      createdAt: a.created_at,
      observed: a.observed,
      expected: Number(a.expected),
      examples: parseJson<Array<{ text: string }>>(a.examples, [], 'systemic_alerts.examples'),
    }));
  }

  async campaigns(r: Range): Promise<Campaign[]> {
    const rows = await this.db
      .selectFrom('campaigns')
      .selectAll()
      .where('brand_id', '=', r.brandId)
      .where('first_at', '>=', r.from)
      .where('first_at', '<', r.to)
      .orderBy('first_at')
      .execute();
    return rows.map(toCampaign);
  }

  // Scheduled reports

  /** Whether the brand's report for this period was e-mailed already. */
  async wasSent(brandId: string, period: string): Promise<boolean> {
    return Boolean(
      await this.db.selectFrom('report_deliveries').select('period').where('brand_id', '=', brandId).where('period', '=', period).executeTakeFirst(),
    );
  }

  async recordSent(d: { brandId: string; period: string; recipients: readonly string[]; sentAt: string }): Promise<void> {
    await this.db
      .insertInto('report_deliveries')
      .values({ brand_id: d.brandId, period: d.period, recipients: d.recipients.join(', '), sent_at: d.sentAt })
      .execute();
  }
}

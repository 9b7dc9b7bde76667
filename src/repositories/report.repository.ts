/** The report's counts, straight from the tables the inbox reads, so they match its filters exactly. */
import { type Kysely, sql } from 'kysely';
import type { DefuseDatabase } from '../db/schema.js';

export interface Range {
  brandId: string;
  from: string;
  to: string;
}

export class ReportRepository {
  constructor(private readonly db: Kysely<DefuseDatabase>) {}

  private mentions(r: Range) {
    return this.db.selectFrom('mentions as m').where('m.brand_id', '=', r.brandId).where('m.posted_at', '>=', r.from).where('m.posted_at', '<', r.to).where('m.processed_at', 'is not', null);
  }

  async countBy(r: Range, column: 'kind' | 'sentiment' | 'language' | 'situation'): Promise<Record<string, number>> {
    const rows = await this.mentions(r)
      .select([`m.${column} as key`, (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy(`m.${column}`)
      .execute();
    return Object.fromEntries(rows.map((x) => [x.key ?? 'unknown', Number(x.n)]));
  }

  async byChannel(r: Range): Promise<Record<string, number>> {
    const rows = await this.mentions(r)
      .innerJoin('channels as ch', 'ch.id', 'm.channel_id')
      .select(['ch.key as key', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('ch.key')
      .execute();
    return Object.fromEntries(rows.map((x) => [x.key, Number(x.n)]));
  }

  async kindByTopic(r: Range): Promise<Array<{ kind: string; topic: string; n: number }>> {
    const rows = await this.mentions(r)
      .innerJoin('mention_topics as t', 't.mention_id', 'm.id')
      .select(['m.kind', 't.topic', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy(['m.kind', 't.topic'])
      .execute();
    return rows.map((x) => ({ kind: x.kind ?? 'neutral', topic: x.topic, n: Number(x.n) }));
  }

  async sentimentByDay(r: Range): Promise<Array<{ day: string; sentiment: string; n: number }>> {
    const day = sql<string>`substr(m.posted_at, 1, 10)`;
    const rows = await this.mentions(r)
      .select([day.as('day'), 'm.sentiment', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy([day, 'm.sentiment'])
      .execute();
    return rows.map((x) => ({ day: x.day, sentiment: x.sentiment ?? 'neutral', n: Number(x.n) }));
  }

  async total(r: Range): Promise<number> {
    const x = await this.mentions(r).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(x.n);
  }

  /** Case events of some types in the period, with their data (status changes, reopenings, follow-ups). */
  async events(r: Range, types: string[]) {
    return this.db
      .selectFrom('case_events')
      .select(['type', 'data', 'case_id'])
      .where('brand_id', '=', r.brandId)
      .where('type', 'in', types)
      .where('created_at', '>=', r.from)
      .where('created_at', '<', r.to)
      .execute();
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

  alerts(r: Range) {
    return this.db.selectFrom('systemic_alerts').selectAll().where('brand_id', '=', r.brandId).where('created_at', '>=', r.from).where('created_at', '<', r.to).orderBy('created_at').execute();
  }

  campaigns(r: Range) {
    return this.db.selectFrom('campaigns').selectAll().where('brand_id', '=', r.brandId).where('first_at', '>=', r.from).where('first_at', '<', r.to).orderBy('first_at').execute();
  }
}

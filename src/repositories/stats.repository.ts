/** Aggregates for the dashboard: counts by day, kind, topic and sentiment; response times; open work. Text ISO dates group the same way on both databases. */
import { type Kysely, sql } from 'kysely';
import { OPEN_STATUSES } from '../domain/cases/case-status.js';
import type { DefuseDatabase } from '../db/schema.js';
import type { ResponseRow } from '../domain/reports/dashboard-stats.js';

/** SQLite answers EXISTS with 0/1, PostgreSQL with true/false. */
const existsAnswer = (v: unknown): boolean => v === true || v === 1 || v === '1' || v === 't';

export interface Period {
  brandId: string;
  from: string;
  to: string;
}

export class StatsRepository {
  constructor(private readonly db: Kysely<DefuseDatabase>) {}

  async mentionsByDayAndKind(p: Period) {
    const day = sql<string>`substr(posted_at, 1, 10)`;
    const rows = await this.db
      .selectFrom('mentions')
      .select([day.as('day'), 'kind', 'sentiment', (eb) => eb.fn.countAll<number>().as('n')])
      .where('brand_id', '=', p.brandId)
      .where('posted_at', '>=', p.from)
      .where('posted_at', '<', p.to)
      .where('processed_at', 'is not', null)
      .groupBy([day, 'kind', 'sentiment'])
      .execute();
    return rows.map((r) => ({ day: r.day, kind: r.kind ?? 'neutral', sentiment: r.sentiment ?? 'neutral', n: Number(r.n) }));
  }

  async mentionsByTopic(p: Period) {
    const rows = await this.db
      .selectFrom('mention_topics as t')
      .innerJoin('mentions as m', 'm.id', 't.mention_id')
      .select(['t.topic', 'm.sentiment', (eb) => eb.fn.countAll<number>().as('n')])
      .where('t.brand_id', '=', p.brandId)
      .where('m.posted_at', '>=', p.from)
      .where('m.posted_at', '<', p.to)
      .groupBy(['t.topic', 'm.sentiment'])
      .execute();
    return rows.map((r) => ({ topic: r.topic, sentiment: r.sentiment ?? 'neutral', n: Number(r.n) }));
  }

  /** Cases opened in the period with their first response time (if any) and whether their first deadline was breached. */
  /** The period's cases with their first response, `breached` read as a boolean. */
  async firstResponses(p: Period, limit = 20_000): Promise<ResponseRow[]> {
    const rows = await this.db
      .selectFrom('cases as c')
      .select([
        'c.opened_at',
        'c.first_response_at',
        'c.response_due_at',
        'c.response_type',
        (eb) =>
          eb
            .exists(eb.selectFrom('deadline_breaches as b').select('b.id').whereRef('b.case_id', '=', 'c.id').where('b.response_type', '=', 'first'))
            .as('breached'),
      ])
      .where('c.brand_id', '=', p.brandId)
      .where('c.opened_at', '>=', p.from)
      .where('c.opened_at', '<', p.to)
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      openedAt: r.opened_at,
      firstResponseAt: r.first_response_at,
      breached: existsAnswer(r.breached),
      firstDueAt: r.response_type === 'first' ? r.response_due_at : null,
    }));
  }

  async openWork(brandId: string, now: string) {
    const open = [...OPEN_STATUSES];
    const openCases = () =>
      this.db
        .selectFrom('cases')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('brand_id', '=', brandId)
        .where('status', 'in', open);
    const one = async (extra: (q: ReturnType<typeof openCases>) => ReturnType<typeof openCases>) =>
      Number((await extra(openCases()).executeTakeFirstOrThrow()).n);
    return {
      open: await one((q) => q),
      breached: await one((q) => q.where('response_due_at', '<=', now)),
      dueSoon: await one((q) => q.where('response_due_at', '>', now).where('due_soon_at', '<=', now)),
      unassigned: await one((q) => q.where('assignee_id', 'is', null)),
    };
  }
}

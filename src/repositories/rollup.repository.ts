/** The daily counts behind reports (see migration 0008): incremented as each mention is processed. */
import { type Insertable, type InsertQueryBuilder, type InsertResult, type Kysely, sql } from 'kysely';
import type { DefuseDatabase } from '../db/schema.js';

/** What the daily counts need of a processed mention. */
export interface RollupMention {
  brandId: string;
  channelId: string;
  postedAt: string;
  kind: string | null;
  sentiment: string | null;
  language: string | null;
}

/** Rows per upsert statement (7 parameters a row at most). */
const FLUSH_CHUNK = 500;

type Increment =
  | { table: 'mention_daily'; brandId: string; day: string; channelId: string; kind: string; sentiment: string; language: string }
  | { table: 'topic_daily'; brandId: string; day: string; kind: string; topic: string }
  | { table: 'case_daily'; brandId: string; day: string };

/**
 * Daily counts added up in memory during a batch of mentions processed in one transaction, and written once per
 * row just before it commits (`flush`), in a fixed order. Every mention of a brand bumps the same few rows: one
 * write per row and batch instead of one per mention, and on PostgreSQL those rows stay locked only from the
 * flush to the commit, not for the whole batch. `mark`/`rollbackTo` drop the increments of a mention whose
 * savepoint was rolled back, so the counts stay exact.
 */
export class RollupBuffer {
  private log: Increment[] = [];
  mark(): number {
    return this.log.length;
  }
  rollbackTo(mark: number): void {
    this.log.length = mark;
  }
  add(i: Increment): void {
    this.log.push(i);
  }
  /** The increments added up per row, sorted by row (a fixed lock order for concurrent workers), then cleared. */
  take(): { increment: Increment; n: number }[] {
    const rows = new Map<string, { increment: Increment; n: number }>();
    for (const i of this.log) {
      const key = Object.values(i).join('\u0000');
      const row = rows.get(key);
      if (row) row.n++;
      else rows.set(key, { increment: i, n: 1 });
    }
    this.log = [];
    return [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
  }
}

/** The rows a buffer's increments add up to, per table, in its sorted order; the buffer is cleared. */
export function rollupRows(buffer: RollupBuffer): {
  cases: Insertable<DefuseDatabase['case_daily']>[];
  mention: Insertable<DefuseDatabase['mention_daily']>[];
  topic: Insertable<DefuseDatabase['topic_daily']>[];
} {
  const mention: Insertable<DefuseDatabase['mention_daily']>[] = [];
  const topic: Insertable<DefuseDatabase['topic_daily']>[] = [];
  const cases: Insertable<DefuseDatabase['case_daily']>[] = [];
  for (const { increment: i, n } of buffer.take()) {
    if (i.table === 'mention_daily')
      mention.push({ brand_id: i.brandId, day: i.day, channel_id: i.channelId, kind: i.kind, sentiment: i.sentiment, language: i.language, n });
    else if (i.table === 'topic_daily') topic.push({ brand_id: i.brandId, day: i.day, kind: i.kind, topic: i.topic, n });
    else cases.push({ brand_id: i.brandId, day: i.day, cases: n, answered: 0 });
  }
  return { cases, mention, topic };
}

/** The upserts that add a batch's counts to the stored ones (`.$call` on an insert of that table). */
export const addCaseDaily = <Q extends InsertQueryBuilder<DefuseDatabase, 'case_daily', InsertResult>>(q: Q) =>
  q.onConflict((oc) => oc.columns(['brand_id', 'day']).doUpdateSet({ cases: sql`case_daily.cases + excluded.cases` }));
export const addMentionDaily = <Q extends InsertQueryBuilder<DefuseDatabase, 'mention_daily', InsertResult>>(q: Q) =>
  q.onConflict((oc) =>
    oc.columns(['brand_id', 'day', 'channel_id', 'kind', 'sentiment', 'language']).doUpdateSet({ n: sql`mention_daily.n + excluded.n` }),
  );
export const addTopicDaily = <Q extends InsertQueryBuilder<DefuseDatabase, 'topic_daily', InsertResult>>(q: Q) =>
  q.onConflict((oc) => oc.columns(['brand_id', 'day', 'kind', 'topic']).doUpdateSet({ n: sql`topic_daily.n + excluded.n` }));

export class RollupRepository {
  constructor(
    private readonly db: Kysely<DefuseDatabase>,
    /** When set (a batch transaction), counts are added up there and written by `flush`. */
    private readonly buffer?: RollupBuffer,
  ) {}

  /**
   * Writes what the buffer added up (nothing without one): one multi-row upsert per table, tables and rows in the
   * buffer's sorted order (the fixed lock order), each adding its batch's count to the stored one.
   */
  async flush(): Promise<void> {
    if (!this.buffer) return;
    const { cases, mention, topic } = rollupRows(this.buffer);
    for (let k = 0; k < cases.length; k += FLUSH_CHUNK)
      await this.db
        .insertInto('case_daily')
        .values(cases.slice(k, k + FLUSH_CHUNK))
        .$call(addCaseDaily)
        .execute();
    for (let k = 0; k < mention.length; k += FLUSH_CHUNK)
      await this.db
        .insertInto('mention_daily')
        .values(mention.slice(k, k + FLUSH_CHUNK))
        .$call(addMentionDaily)
        .execute();
    for (let k = 0; k < topic.length; k += FLUSH_CHUNK)
      await this.db
        .insertInto('topic_daily')
        .values(topic.slice(k, k + FLUSH_CHUNK))
        .$call(addTopicDaily)
        .execute();
  }

  async count(m: RollupMention, topics: readonly string[]): Promise<void> {
    const day = m.postedAt.slice(0, 10);
    const kind = m.kind ?? 'neutral';
    if (this.buffer) {
      const b = this.buffer;
      b.add({
        table: 'mention_daily',
        brandId: m.brandId,
        day,
        channelId: m.channelId,
        kind,
        sentiment: m.sentiment ?? 'neutral',
        language: m.language ?? 'und',
      });
      for (const topic of new Set(topics)) b.add({ table: 'topic_daily', brandId: m.brandId, day, kind, topic });
      return;
    }
    await this.db
      .insertInto('mention_daily')
      .values({ brand_id: m.brandId, day, channel_id: m.channelId, kind, sentiment: m.sentiment ?? 'neutral', language: m.language ?? 'und', n: 1 })
      .onConflict((oc) => oc.columns(['brand_id', 'day', 'channel_id', 'kind', 'sentiment', 'language']).doUpdateSet({ n: sql`mention_daily.n + 1` }))
      .execute();
    for (const topic of new Set(topics)) {
      await this.db
        .insertInto('topic_daily')
        .values({ brand_id: m.brandId, day, kind, topic, n: 1 })
        .onConflict((oc) => oc.columns(['brand_id', 'day', 'kind', 'topic']).doUpdateSet({ n: sql`topic_daily.n + 1` }))
        .execute();
    }
  }

  async caseOpened(brandId: string, openedAt: string): Promise<void> {
    if (this.buffer) return this.buffer.add({ table: 'case_daily', brandId, day: openedAt.slice(0, 10) });
    await this.db
      .insertInto('case_daily')
      .values({ brand_id: brandId, day: openedAt.slice(0, 10), cases: 1, answered: 0 })
      .onConflict((oc) => oc.columns(['brand_id', 'day']).doUpdateSet({ cases: sql`case_daily.cases + 1` }))
      .execute();
  }

  /** The case's first reply: counted by the day the case opened. */
  async caseAnswered(brandId: string, openedAt: string, minutes: number): Promise<void> {
    const day = openedAt.slice(0, 10);
    await this.db
      .insertInto('case_daily')
      .values({ brand_id: brandId, day, cases: 0, answered: 1 })
      .onConflict((oc) => oc.columns(['brand_id', 'day']).doUpdateSet({ answered: sql`case_daily.answered + 1` }))
      .execute();
    await this.db
      .insertInto('response_daily')
      .values({ brand_id: brandId, day, minutes, n: 1 })
      .onConflict((oc) => oc.columns(['brand_id', 'day', 'minutes']).doUpdateSet({ n: sql`response_daily.n + 1` }))
      .execute();
  }

  /** Recomputes a brand's daily counts from its mentions and cases (after a bulk load). */
  async rebuild(brandId: string): Promise<void> {
    await this.db.deleteFrom('mention_daily').where('brand_id', '=', brandId).execute();
    await this.db.deleteFrom('topic_daily').where('brand_id', '=', brandId).execute();
    await sql`INSERT INTO mention_daily (brand_id, day, channel_id, kind, sentiment, language, n)
      SELECT brand_id, substr(posted_at, 1, 10), channel_id, coalesce(kind, 'neutral'), coalesce(sentiment, 'neutral'), coalesce(language, 'und'), count(*)
      FROM mentions WHERE processed_at IS NOT NULL AND brand_id = ${brandId}
      GROUP BY brand_id, substr(posted_at, 1, 10), channel_id, coalesce(kind, 'neutral'), coalesce(sentiment, 'neutral'), coalesce(language, 'und')`.execute(
      this.db,
    );
    await sql`INSERT INTO topic_daily (brand_id, day, kind, topic, n)
      SELECT m.brand_id, substr(m.posted_at, 1, 10), coalesce(m.kind, 'neutral'), t.topic, count(*)
      FROM mention_topics t JOIN mentions m ON m.id = t.mention_id WHERE m.processed_at IS NOT NULL AND m.brand_id = ${brandId}
      GROUP BY m.brand_id, substr(m.posted_at, 1, 10), coalesce(m.kind, 'neutral'), t.topic`.execute(this.db);
    await this.db.deleteFrom('case_daily').where('brand_id', '=', brandId).execute();
    await this.db.deleteFrom('response_daily').where('brand_id', '=', brandId).execute();
    await sql`INSERT INTO case_daily (brand_id, day, cases, answered)
      SELECT brand_id, substr(opened_at, 1, 10), count(*), count(first_response_at) FROM cases WHERE brand_id = ${brandId} GROUP BY brand_id, substr(opened_at, 1, 10)`.execute(
      this.db,
    );
    await sql`INSERT INTO response_daily (brand_id, day, minutes, n)
      SELECT brand_id, substr(opened_at, 1, 10), first_response_minutes, count(*) FROM cases WHERE brand_id = ${brandId} AND first_response_minutes IS NOT NULL
      GROUP BY brand_id, substr(opened_at, 1, 10), first_response_minutes`.execute(this.db);
  }
}

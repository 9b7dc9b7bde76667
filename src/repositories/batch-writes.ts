/**
 * Writes of a batch transaction (store.transactionEach) that nothing in the batch reads back: the cases' audit
 * trail, the mentions' topics and the daily counts. They are kept in memory while the batch's mentions are
 * processed and written just before the commit, as one statement (PostgreSQL) or a few multi-row ones instead of
 * one or two per mention
 * (each round trip costs far more on PostgreSQL than on SQLite). `mark`/`rollbackTo` drop those of a mention whose
 * savepoint was rolled back, so what commits is exactly what the mentions processed one by one would have written.
 */
import { type Insertable, type Kysely, type OperationNodeSource, sql } from 'kysely';
import type { Dialect } from '../db/database.js';
import type { CaseEventsTable, DefuseDatabase, MentionTopicsTable } from '../db/schema.js';
import { addCaseDaily, addMentionDaily, addTopicDaily, RollupBuffer, rollupRows } from './rollup.repository.js';

/** Rows per INSERT statement (8 parameters a case event: well inside both databases' limits). */
const FLUSH_CHUNK = 500;
/** Parameters of the one flush statement on PostgreSQL at most (its protocol allows 65,535). */
const PARAMETERS_PER_STATEMENT = 30_000;

export interface BatchMark {
  rollups: number;
  events: number;
  topics: number;
}

export class BatchWrites {
  readonly rollups = new RollupBuffer();
  private events: Insertable<CaseEventsTable>[] = [];
  private topics: Insertable<MentionTopicsTable>[] = [];

  mark(): BatchMark {
    return { rollups: this.rollups.mark(), events: this.events.length, topics: this.topics.length };
  }

  rollbackTo(m: BatchMark): void {
    this.rollups.rollbackTo(m.rollups);
    this.events.length = m.events;
    this.topics.length = m.topics;
  }

  addEvent(row: Insertable<CaseEventsTable>): void {
    this.events.push(row);
  }

  addTopics(rows: Insertable<MentionTopicsTable>[]): void {
    this.topics.push(...rows);
  }

  /**
   * Writes everything held — the events and topics (in the order they were added) and the daily counts added up —
   * then clears it. On PostgreSQL in ONE statement (each insert a data-modifying CTE: one round trip instead of up
   * to five a batch), unless the rows would pass PARAMETERS_PER_STATEMENT; elsewhere one statement per table.
   */
  async flush(db: Kysely<DefuseDatabase>, dialect: Dialect): Promise<void> {
    const events = this.events;
    const topics = this.topics;
    this.events = [];
    this.topics = [];
    const { cases, mention, topic } = rollupRows(this.rollups);
    const parameters = events.length * 8 + topics.length * 3 + cases.length * 4 + mention.length * 7 + topic.length * 5;
    if (dialect === 'postgres' && parameters <= PARAMETERS_PER_STATEMENT) {
      // Independent tables: the order the CTEs run in does not matter, and it is the same in every worker's statement
      // (the daily rows, which concurrent batches share, are locked in the same order by each, as below).
      const parts: OperationNodeSource[] = [];
      if (events.length) parts.push(db.insertInto('case_events').values(events));
      if (topics.length) parts.push(db.insertInto('mention_topics').values(topics));
      if (cases.length) parts.push(db.insertInto('case_daily').values(cases).$call(addCaseDaily));
      if (mention.length) parts.push(db.insertInto('mention_daily').values(mention).$call(addMentionDaily));
      if (topic.length) parts.push(db.insertInto('topic_daily').values(topic).$call(addTopicDaily));
      if (!parts.length) return;
      await sql`with ${sql.join(parts.map((p, i) => sql`${sql.id(`w${i}`)} as (${p})`))} select 1`.execute(db);
      return;
    }
    for (let i = 0; i < events.length; i += FLUSH_CHUNK)
      await db
        .insertInto('case_events')
        .values(events.slice(i, i + FLUSH_CHUNK))
        .execute();
    for (let i = 0; i < topics.length; i += FLUSH_CHUNK)
      await db
        .insertInto('mention_topics')
        .values(topics.slice(i, i + FLUSH_CHUNK))
        .execute();
    for (let k = 0; k < cases.length; k += FLUSH_CHUNK)
      await db
        .insertInto('case_daily')
        .values(cases.slice(k, k + FLUSH_CHUNK))
        .$call(addCaseDaily)
        .execute();
    for (let k = 0; k < mention.length; k += FLUSH_CHUNK)
      await db
        .insertInto('mention_daily')
        .values(mention.slice(k, k + FLUSH_CHUNK))
        .$call(addMentionDaily)
        .execute();
    for (let k = 0; k < topic.length; k += FLUSH_CHUNK)
      await db
        .insertInto('topic_daily')
        .values(topic.slice(k, k + FLUSH_CHUNK))
        .$call(addTopicDaily)
        .execute();
  }
}

/**
 * Writes of a batch transaction (store.transactionEach) that nothing in the batch reads back: the cases' audit
 * trail, the mentions' topics and the daily counts. They are kept in memory while the batch's mentions are
 * processed and written just before the commit, as a few multi-row statements instead of one or two per mention
 * (each round trip costs far more on PostgreSQL than on SQLite). `mark`/`rollbackTo` drop those of a mention whose
 * savepoint was rolled back, so what commits is exactly what the mentions processed one by one would have written.
 */
import type { Insertable, Kysely } from 'kysely';
import type { CaseEventsTable, DefuseDatabase, MentionTopicsTable } from '../db/schema.js';
import { RollupBuffer } from './rollup.repository.js';

/** Rows per INSERT statement (8 parameters a case event: well inside both databases' limits). */
const FLUSH_CHUNK = 500;

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

  /** Writes the events and topics held (in the order they were added), then clears them; the counts are flushed by the rollups. */
  async flushRows(db: Kysely<DefuseDatabase>): Promise<void> {
    const events = this.events;
    const topics = this.topics;
    this.events = [];
    this.topics = [];
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
  }
}

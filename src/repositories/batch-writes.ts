/**
 * Writes of a batch transaction (store.transactionEach) that the batch reads back little or not at all: the cases'
 * audit trail, the mentions' topics, the daily counts, and what processing stores on each mention (its case and
 * classification). They are kept in memory while the batch's mentions are processed and written just before the
 * commit, as one statement (PostgreSQL) or a few multi-row ones instead of one or two per mention (each round trip
 * costs far more on PostgreSQL than on SQLite). What the batch reads of a mention held here is answered from here
 * (`pendingMention`, `caseOfExternal`: the repositories overlay it on what they read) or written first (`flushMentions`,
 * for a listing). `mark`/`rollbackTo` drop those of a mention whose savepoint was rolled back, so what commits is
 * exactly what the mentions processed one by one would have written.
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
  mentions: number;
}

/** What processing stores on a mention (mentions' columns), held until the flush. */
export interface MentionUpdate {
  case_id: string;
  processed_at: string;
  language: string | null;
  sentiment: string | null;
  kind: string | null;
  situation: string | null;
  signals: string;
  classification: string;
}
const MENTION_UPDATE_COLUMNS = ['case_id', 'processed_at', 'language', 'sentiment', 'kind', 'situation', 'signals', 'classification'] as const;

/** A held mention update, and where the mention is found by a reply (its brand, channel and external id). */
interface HeldMention {
  id: string;
  external: string;
  update: MentionUpdate;
}
const externalKey = (brandId: string, channelId: string, externalId: string) => `${brandId}\n${channelId}\n${externalId}`;

export class BatchWrites {
  readonly rollups = new RollupBuffer();
  private events: Insertable<CaseEventsTable>[] = [];
  private topics: Insertable<MentionTopicsTable>[] = [];
  private mentions: HeldMention[] = [];
  private mentionById = new Map<string, HeldMention>();
  private caseByExternal = new Map<string, string>();

  mark(): BatchMark {
    return { rollups: this.rollups.mark(), events: this.events.length, topics: this.topics.length, mentions: this.mentions.length };
  }

  rollbackTo(m: BatchMark): void {
    this.rollups.rollbackTo(m.rollups);
    this.events.length = m.events;
    this.topics.length = m.topics;
    if (this.mentions.length > m.mentions) this.keepMentions(this.mentions.slice(0, m.mentions));
  }

  /** Holds what processing stores on a mention, until the flush. */
  holdMention(id: string, at: { brandId: string; channelId: string; externalId: string }, update: MentionUpdate): void {
    const held = { id, external: externalKey(at.brandId, at.channelId, at.externalId), update };
    this.mentions.push(held);
    this.mentionById.set(id, held);
    this.caseByExternal.set(held.external, update.case_id);
  }

  /** What processing stored on this mention in this batch, not yet written; undefined when nothing is held. */
  pendingMention(id: string): MentionUpdate | undefined {
    return this.mentionById.get(id)?.update;
  }

  /** The case of the mention with this external id processed in this batch (not yet written), if any. */
  caseOfExternal(brandId: string, channelId: string, externalId: string): string | undefined {
    return this.caseByExternal.get(externalKey(brandId, channelId, externalId));
  }

  private keepMentions(list: HeldMention[]): void {
    this.mentions = list;
    this.mentionById = new Map(list.map((m) => [m.id, m]));
    this.caseByExternal = new Map(list.map((m) => [m.external, m.update.case_id]));
  }

  /** Writes the mention updates held now (before a read that cannot be answered from them, such as a listing). */
  async flushMentions(db: Kysely<DefuseDatabase>): Promise<void> {
    const held = this.mentions;
    if (!held.length) return;
    this.keepMentions([]);
    for (let i = 0; i < held.length; i += FLUSH_CHUNK) await sql`${mentionUpdates(held.slice(i, i + FLUSH_CHUNK))}`.execute(db);
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
    const held = this.mentions;
    this.events = [];
    this.topics = [];
    this.keepMentions([]);
    const { cases, mention, topic } = rollupRows(this.rollups);
    const parameters = held.length * 9 + events.length * 8 + topics.length * 3 + cases.length * 4 + mention.length * 7 + topic.length * 5;
    if (dialect === 'postgres' && parameters <= PARAMETERS_PER_STATEMENT) {
      // Independent writes: the order the CTEs run in does not matter, and it is the same in every worker's statement
      // (the daily rows, which concurrent batches share, are locked in the same order by each, as below; the
      // mentions' rows are this batch's own, locked by its claims).
      const parts: OperationNodeSource[] = [];
      if (held.length) parts.push(mentionUpdates(held));
      if (events.length) parts.push(db.insertInto('case_events').values(events));
      if (topics.length) parts.push(db.insertInto('mention_topics').values(topics));
      if (cases.length) parts.push(db.insertInto('case_daily').values(cases).$call(addCaseDaily));
      if (mention.length) parts.push(db.insertInto('mention_daily').values(mention).$call(addMentionDaily));
      if (topic.length) parts.push(db.insertInto('topic_daily').values(topic).$call(addTopicDaily));
      if (!parts.length) return;
      await sql`with ${sql.join(parts.map((p, i) => sql`${sql.id(`w${i}`)} as (${p})`))} select 1`.execute(db);
      return;
    }
    for (let i = 0; i < held.length; i += FLUSH_CHUNK) await sql`${mentionUpdates(held.slice(i, i + FLUSH_CHUNK))}`.execute(db);
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

/** One UPDATE of the held mentions: each row set from a list of values, joined by id (`UPDATE … FROM`, both databases). */
function mentionUpdates(held: readonly HeldMention[]) {
  const values = sql.join(held.map((h) => sql`(${sql.join([h.id, ...MENTION_UPDATE_COLUMNS.map((c) => h.update[c])])})`));
  // Both databases name a VALUES list's columns column1, column2, …
  const set = sql.join(MENTION_UPDATE_COLUMNS.map((c, i) => sql`${sql.id(c)} = ${sql.ref(`v.column${i + 2}`)}`));
  return sql`update "mentions" set ${set} from (values ${values}) as "v" where "mentions"."id" = "v"."column1"`;
}

/**
 * Storage of the second opinion: the attempts (for the rate limit, the daily
 * cap and the counts) and the answer kept in the mention's stored
 * classification JSON, beside the model's own output.
 */
import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../db/database.js';
import type { DefuseDatabase, SecondOpinionsTable } from '../db/schema.js';

/** Outcomes that did not reach the endpoint, so they count toward neither limit. */
const NOT_CALLED = ['capped'];

export class SecondOpinionRepository {
  constructor(
    private readonly db: Kysely<DefuseDatabase>,
    private readonly dialect: Dialect,
  ) {}

  /** Serialises quota checks of one brand until the transaction ends (PostgreSQL; SQLite writes one at a time anyway). */
  async lockBrand(brandId: string): Promise<void> {
    if (this.dialect === 'postgres') await sql`SELECT pg_advisory_xact_lock(hashtext(${`second-opinion:${brandId}`}))`.execute(this.db);
  }

  /** The times of the brand's calls (made or reserved) after `after` (ISO), newest first, at most `limit`. */
  async reservedAfter(brandId: string, after: string, limit: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('second_opinions')
      .select('requested_at')
      .where('brand_id', '=', brandId)
      .where('requested_at', '>', after)
      .where('outcome', 'not in', NOT_CALLED)
      .orderBy('requested_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => r.requested_at);
  }

  /** Calls made or reserved with `from <= requested_at < to` (ISO). */
  async usedBetween(brandId: string, from: string, to: string): Promise<number> {
    const row = await this.db
      .selectFrom('second_opinions')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('brand_id', '=', brandId)
      .where('requested_at', '>=', from)
      .where('requested_at', '<', to)
      .where('outcome', 'not in', NOT_CALLED)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** The mention's attempt, if one was made or reserved (a skipped one does not count). */
  attemptOf(mentionId: string): Promise<SecondOpinionsTable | undefined> {
    return this.db.selectFrom('second_opinions').selectAll().where('mention_id', '=', mentionId).where('outcome', 'not in', NOT_CALLED).executeTakeFirst();
  }

  async add(row: SecondOpinionsTable): Promise<void> {
    await this.db.insertInto('second_opinions').values(row).execute();
  }

  /** A reserved slot whose time has come: the call is being made. */
  async start(id: string): Promise<boolean> {
    const res = await this.db.updateTable('second_opinions').set({ outcome: 'pending' }).where('id', '=', id).where('outcome', '=', 'scheduled').executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  async finish(id: string, fields: Pick<SecondOpinionsTable, 'outcome' | 'latency_ms' | 'detail'>): Promise<void> {
    await this.db.updateTable('second_opinions').set(fields).where('id', '=', id).execute();
  }

  /** How many attempts ended each way since `since`, for the log and the brand's figures. */
  async outcomes(brandId: string, since: string): Promise<Record<string, number>> {
    const rows = await this.db
      .selectFrom('second_opinions')
      .select((eb) => ['outcome', eb.fn.countAll<string | number>().as('n')])
      .where('brand_id', '=', brandId)
      .where('requested_at', '>=', since)
      .groupBy('outcome')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.outcome, Number(r.n)]));
  }

  /** Replaces the mention's stored classification JSON (the caller merges the second opinion into it). */
  async saveClassification(mentionId: string, classification: string): Promise<void> {
    await this.db.updateTable('mentions').set({ classification }).where('id', '=', mentionId).execute();
  }
}

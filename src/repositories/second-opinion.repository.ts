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

  /** Calls made since `since` (ISO) and the earliest of them. */
  async callsSince(brandId: string, since: string): Promise<{ n: number; earliest: string | null }> {
    const row = await this.db
      .selectFrom('second_opinions')
      .select((eb) => [eb.fn.countAll<string | number>().as('n'), eb.fn.min('requested_at').as('earliest')])
      .where('brand_id', '=', brandId)
      .where('requested_at', '>=', since)
      .where('outcome', 'not in', NOT_CALLED)
      .executeTakeFirst();
    return { n: Number(row?.n ?? 0), earliest: (row?.earliest as string | null | undefined) ?? null };
  }

  /** True when the mention was already sent (or is being sent): a repeated job does nothing. */
  async attempted(mentionId: string): Promise<boolean> {
    const row = await this.db.selectFrom('second_opinions').select('id').where('mention_id', '=', mentionId).where('outcome', 'not in', NOT_CALLED).executeTakeFirst();
    return Boolean(row);
  }

  async add(row: SecondOpinionsTable): Promise<void> {
    await this.db.insertInto('second_opinions').values(row).execute();
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

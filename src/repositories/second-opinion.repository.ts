/**
 * Storage of the second opinion's attempts: for the rate limit, the daily cap
 * and the counts. (The answer itself is kept in the mention's stored
 * classification, beside the model's own output: MentionRepository.)
 */
import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../db/database.js';
import type { DefuseDatabase, SecondOpinionsTable } from '../db/schema.js';
import { type Camel, camelKeys, snakeKeys } from './mapping.js';

/** scheduled (a reserved later slot), pending (being asked), or how it ended. */
export type SecondOpinionAttemptOutcome = 'scheduled' | 'pending' | 'agreed' | 'changed' | 'invalid' | 'timeout' | 'error' | 'capped';

/** One attempt: a call made, being made or reserved for later, or one the daily cap refused. */
export type SecondOpinionAttempt = Omit<Camel<SecondOpinionsTable>, 'outcome'> & { outcome: SecondOpinionAttemptOutcome };

/** Outcomes that did not reach the endpoint, so they count toward neither limit. */
const NOT_CALLED: SecondOpinionAttemptOutcome[] = ['capped'];

const toAttempt = (r: SecondOpinionsTable): SecondOpinionAttempt => ({ ...camelKeys(r), outcome: r.outcome as SecondOpinionAttemptOutcome });

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

  /** The mention's attempt, if one was made or reserved (a capped one does not count). */
  async attemptOf(mentionId: string): Promise<SecondOpinionAttempt | undefined> {
    const r = await this.db
      .selectFrom('second_opinions')
      .selectAll()
      .where('mention_id', '=', mentionId)
      .where('outcome', 'not in', NOT_CALLED)
      .executeTakeFirst();
    return r && toAttempt(r);
  }

  async add(attempt: SecondOpinionAttempt): Promise<void> {
    await this.db.insertInto('second_opinions').values(snakeKeys(attempt)).execute();
  }

  /** A reserved slot whose time has come: the call is being made. */
  async start(id: string): Promise<boolean> {
    const res = await this.db
      .updateTable('second_opinions')
      .set({ outcome: 'pending' })
      .where('id', '=', id)
      .where('outcome', '=', 'scheduled')
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  async finish(id: string, fields: Pick<SecondOpinionAttempt, 'outcome' | 'latencyMs' | 'detail'>): Promise<void> {
    await this.db.updateTable('second_opinions').set(snakeKeys(fields)).where('id', '=', id).execute();
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
}

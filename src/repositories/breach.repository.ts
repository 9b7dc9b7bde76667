/** The record of breached deadlines, for the reports. */
import type { Kysely } from 'kysely';
import type { BreachRow, DefuseDatabase } from '../db/schema.js';
import { type Camel, camelKeys, snakeKeys } from './mapping.js';

/** A deadline the team missed: which response, due when, breached when, answered when. */
export type Breach = Camel<BreachRow>;

export class BreachRepository {
  constructor(private readonly db: Kysely<DefuseDatabase>) {}

  /** Records a breach once per case, response and due time; false if it was already recorded. */
  async add(b: Breach): Promise<boolean> {
    const r = await this.db
      .insertInto('deadline_breaches')
      .values(snakeKeys(b))
      .onConflict((oc) => oc.columns(['case_id', 'response_type', 'due_at']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async markResponded(caseId: string, at: string): Promise<void> {
    await this.db
      .updateTable('deadline_breaches')
      .set({ responded_at: at })
      .where('case_id', '=', caseId)
      .where('responded_at', 'is', null)
      .execute();
  }

  async list(brandId: string, from?: string, to?: string): Promise<Breach[]> {
    let q = this.db.selectFrom('deadline_breaches').selectAll().where('brand_id', '=', brandId);
    if (from) q = q.where('breached_at', '>=', from);
    if (to) q = q.where('breached_at', '<', to);
    const rows = await q.orderBy('breached_at').execute();
    return rows.map((r) => camelKeys(r));
  }
}

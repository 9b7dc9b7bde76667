/** The record of breached deadlines, for the reports. */
import type { Insertable, Kysely } from 'kysely';
import type { BreachRow, DeadlineBreachesTable, DefuseDatabase } from '../db/schema.js';

export type { BreachRow };

export class BreachRepository {
  constructor(private readonly db: Kysely<DefuseDatabase>) {}

  /** Records a breach once per case, response and due time; false if it was already recorded. */
  async add(row: Insertable<DeadlineBreachesTable>): Promise<boolean> {
    const r = await this.db
      .insertInto('deadline_breaches')
      .values(row)
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

  list(brandId: string, from?: string, to?: string): Promise<BreachRow[]> {
    let q = this.db.selectFrom('deadline_breaches').selectAll().where('brand_id', '=', brandId);
    if (from) q = q.where('breached_at', '>=', from);
    if (to) q = q.where('breached_at', '<', to);
    return q.orderBy('breached_at').execute();
  }
}

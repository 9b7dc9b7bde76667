/** A case's progress through its playbook: the steps done, by whom and when. */
import type { Insertable, Kysely } from 'kysely';
import type { CaseStepsTable, DefuseDatabase } from '../db/schema.js';

export class PlaybookStepRepository {
  constructor(private readonly db: Kysely<DefuseDatabase>) {}

  async add(row: Insertable<CaseStepsTable>): Promise<boolean> {
    const r = await this.db
      .insertInto('case_steps')
      .values(row)
      .onConflict((oc) => oc.columns(['case_id', 'playbook', 'step_key']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  forCase(caseId: string, playbook: string) {
    return this.db.selectFrom('case_steps').selectAll().where('case_id', '=', caseId).where('playbook', '=', playbook).orderBy('done_at').execute();
  }
}

/** A case's progress through its playbook: the steps done, by whom and when. */
import type { Kysely, Selectable } from 'kysely';
import type { CaseStepsTable, DefuseDatabase } from '../db/schema.js';
import { type Camel, camelKeys, snakeKeys } from './mapping.js';

/** A playbook step done on a case. */
export type PlaybookStepDone = Camel<Selectable<CaseStepsTable>>;

export class PlaybookStepRepository {
  constructor(private readonly db: Kysely<DefuseDatabase>) {}

  async add(step: PlaybookStepDone): Promise<boolean> {
    const r = await this.db
      .insertInto('case_steps')
      .values(snakeKeys(step))
      .onConflict((oc) => oc.columns(['case_id', 'playbook', 'step_key']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async forCase(caseId: string, playbook: string): Promise<PlaybookStepDone[]> {
    const rows = await this.db
      .selectFrom('case_steps')
      .selectAll()
      .where('case_id', '=', caseId)
      .where('playbook', '=', playbook)
      .orderBy('done_at')
      .execute();
    return rows.map((r) => camelKeys(r));
  }
}

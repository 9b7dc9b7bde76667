/** Tasks on a case: call-backs promised to a customer (a phone number and a due time). */
import type { Kysely, Selectable } from 'kysely';
import type { CaseTasksTable, DefuseDatabase } from '../db/schema.js';
import { type Camel, camelKeys, snakeKeys } from './mapping.js';

export type CaseTask = Camel<Selectable<CaseTasksTable>>;

export class TaskRepository {
  constructor(private readonly db: Kysely<DefuseDatabase>) {}

  async add(t: CaseTask): Promise<void> {
    await this.db.insertInto('case_tasks').values(snakeKeys(t)).execute();
  }

  async find(id: string): Promise<CaseTask | undefined> {
    const r = await this.db.selectFrom('case_tasks').selectAll().where('id', '=', id).executeTakeFirst();
    return r && camelKeys(r);
  }

  /** The case's tasks, oldest first. */
  async forCase(caseId: string): Promise<CaseTask[]> {
    const rows = await this.db.selectFrom('case_tasks').selectAll().where('case_id', '=', caseId).orderBy('created_at').orderBy('id').execute();
    return rows.map((r) => camelKeys(r));
  }

  /** The earliest due time of the case's open tasks, or null when none is open. */
  async earliestOpenDue(caseId: string): Promise<string | null> {
    const r = await this.db
      .selectFrom('case_tasks')
      .select((eb) => eb.fn.min<string>('due_at').as('due'))
      .where('case_id', '=', caseId)
      .where('done_at', 'is', null)
      .executeTakeFirst();
    return r?.due ?? null;
  }

  async countOpen(caseId: string, kind?: string): Promise<number> {
    let q = this.db
      .selectFrom('case_tasks')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('case_id', '=', caseId)
      .where('done_at', 'is', null);
    if (kind) q = q.where('kind', '=', kind);
    return Number((await q.executeTakeFirstOrThrow()).n);
  }

  async markDone(id: string, at: string, by: string | null): Promise<boolean> {
    const r = await this.db
      .updateTable('case_tasks')
      .set({ done_at: at, done_by: by })
      .where('id', '=', id)
      .where('done_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Erasure: the case's tasks keep their kind and times, not the number or the note; returns how many. */
  async scrub(caseId: string, erased: string): Promise<number> {
    const r = await this.db.updateTable('case_tasks').set({ phone: erased, note: null }).where('case_id', '=', caseId).executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  /** Open tasks whose time has come and whose "due" notification has not gone out. */
  async dueUnnotified(now: string, limit: number): Promise<CaseTask[]> {
    const rows = await this.db
      .selectFrom('case_tasks')
      .selectAll()
      .where('done_at', 'is', null)
      .where('notified_at', 'is', null)
      .where('due_at', '<=', now)
      .orderBy('due_at')
      .limit(limit)
      .execute();
    return rows.map((r) => camelKeys(r));
  }

  /** Claims the task's due notification; false when another tick already did. */
  async markNotified(id: string, at: string): Promise<boolean> {
    const r = await this.db
      .updateTable('case_tasks')
      .set({ notified_at: at })
      .where('id', '=', id)
      .where('notified_at', 'is', null)
      .where('done_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }
}

/** The idea backlog: ideas from customers, with their status until their authors have had an answer. */
import type { Insertable, Kysely } from 'kysely';
import type { DefuseDatabase, IdeaRow, IdeasTable } from '../db/schema.js';

export type { IdeaRow };

export class IdeaRepository {
  constructor(private readonly db: Kysely<DefuseDatabase>) {}

  async add(row: Insertable<IdeasTable>): Promise<boolean> {
    const r = await this.db.insertInto('ideas').values(row).onConflict((oc) => oc.column('case_id').doNothing()).executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  find(id: string): Promise<IdeaRow | undefined> {
    return this.db.selectFrom('ideas').selectAll().where('id', '=', id).executeTakeFirst();
  }

  ofCase(caseId: string): Promise<IdeaRow | undefined> {
    return this.db.selectFrom('ideas').selectAll().where('case_id', '=', caseId).executeTakeFirst();
  }

  async update(id: string, changes: Partial<IdeaRow>): Promise<void> {
    await this.db.updateTable('ideas').set(changes).where('id', '=', id).execute();
  }

  list(brandId: string, statuses: string[] | undefined, limit: number): Promise<IdeaRow[]> {
    let q = this.db.selectFrom('ideas').selectAll().where('brand_id', '=', brandId);
    if (statuses?.length) q = q.where('status', 'in', statuses);
    return q.orderBy('created_at', 'desc').limit(limit).execute();
  }
}

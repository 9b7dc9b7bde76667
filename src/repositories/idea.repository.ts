/** The idea backlog: ideas from customers, with their status until their authors have had an answer. */
import type { Kysely } from 'kysely';
import type { DefuseDatabase, IdeaRow } from '../db/schema.js';
import { type Camel, camelKeys, snakeKeys } from './mapping.js';

export type Idea = Camel<IdeaRow>;

export class IdeaRepository {
  constructor(private readonly db: Kysely<DefuseDatabase>) {}

  /** Adds the case's idea; false if the case has one already. */
  async add(idea: Idea): Promise<boolean> {
    const r = await this.db
      .insertInto('ideas')
      .values(snakeKeys(idea))
      .onConflict((oc) => oc.column('case_id').doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async find(id: string): Promise<Idea | undefined> {
    const r = await this.db.selectFrom('ideas').selectAll().where('id', '=', id).executeTakeFirst();
    return r && camelKeys(r);
  }

  async ofCase(caseId: string): Promise<Idea | undefined> {
    const r = await this.db.selectFrom('ideas').selectAll().where('case_id', '=', caseId).executeTakeFirst();
    return r && camelKeys(r);
  }

  async update(id: string, changes: Partial<Idea>): Promise<void> {
    await this.db.updateTable('ideas').set(snakeKeys(changes)).where('id', '=', id).execute();
  }

  /** Erasure: the case's idea keeps its status, its summary reads `summary`; returns how many. */
  async replaceSummary(caseId: string, summary: string): Promise<number> {
    const r = await this.db.updateTable('ideas').set({ summary, status_note: null }).where('case_id', '=', caseId).executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  /** Erasure of mentions: ideas logged from them keep their status, their summary reads `summary`. */
  async replaceSummaryOfMentions(mentionIds: string[], summary: string): Promise<void> {
    if (mentionIds.length) await this.db.updateTable('ideas').set({ summary }).where('mention_id', 'in', mentionIds).execute();
  }

  async list(brandId: string, statuses: string[] | undefined, limit: number): Promise<Idea[]> {
    let q = this.db.selectFrom('ideas').selectAll().where('brand_id', '=', brandId);
    if (statuses?.length) q = q.where('status', 'in', statuses);
    return (await q.orderBy('created_at', 'desc').limit(limit).execute()).map(camelKeys);
  }
}

/** Replies to customers: written, reviewed, scheduled, delivered. */
import type { Insertable, Kysely, Selectable } from 'kysely';
import type { DefuseDatabase, RepliesTable } from '../db/schema.js';

export type ReplyRow = Selectable<RepliesTable>;

export class ReplyRepository {
  constructor(private readonly db: Kysely<DefuseDatabase>) {}

  async add(row: Insertable<RepliesTable>): Promise<void> {
    await this.db.insertInto('replies').values(row).execute();
  }

  forCase(caseId: string): Promise<ReplyRow[]> {
    return this.db.selectFrom('replies').selectAll().where('case_id', '=', caseId).orderBy('created_at').execute();
  }

  find(id: string): Promise<ReplyRow | undefined> {
    return this.db.selectFrom('replies').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async update(id: string, changes: Partial<ReplyRow>): Promise<void> {
    await this.db.updateTable('replies').set(changes).where('id', '=', id).execute();
  }

  /** Replies sent or on their way out (awaiting approval, scheduled, ready to post, being delivered): drafts, rejected and failed ones do not count. */
  async countOutgoing(caseId: string): Promise<number> {
    const r = await this.db
      .selectFrom('replies')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('case_id', '=', caseId)
      .where('status', 'in', ['sent', 'scheduled', 'pending_approval', 'approved', 'ready', 'sending'])
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** Scheduled replies whose time has come. */
  due(now: string, limit: number): Promise<ReplyRow[]> {
    return this.db
      .selectFrom('replies')
      .selectAll()
      .where('status', '=', 'scheduled')
      .where('send_at', '<=', now)
      .orderBy('send_at')
      .limit(limit)
      .execute();
  }
}

/** In-app notifications of people. */
import type { Insertable, Kysely } from 'kysely';
import type { DefuseDatabase, NotificationRow, NotificationsTable } from '../db/schema.js';

export type { NotificationRow };

export class NotificationRepository {
  constructor(private readonly db: Kysely<DefuseDatabase>) {}

  async add(rows: Insertable<NotificationsTable>[]): Promise<void> {
    if (rows.length) await this.db.insertInto('notifications').values(rows).execute();
  }

  forUser(userId: string, opts: { unreadOnly: boolean; limit: number; brandIds: string[] }): Promise<NotificationRow[]> {
    if (!opts.brandIds.length) return Promise.resolve([]);
    let q = this.db.selectFrom('notifications').selectAll().where('user_id', '=', userId).where('brand_id', 'in', opts.brandIds);
    if (opts.unreadOnly) q = q.where('read_at', 'is', null);
    return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(opts.limit).execute();
  }

  async markRead(userId: string, ids: string[], at: string): Promise<number> {
    if (!ids.length) return 0;
    const r = await this.db
      .updateTable('notifications')
      .set({ read_at: at })
      .where('user_id', '=', userId)
      .where('id', 'in', ids)
      .where('read_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }
}

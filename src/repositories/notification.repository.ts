/** In-app notifications of people. */
import type { Kysely } from 'kysely';
import type { DefuseDatabase, NotificationRow } from '../db/schema.js';
import { encodeJson, parseJson } from './json.js';
import { type Camel, camelKeys, snakeKeys } from './mapping.js';

export type Notification = Omit<Camel<NotificationRow>, 'data'> & { data: Record<string, unknown> };

export class NotificationRepository {
  constructor(private readonly db: Kysely<DefuseDatabase>) {}

  async add(notifications: Notification[]): Promise<void> {
    if (notifications.length) await this.db.insertInto('notifications').values(notifications.map((n) => ({ ...snakeKeys(n), data: encodeJson(n.data) }))).execute();
  }

  async forUser(userId: string, opts: { unreadOnly: boolean; limit: number; brandIds: string[] }): Promise<Notification[]> {
    if (!opts.brandIds.length) return [];
    let q = this.db.selectFrom('notifications').selectAll().where('user_id', '=', userId).where('brand_id', 'in', opts.brandIds);
    if (opts.unreadOnly) q = q.where('read_at', 'is', null);
    const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(opts.limit).execute();
    return rows.map((r) => ({ ...camelKeys(r), data: parseJson<Record<string, unknown>>(r.data, {}, 'notifications.data') }));
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

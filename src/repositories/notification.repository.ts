/** In-app notifications of people. */
import type { Kysely } from 'kysely';
import type { DefuseDatabase, NotificationRow } from '../db/schema.js';
import { encodeJson, parseJson } from './json.js';
import { type Camel, camelKeys, snakeKeys } from './mapping.js';

export type Notification = Omit<Camel<NotificationRow>, 'data'> & { data: Record<string, unknown> };

export class NotificationRepository {
  constructor(private readonly db: Kysely<DefuseDatabase>) {}

  async add(notifications: Notification[]): Promise<void> {
    if (notifications.length)
      await this.db
        .insertInto('notifications')
        .values(notifications.map((n) => ({ ...snakeKeys(n), data: encodeJson(n.data) })))
        .execute();
  }

  async forUser(userId: string, opts: { unreadOnly: boolean; limit: number; brandIds: string[] }): Promise<Notification[]> {
    if (!opts.brandIds.length) return [];
    let q = this.db.selectFrom('notifications').selectAll().where('user_id', '=', userId).where('brand_id', 'in', opts.brandIds);
    if (opts.unreadOnly) q = q.where('read_at', 'is', null);
    const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(opts.limit).execute();
    return rows.map((r) => ({ ...camelKeys(r), data: parseJson<Record<string, unknown>>(r.data, {}, 'notifications.data') }));
  }

  /** Rewrites the data of the case's notifications through `scrub` (erasure); returns how many changed. */
  async scrubForCase(caseId: string, scrub: (data: Record<string, unknown>) => Record<string, unknown>): Promise<number> {
    const rows = await this.db.selectFrom('notifications').select(['id', 'data']).where('case_id', '=', caseId).execute();
    let changed = 0;
    for (const r of rows) {
      const data = encodeJson(scrub(parseJson<Record<string, unknown>>(r.data, {}, 'notifications.data')));
      if (data === r.data) continue;
      await this.db.updateTable('notifications').set({ data }).where('id', '=', r.id).execute();
      changed++;
    }
    return changed;
  }

  /** The person's notifications of this type about these cases (read or not). */
  async ofUserAbout(userId: string, type: string, caseIds: string[]): Promise<Notification[]> {
    if (!caseIds.length) return [];
    const rows = await this.db
      .selectFrom('notifications')
      .selectAll()
      .where('user_id', '=', userId)
      .where('type', '=', type)
      .where('case_id', 'in', caseIds)
      .execute();
    return rows.map((r) => ({ ...camelKeys(r), data: parseJson<Record<string, unknown>>(r.data, {}, 'notifications.data') }));
  }

  /** Of these users, who already got a notification of this type for the brand since `since`. */
  async recipientsSince(brandId: string, type: string, userIds: string[], since: string): Promise<Set<string>> {
    if (!userIds.length) return new Set();
    const rows = await this.db
      .selectFrom('notifications')
      .select('user_id')
      .where('brand_id', '=', brandId)
      .where('type', '=', type)
      .where('user_id', 'in', userIds)
      .where('created_at', '>=', since)
      .execute();
    return new Set(rows.map((r) => r.user_id));
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

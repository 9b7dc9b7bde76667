import type { Kysely, Selectable } from 'kysely';
import type { DefuseDatabase, SessionsTable } from '../db/schema.js';

export type SessionRow = Selectable<SessionsTable>;

/** Sessions are stored by the SHA-256 of their cookie value, never the value itself. */
export class SessionRepository {
  constructor(private readonly db: Kysely<DefuseDatabase>) {}

  async create(row: SessionRow): Promise<void> {
    await this.db.insertInto('sessions').values(row).execute();
  }

  findById(id: string): Promise<SessionRow | undefined> {
    return this.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id', '=', id).execute();
  }

  async deleteExpired(nowIso: string): Promise<number> {
    const r = await this.db.deleteFrom('sessions').where('expires_at', '<=', nowIso).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}

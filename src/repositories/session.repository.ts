import type { Kysely, Selectable } from 'kysely';
import type { DefuseDatabase, SessionsTable } from '../db/schema.js';
import { type Camel, camelKeys, snakeKeys } from './mapping.js';

/** A signed-in session, keyed by the SHA-256 of its cookie value. */
export type Session = Camel<Selectable<SessionsTable>>;

/** Sessions are stored by the SHA-256 of their cookie value, never the value itself. */
export class SessionRepository {
  constructor(private readonly db: Kysely<DefuseDatabase>) {}

  async create(s: Session): Promise<void> {
    await this.db.insertInto('sessions').values(snakeKeys(s)).execute();
  }

  async findById(id: string): Promise<Session | undefined> {
    const r = await this.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
    return r && camelKeys(r);
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id', '=', id).execute();
  }

  async deleteExpired(nowIso: string): Promise<number> {
    const r = await this.db.deleteFrom('sessions').where('expires_at', '<=', nowIso).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}

import type { Kysely, Selectable } from 'kysely';
import type { DefuseDatabase, SessionsTable } from '../db/schema.js';
import { type Camel, camelKeys, snakeKeys } from './mapping.js';

/** A signed-in session, keyed by the SHA-256 of its cookie value. */
export type Session = Camel<Selectable<SessionsTable>>;

/** Failed sign-ins counted on one account. */
export interface SignInFailures {
  email: string;
  failures: number;
  /** The latest failure: a quiet spell after it starts the count again. */
  lastAt: string;
  lockedUntil: string | null;
}

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

  /** Ends every session of a person (but `exceptId`, the one in use, if given); returns how many ended. */
  async deleteForUser(userId: string, exceptId?: string): Promise<number> {
    let q = this.db.deleteFrom('sessions').where('user_id', '=', userId);
    if (exceptId) q = q.where('id', '!=', exceptId);
    const r = await q.executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  async countForUser(userId: string): Promise<number> {
    const r = await this.db
      .selectFrom('sessions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** The failed sign-ins on an account, if any are counted. */
  async signInFailures(email: string): Promise<SignInFailures | undefined> {
    const r = await this.db.selectFrom('sign_in_failures').selectAll().where('email', '=', email).executeTakeFirst();
    return r && { email: r.email, failures: Number(r.failures), lastAt: r.last_at, lockedUntil: r.locked_until };
  }

  async saveSignInFailures(f: SignInFailures): Promise<void> {
    const row = { email: f.email, failures: f.failures, last_at: f.lastAt, locked_until: f.lockedUntil };
    await this.db
      .insertInto('sign_in_failures')
      .values(row)
      .onConflict((oc) => oc.column('email').doUpdateSet({ failures: row.failures, last_at: row.last_at, locked_until: row.locked_until }))
      .execute();
  }

  async clearSignInFailures(email: string): Promise<void> {
    await this.db.deleteFrom('sign_in_failures').where('email', '=', email).execute();
  }

  /** Counts whose last failure is before `beforeIso` and that hold no lock after it. */
  async deleteStaleSignInFailures(beforeIso: string): Promise<number> {
    const r = await this.db
      .deleteFrom('sign_in_failures')
      .where('last_at', '<', beforeIso)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', beforeIso)]))
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  async deleteExpired(nowIso: string): Promise<number> {
    const r = await this.db.deleteFrom('sessions').where('expires_at', '<=', nowIso).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}

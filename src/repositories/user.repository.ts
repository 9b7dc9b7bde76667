import type { Kysely } from 'kysely';
import type { DefuseDatabase, MembershipsTable, UserRow } from '../db/schema.js';
import { camelKeys } from './mapping.js';

/** A person who signs in: their booleans booleans. The password hash never leaves the services. */
export interface User {
  id: string;
  email: string;
  name: string;
  passwordHash: string;
  isAdmin: boolean;
  disabled: boolean;
  createdAt: string;
  lastSignInAt: string | null;
  /** A password handed over (generated), which the desk asks its holder to replace. */
  passwordTemporary?: boolean;
}

/** A person's place in a brand: role, availability, "new responder" mark. */
export interface Membership {
  userId: string;
  brandId: string;
  role: string;
  createdAt: string;
  available: boolean;
  isNew: boolean;
  lastAssignedAt: string | null;
  /** When a brand admin deactivated it (no access to the brand), or null. */
  deactivatedAt: string | null;
}

/** A new membership (availability and the "new" mark take their defaults). */
export type NewMembership = Pick<Membership, 'userId' | 'brandId' | 'role' | 'createdAt'>;

/** Fields of a membership to change. */
export type MembershipChanges = Partial<Pick<Membership, 'available' | 'isNew' | 'lastAssignedAt'>>;

/** A member as the brand's member list shows them; `createdAt` is when they joined the brand. */
export interface MemberListing {
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
  disabled: boolean;
  role: string;
  createdAt: string;
  available: boolean;
  isNew: boolean;
  lastSignInAt: string | null;
  /** The membership's deactivation (this brand only), or null. */
  deactivatedAt: string | null;
}

const toUser = (r: UserRow): User => ({
  ...camelKeys(r),
  isAdmin: r.is_admin === 1,
  disabled: r.disabled === 1,
  passwordTemporary: r.password_temporary === 1,
});

const toMembership = (r: {
  user_id: string;
  brand_id: string;
  role: string;
  created_at: string;
  available: number;
  is_new: number;
  last_assigned_at: string | null;
  deactivated_at: string | null;
}): Membership => ({ ...camelKeys(r), available: r.available === 1, isNew: r.is_new === 1 });

export class UserRepository {
  constructor(private readonly db: Kysely<DefuseDatabase>) {}

  async create(u: Omit<User, 'lastSignInAt'>): Promise<void> {
    await this.db
      .insertInto('users')
      .values({
        id: u.id,
        email: u.email,
        name: u.name,
        password_hash: u.passwordHash,
        is_admin: u.isAdmin ? 1 : 0,
        disabled: u.disabled ? 1 : 0,
        password_temporary: u.passwordTemporary ? 1 : 0,
        created_at: u.createdAt,
      })
      .execute();
  }

  async findById(id: string): Promise<User | undefined> {
    const r = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toUser(r);
  }

  async findByEmail(email: string): Promise<User | undefined> {
    const r = await this.db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
    return r && toUser(r);
  }

  async count(): Promise<number> {
    const r = await this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** A password the person chose (a change, a reset link): no longer a temporary one. */
  async setPassword(id: string, passwordHash: string): Promise<void> {
    await this.db.updateTable('users').set({ password_hash: passwordHash, password_temporary: 0 }).where('id', '=', id).execute();
  }

  async setDisabled(id: string, disabled: boolean): Promise<void> {
    await this.db
      .updateTable('users')
      .set({ disabled: disabled ? 1 : 0 })
      .where('id', '=', id)
      .execute();
  }

  async recordSignIn(id: string, atIso: string): Promise<void> {
    await this.db.updateTable('users').set({ last_sign_in_at: atIso }).where('id', '=', id).execute();
  }

  /** Everyone, by e-mail. */
  async listAll(): Promise<User[]> {
    return (await this.db.selectFrom('users').selectAll().orderBy('email').execute()).map(toUser);
  }

  /** The installation administrators, oldest first. */
  async listAdmins(): Promise<User[]> {
    const rows = await this.db.selectFrom('users').selectAll().where('is_admin', '=', 1).orderBy('created_at').orderBy('id').execute();
    return rows.map(toUser);
  }

  /** Sets or clears a membership's deactivation; false if there is no such membership. */
  async setMembershipDeactivated(userId: string, brandId: string, atIso: string | null): Promise<boolean> {
    const r = await this.db
      .updateTable('memberships')
      .set({ deactivated_at: atIso })
      .where('user_id', '=', userId)
      .where('brand_id', '=', brandId)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Adds the membership or changes its role. */
  async upsertMembership(m: NewMembership): Promise<void> {
    await this.db
      .insertInto('memberships')
      .values({ user_id: m.userId, brand_id: m.brandId, role: m.role, created_at: m.createdAt })
      .onConflict((oc) => oc.columns(['user_id', 'brand_id']).doUpdateSet({ role: m.role }))
      .execute();
  }

  async removeMembership(userId: string, brandId: string): Promise<number> {
    const r = await this.db.deleteFrom('memberships').where('user_id', '=', userId).where('brand_id', '=', brandId).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  /** The person's active memberships (with `includeDeactivated`, also those a brand admin deactivated). */
  async membershipsOf(userId: string, options: { includeDeactivated?: boolean } = {}): Promise<Membership[]> {
    let q = this.db.selectFrom('memberships').selectAll().where('user_id', '=', userId);
    if (!options.includeDeactivated) q = q.where('deactivated_at', 'is', null);
    return (await q.execute()).map(toMembership);
  }

  /** An active membership (with `includeDeactivated`, also a deactivated one). */
  async findMembership(userId: string, brandId: string, options: { includeDeactivated?: boolean } = {}): Promise<Membership | undefined> {
    let q = this.db.selectFrom('memberships').selectAll().where('user_id', '=', userId).where('brand_id', '=', brandId);
    if (!options.includeDeactivated) q = q.where('deactivated_at', 'is', null);
    const r = await q.executeTakeFirst();
    return r && toMembership(r);
  }

  async updateMembership(userId: string, brandId: string, changes: MembershipChanges): Promise<void> {
    const set: Partial<Omit<MembershipsTable, 'available' | 'is_new'> & { available: number; is_new: number }> = {
      ...(changes.available !== undefined ? { available: changes.available ? 1 : 0 } : {}),
      ...(changes.isNew !== undefined ? { is_new: changes.isNew ? 1 : 0 } : {}),
      ...(changes.lastAssignedAt !== undefined ? { last_assigned_at: changes.lastAssignedAt } : {}),
    };
    if (!Object.keys(set).length) return;
    await this.db.updateTable('memberships').set(set).where('user_id', '=', userId).where('brand_id', '=', brandId).execute();
  }

  async listMembers(brandId: string): Promise<MemberListing[]> {
    const rows = await this.db
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .select([
        'users.id',
        'users.email',
        'users.name',
        'users.disabled',
        'users.is_admin',
        'memberships.role',
        'memberships.created_at',
        'memberships.available',
        'memberships.is_new',
        'memberships.deactivated_at',
        'users.last_sign_in_at',
      ])
      .where('memberships.brand_id', '=', brandId)
      .orderBy('users.name')
      .execute();
    return rows.map((r) => ({
      ...camelKeys(r),
      isAdmin: r.is_admin === 1,
      disabled: r.disabled === 1,
      available: r.available === 1,
      isNew: r.is_new === 1,
    }));
  }
}

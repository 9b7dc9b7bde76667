import type { Insertable, Kysely, Selectable } from 'kysely';
import type { DefuseDatabase, MembershipsTable, UserRow } from '../db/schema.js';

export type MembershipRow = Selectable<MembershipsTable>;

export class UserRepository {
  constructor(private readonly db: Kysely<DefuseDatabase>) {}

  async create(row: UserRow): Promise<void> {
    await this.db.insertInto('users').values(row).execute();
  }

  findById(id: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findByEmail(email: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
  }

  async count(): Promise<number> {
    const r = await this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async setPassword(id: string, passwordHash: string): Promise<void> {
    await this.db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', id).execute();
  }

  /** Adds the membership or changes its role. */
  async upsertMembership(row: Insertable<MembershipsTable>): Promise<void> {
    await this.db
      .insertInto('memberships')
      .values(row)
      .onConflict((oc) => oc.columns(['user_id', 'brand_id']).doUpdateSet({ role: row.role }))
      .execute();
  }

  async removeMembership(userId: string, brandId: string): Promise<number> {
    const r = await this.db.deleteFrom('memberships').where('user_id', '=', userId).where('brand_id', '=', brandId).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  membershipsOf(userId: string): Promise<MembershipRow[]> {
    return this.db.selectFrom('memberships').selectAll().where('user_id', '=', userId).execute();
  }

  findMembership(userId: string, brandId: string): Promise<MembershipRow | undefined> {
    return this.db.selectFrom('memberships').selectAll().where('user_id', '=', userId).where('brand_id', '=', brandId).executeTakeFirst();
  }

  async updateMembership(
    userId: string,
    brandId: string,
    changes: { available?: number; is_new?: number; last_assigned_at?: string },
  ): Promise<void> {
    await this.db.updateTable('memberships').set(changes).where('user_id', '=', userId).where('brand_id', '=', brandId).execute();
  }

  listMembers(brandId: string) {
    return this.db
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .select([
        'users.id',
        'users.email',
        'users.name',
        'users.disabled',
        'memberships.role',
        'memberships.created_at',
        'memberships.available',
        'memberships.is_new',
      ])
      .where('memberships.brand_id', '=', brandId)
      .orderBy('users.name')
      .execute();
  }
}

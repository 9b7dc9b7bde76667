/** The people of a brand as routing and notifications see them: roles, availability, workload. */
import type { Kysely } from 'kysely';
import { OPEN_STATUSES } from '../domain/cases/case-status.js';
import type { DefuseDatabase } from '../db/schema.js';

export interface MemberLoad {
  userId: string;
  role: string;
  available: boolean;
  isNew: boolean;
  lastAssignedAt: string | null;
  openCases: number;
}

export class MemberRepository {
  constructor(private readonly db: Kysely<DefuseDatabase>) {}

  /** Members of a brand (optionally only these users) with their availability and count of open cases. */
  async loads(brandId: string, userIds?: string[]): Promise<MemberLoad[]> {
    if (userIds && !userIds.length) return [];
    let q = this.db
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .leftJoin('cases as c', (j) =>
        j
          .onRef('c.assignee_id', '=', 'm.user_id')
          .onRef('c.brand_id', '=', 'm.brand_id')
          .on('c.status', 'in', [...OPEN_STATUSES]),
      )
      .select((eb) => ['m.user_id', 'm.role', 'm.available', 'm.is_new', 'm.last_assigned_at', eb.fn.count<number>('c.id').as('open_cases')])
      .where('m.brand_id', '=', brandId)
      .where('u.disabled', '=', 0)
      .where('m.deactivated_at', 'is', null)
      .groupBy(['m.user_id', 'm.role', 'm.available', 'm.is_new', 'm.last_assigned_at']);
    if (userIds) q = q.where('m.user_id', 'in', userIds);
    const rows = await q.execute();
    return rows.map((r) => ({
      userId: r.user_id,
      role: r.role,
      available: Boolean(r.available),
      isNew: Boolean(r.is_new),
      lastAssignedAt: r.last_assigned_at,
      openCases: Number(r.open_cases),
    }));
  }

  async idsWithRoles(brandId: string, roles: string[]): Promise<string[]> {
    const rows = await this.db
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select('m.user_id')
      .where('m.brand_id', '=', brandId)
      .where('m.role', 'in', roles)
      .where('u.disabled', '=', 0)
      .where('m.deactivated_at', 'is', null)
      .execute();
    return rows.map((r) => r.user_id);
  }
}

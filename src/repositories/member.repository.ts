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

/** A colleague one may ask inside a case: who they are to the brand, never their e-mail or sign-in. */
export interface Colleague {
  userId: string;
  name: string;
  role: string;
  teams: Array<{ id: string; name: string }>;
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

  /** The brand's active members (not disabled, not deactivated) by name, with the brand's teams each is on. */
  async colleagues(brandId: string): Promise<Colleague[]> {
    const [people, onTeams] = await Promise.all([
      this.db
        .selectFrom('memberships as m')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .select(['u.id', 'u.name', 'm.role'])
        .where('m.brand_id', '=', brandId)
        .where('u.disabled', '=', 0)
        .where('m.deactivated_at', 'is', null)
        .orderBy('u.name')
        .orderBy('u.id')
        .execute(),
      this.db
        .selectFrom('team_members as tm')
        .innerJoin('teams as t', 't.id', 'tm.team_id')
        .select(['tm.user_id', 't.id', 't.name'])
        .where('tm.brand_id', '=', brandId)
        .where('t.brand_id', '=', brandId)
        .orderBy('t.name')
        .execute(),
    ]);
    const teamsOf = new Map<string, Array<{ id: string; name: string }>>();
    for (const r of onTeams) teamsOf.set(r.user_id, [...(teamsOf.get(r.user_id) ?? []), { id: r.id, name: r.name }]);
    return people.map((p) => ({ userId: p.id, name: p.name, role: p.role, teams: teamsOf.get(p.id) ?? [] }));
  }
}

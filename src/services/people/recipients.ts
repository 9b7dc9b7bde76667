/** Who hears of what happens on a case, and who on a team may take one. */
import { roleCan, type Role } from '../../domain/access/permissions.js';
import type { MemberLoad } from '../../repositories/member.repository.js';
import type { Repositories } from '../../repositories/store.js';

/** Managers of the brand (and admins holding a role in it): who hears of escalations. */
export function managerIds(r: Repositories, brandId: string): Promise<string[]> {
  return r.members.idsWithRoles(brandId, ['manager', 'admin']);
}

/** Whoever answers for the case: its assignee, else the managers. */
export async function ownerIds(r: Repositories, c: { assigneeId: string | null; brandId: string }): Promise<string[]> {
  return c.assigneeId ? [c.assigneeId] : managerIds(r, c.brandId);
}

/** The team's members who may reply, with their availability and open cases (routing picks the least loaded). */
export async function teamResponders(r: Repositories, brandId: string, teamId: string): Promise<MemberLoad[]> {
  const loads = await r.members.loads(brandId, await r.teams.memberIds(teamId));
  return loads.filter((m) => roleCan(m.role as Role, 'reply.write'));
}

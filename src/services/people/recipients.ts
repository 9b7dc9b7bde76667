/** Who hears of what happens on a case. */
import type { Repositories } from '../../repositories/store.js';

/** Managers of the brand (and admins holding a role in it): who hears of escalations. */
export function managerIds(r: Repositories, brandId: string): Promise<string[]> {
  return r.members.idsWithRoles(brandId, ['manager', 'admin']);
}

/** Whoever answers for the case: its assignee, else the managers. */
export async function ownerIds(r: Repositories, c: { assigneeId: string | null; brandId: string }): Promise<string[]> {
  return c.assigneeId ? [c.assigneeId] : managerIds(r, c.brandId);
}

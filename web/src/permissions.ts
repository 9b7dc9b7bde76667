/** What the signed-in user may do on a brand, as the server told it in /auth/me (the server checks again on every call). */
import type { Permission } from '../../src/domain/access/permissions.js';
import type { Me } from './api';

export type { Permission };

export function can(me: Me, brandId: string, permission: Permission): boolean {
  return me.brands.find((b) => b.id === brandId)?.permissions?.includes(permission) ?? false;
}

/** The user's role on a brand ('' when they hold none there). */
export function roleOn(me: Me, brandId: string): string {
  return me.brands.find((b) => b.id === brandId)?.role ?? '';
}

/**
 * Who is calling, and the one access check every service method starts with.
 * A caller who is not in the brand gets "not found", so ids of other brands'
 * things leak nothing; a member without the permission gets "forbidden".
 */
import { PERMISSIONS, type Permission, type Role, roleCan } from '../domain/access/permissions.js';
import { forbidden, notFound, unauthorized } from '../errors.js';

export type Actor =
  | { type: 'user'; userId: string; isAdmin: boolean; roles: ReadonlyMap<string, Role> }
  | { type: 'token'; tokenId: string; brandId: string }
  | { type: 'system'; name: string };

/** What a brand API token may do: push mentions in and read them back. */
const TOKEN_PERMISSIONS: readonly Permission[] = ['mention.ingest', 'mention.read'];

/** What an installation admin may do on every brand, member there or not, whatever their role. */
const INSTALLATION_ADMIN_PERMISSIONS: readonly Permission[] = ['brand.manage', 'member.manage', 'member.read'];

export function authorize(actor: Actor | undefined, brandId: string, permission: Permission): void {
  if (!actor) throw unauthorized();
  if (actor.type === 'system') return;
  if (actor.type === 'token') {
    if (actor.brandId !== brandId) throw notFound('Brand');
    if (!TOKEN_PERMISSIONS.includes(permission)) throw forbidden('API tokens may only send and read mentions');
    return;
  }
  // Installation admins manage every brand's settings and members whatever their role there (the README's demo
  // command makes them a manager of the demo brand), but read content only where they are members.
  if (actor.isAdmin && INSTALLATION_ADMIN_PERMISSIONS.includes(permission)) return;
  const role = actor.roles.get(brandId);
  if (!role) throw notFound('Brand');
  if (!roleCan(role, permission)) throw forbidden(`Your role (${role}) may not do this`);
}

/** Every permission a user holds on a brand (what the desk shows them as doable there). */
export function permissionsOn(actor: Actor & { type: 'user' }, brandId: string): Permission[] {
  const role = actor.roles.get(brandId);
  return (Object.keys(PERMISSIONS) as Permission[]).filter(
    (p) => (actor.isAdmin && INSTALLATION_ADMIN_PERMISSIONS.includes(p)) || (role !== undefined && roleCan(role, p)),
  );
}

export function requireAdmin(actor: Actor | undefined): void {
  if (!actor) throw unauthorized();
  if (actor.type === 'system') return;
  if (actor.type !== 'user' || !actor.isAdmin) throw forbidden('Only an administrator may do this');
}

export function actorRef(actor: Actor): { actor_type: string; actor_id: string | null } {
  if (actor.type === 'user') return { actor_type: 'user', actor_id: actor.userId };
  if (actor.type === 'token') return { actor_type: 'token', actor_id: actor.tokenId };
  return { actor_type: 'system', actor_id: actor.name };
}

export const SYSTEM: Actor = { type: 'system', name: 'pipeline' };

/**
 * Roles and what each may do: the one permission table of Defuse. Roles are
 * held per brand (a membership); installation admins may also create brands
 * and users.
 */
export const ROLES = ['admin', 'manager', 'reviewer', 'responder', 'specialist'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = {
  'brand.read': ['admin', 'manager', 'reviewer', 'responder', 'specialist'],
  'brand.manage': ['admin'],
  'member.read': ['admin', 'manager'],
  'member.manage': ['admin'],
  'token.manage': ['admin', 'manager'],
  'channel.manage': ['admin', 'manager'],
  /** Response policy, playbooks, routing, teams, escalation contacts, webhooks. */
  'policy.manage': ['admin', 'manager'],
  'reply.approve': ['admin', 'manager', 'reviewer'],
  'idea.manage': ['admin', 'manager', 'reviewer', 'responder'],
  'mention.read': ['admin', 'manager', 'reviewer', 'responder', 'specialist'],
  'mention.ingest': ['admin', 'manager'],
  'case.read': ['admin', 'manager', 'reviewer', 'responder', 'specialist'],
  'case.update': ['admin', 'manager', 'reviewer', 'responder'],
  'case.assign': ['admin', 'manager', 'reviewer', 'responder'],
  'reply.write': ['admin', 'manager', 'reviewer', 'responder'],
  'note.write': ['admin', 'manager', 'reviewer', 'responder', 'specialist'],
  /** People's data: export and erase everything held about an author. */
  'data.manage': ['admin', 'manager'],
  /** A case's evidence bundle (timeline, original texts, hashes), for black PR and threats. */
  'case.evidence': ['admin', 'manager'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function roleCan(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

import { z } from 'zod';
import { Id, Iso } from './common.js';

export const BrandSchema = z.object({
  id: Id,
  slug: z.string(),
  name: z.string(),
  created_at: Iso,
  role: z.string().nullable().optional(),
  /** What the signed-in user may do on this brand (see src/domain/access/permissions.ts), for the desk to offer only that. */
  permissions: z.array(z.string()).optional(),
});

export const UserSchema = z.object({
  id: Id,
  email: z.string(),
  name: z.string(),
  isAdmin: z.boolean(),
  /** Signed in with a password handed over (generated): the desk asks to choose one. */
  passwordTemporary: z.boolean().optional(),
});

/** Who is signed in, their brands and the CSRF token for writes. */
export const MeSchema = z.object({ user: UserSchema, brands: z.array(BrandSchema), csrf_token: z.string(), brand_id: Id.optional() });

/** A member of a brand: `disabled` the account (installation admins), `deactivated` this membership (brand admins). */
export const MemberSchema = z.object({
  id: Id,
  email: z.string(),
  name: z.string(),
  role: z.string(),
  disabled: z.boolean(),
  deactivated: z.boolean(),
  status: z.enum(['active', 'deactivated']),
  admin: z.boolean().optional(),
  last_sign_in_at: Iso.nullable(),
  since: Iso,
});

/** An invitation not used yet. */
export const InvitationSchema = z.object({ id: Id, email: z.string(), role: z.string(), created_at: Iso, expires_at: Iso });

/** A one-time link just made: `link` is null when it went out by e-mail (`mailed`). */
export const IssuedLinkSchema = z.object({ id: Id, email: z.string(), link: z.string().nullable(), mailed: z.boolean(), expires_at: Iso });

/** What an invitation link is for (shown to whoever opens it). */
export const InvitationPreviewSchema = z.object({
  email: z.string(),
  brand_name: z.string(),
  role: z.string(),
  account_exists: z.boolean(),
  expires_at: Iso,
});

/** The answer to "forgot password": the same whether or not the address has an account. */
export const ForgotPasswordSchema = z.object({ ok: z.boolean(), mail: z.boolean() });

export const MembershipSchema = z.object({ user_id: Id, role: z.string() });

export const ChannelSchema = z.object({ id: Id, key: z.string(), name: z.string().nullable(), created_at: Iso });

export const TokenSchema = z.object({
  id: Id,
  name: z.string(),
  prefix: z.string(),
  created_at: Iso,
  last_used_at: Iso.nullable(),
  revoked_at: Iso.nullable(),
});

/** A new token: its secret is in this answer and nowhere else, ever. */
export const CreatedTokenSchema = TokenSchema.extend({ token: z.string() });

export const CreatedUserSchema = z.object({ id: Id, email: z.string(), name: z.string(), admin: z.boolean(), created_at: Iso });

/** The brand's settings (response policy, routing, playbooks, templates, webhooks…): validated on write by the server. */
export const SettingsSchema = z.looseObject({ competitors: z.array(z.string()) });

export const WorkloadSchema = z.object({
  user_id: Id,
  role: z.string(),
  available: z.boolean(),
  new_responder: z.boolean(),
  open_cases: z.number(),
  last_assigned_at: Iso.nullable(),
});

export const TeamSchema = z.object({ id: Id, brand_id: Id, name: z.string(), created_at: Iso, member_ids: z.array(Id) });

/** A colleague one may ask inside a case (`GET /brands/:id/colleagues`): no e-mail or other private fields. */
export const ColleagueSchema = z.object({
  id: Id,
  name: z.string(),
  role: z.string(),
  teams: z.array(z.object({ id: Id, name: z.string() })),
});

export const NotificationSchema = z.object({
  id: Id,
  brand_id: Id,
  type: z.string(),
  case_id: Id.nullable(),
  /** The case it is about: its subject on one line (cut near 140 characters) and its author; null when about no case. */
  case: z.object({ subject: z.string(), author: z.string() }).nullable(),
  data: z.record(z.string(), z.unknown()),
  created_at: Iso,
  read_at: Iso.nullable(),
});

export type Brand = z.infer<typeof BrandSchema>;
export type Me = z.infer<typeof MeSchema>;
export type Member = z.infer<typeof MemberSchema>;
export type Team = z.infer<typeof TeamSchema>;
export type Colleague = z.infer<typeof ColleagueSchema>;
export type Invitation = z.infer<typeof InvitationSchema>;
export type IssuedLink = z.infer<typeof IssuedLinkSchema>;
export type InvitationPreview = z.infer<typeof InvitationPreviewSchema>;
export type Token = z.infer<typeof TokenSchema>;
export type CreatedToken = z.infer<typeof CreatedTokenSchema>;
export type Notification = z.infer<typeof NotificationSchema>;
/** An item of the daily list of automatic decisions (an `automatic.daily` notification's `data.items`). */
export type { DailyListItem } from '../../domain/cases/daily-list.js';

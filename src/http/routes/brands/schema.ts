import { z } from 'zod';
import { ROLES } from '../../../domain/access/permissions.js';
import { BrandSettingsSchema, DeliveryChangeSchema, WebhookChangeSchema } from '../../../services/brand-settings.js';

export const BrandParamsSchema = z.object({ brandId: z.string().min(1).max(100) });
export const MemberParamsSchema = BrandParamsSchema.extend({ userId: z.string().min(1).max(100) });

export const NewBrandSchema = z.object({
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9][a-z0-9-]{1,49}$/, 'must be 2-50 characters: letters, digits, -'),
  name: z.string().trim().min(1).max(200),
});

export const SetMemberSchema = z
  .object({
    user_id: z.string().min(1).max(100).optional(),
    email: z.email().optional(),
    role: z.enum(ROLES),
  })
  .refine((v) => v.user_id || v.email, { message: 'give user_id or email', path: ['user_id'] });

export const NewUserSchema = z.object({
  email: z.email(),
  name: z.string().trim().min(1).max(200),
  password: z.string().min(12, 'must be at least 12 characters').max(1024),
  admin: z.boolean().default(false),
});

export const NewTokenSchema = z.object({ name: z.string().trim().min(1).max(100) });
export const TokenParamsSchema = z.object({ tokenId: z.string().min(1).max(100) });

/**
 * Each key given replaces that section of the settings as a whole (GET, change, send back). Secrets are not
 * read back: a webhook sent without `secret` keeps the stored one for its URL, `secret: null` removes it.
 */
export const BrandSettingsPatchSchema = z
  .object({
    language: BrandSettingsSchema.shape.language.unwrap().optional(),
    competitors: BrandSettingsSchema.shape.competitors.unwrap().optional(),
    responsePolicy: BrandSettingsSchema.shape.responsePolicy.unwrap().optional(),
    automaticThresholds: BrandSettingsSchema.shape.automaticThresholds.unwrap().optional(),
    routing: BrandSettingsSchema.shape.routing.unwrap().optional(),
    playbooks: BrandSettingsSchema.shape.playbooks.unwrap().optional(),
    escalation: BrandSettingsSchema.shape.escalation.unwrap().optional(),
    webhooks: z.array(WebhookChangeSchema).max(10).optional(),
    delivery: z.record(z.string().min(1).max(64), DeliveryChangeSchema).optional(),
    replyTemplates: BrandSettingsSchema.shape.replyTemplates.unwrap().optional(),
    reportSchedule: BrandSettingsSchema.shape.reportSchedule.unwrap().optional(),
    secondOpinion: BrandSettingsSchema.shape.secondOpinion.unwrap().optional(),
    learning: BrandSettingsSchema.shape.learning.unwrap().optional(),
    retention: BrandSettingsSchema.shape.retention.unwrap().optional(),
    historyHorizonDays: BrandSettingsSchema.shape.historyHorizonDays.unwrap().optional(),
    timeZoneKept: BrandSettingsSchema.shape.timeZoneKept.unwrap().optional(),
  })
  .strict();

export const NewInvitationSchema = z.object({ email: z.email(), role: z.enum(ROLES) });
export const InvitationParamsSchema = z.object({ invitationId: z.string().min(1).max(100) });
export const UserParamsSchema = z.object({ userId: z.string().min(1).max(100) });

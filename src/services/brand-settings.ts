/** A brand's settings, stored as JSON on the brand and validated on the way in. */
import { z } from 'zod';
import { DEFAULT_AUTOMATIC_THRESHOLDS } from '../domain/classification/automatic-action.js';
import { PLAYBOOK_KEYS, PlaybookStepsSchema } from '../domain/playbooks/playbook.js';
import { REPORT_LANGUAGES } from '../domain/reports/report-text.js';
import { ResponsePolicySchema } from '../domain/reaction/response-policy.js';
import { ReplyTemplatesSchema } from '../domain/replies/draft-templates.js';
import { RoutingSettingsSchema } from '../domain/reaction/routing.js';
import { SecondOpinionSettingsSchema } from '../domain/classification/second-opinion.js';

export const WEBHOOK_EVENTS = [
  'case.escalated',
  'case.flagged',
  'deadline.due_soon',
  'deadline.breached',
  'reply.ready',
  'follow_up.due',
  'fix.shipped',
  'campaign.detected',
  'systemic.detected',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export const WebhookSchema = z.object({
  url: z
    .string()
    .url()
    .max(2000)
    .refine((u) => /^https?:\/\//.test(u), { message: 'an http(s) URL' }),
  /** Signs each delivery (HMAC-SHA256 of the body, header x-defuse-signature). */
  secret: z.string().min(16).max(200).optional(),
  /** Events to send; omitted means all. */
  events: z.array(z.enum(WEBHOOK_EVENTS)).min(1).optional(),
});

export const EscalationSchema = z.object({
  /** Members who hear of black PR, threats and legal threats besides the managers. */
  legalUserIds: z.array(z.string().min(1).max(64)).max(20).default([]),
  /** Legal's address: black PR and threats (of harm or legal) are e-mailed there with the evidence (needs DEFUSE_SMTP_URL); the webhook carries it too. */
  legalEmail: z.string().email().max(200).optional(),
});

/** How replies go out on a channel: by hand (copy and confirm), to a webhook, or by e-mail over SMTP. */
export const DeliverySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('manual') }),
  z.object({
    type: z.literal('webhook'),
    url: z
      .url()
      .max(2000)
      .refine((u) => /^https?:\/\//.test(u), { message: 'an http(s) URL' }),
    secret: z.string().min(16).max(200).optional(),
  }),
  z.object({ type: z.literal('email'), subjectPrefix: z.string().max(100).default('Re: ') }),
]);
export type DeliveryConfig = z.infer<typeof DeliverySchema>;

/** Reports e-mailed when a month or a quarter ends (the previous one's). */
export const ReportScheduleSchema = z.object({
  monthly: z.boolean().default(false),
  quarterly: z.boolean().default(false),
  recipients: z.array(z.email().max(200)).max(50).default([]),
  format: z.enum(['pdf', 'html']).default('pdf'),
});

const Threshold = z.number().min(0).max(1);

/**
 * Per kind, the classifier's confidence at or above which the desk acts on
 * its own (trolling → not engaging, impulsive → cool-down, black PR →
 * escalation). Below it the case keeps a normal deadline and is flagged
 * `needs_review`. 1 means "never automatically"; 0 means "always".
 */
export const AutomaticThresholdsSchema = z.object({
  trolling: Threshold.default(DEFAULT_AUTOMATIC_THRESHOLDS.trolling),
  impulsive: Threshold.default(DEFAULT_AUTOMATIC_THRESHOLDS.impulsive),
  black_pr: Threshold.default(DEFAULT_AUTOMATIC_THRESHOLDS.black_pr),
});

export const PlaybookOverridesSchema = z.partialRecord(z.enum(PLAYBOOK_KEYS), PlaybookStepsSchema);

/** Learning from the team's corrections (services/classification/brand-model.service.ts). */
export const LearningSchema = z.object({
  /** Off: the brand's mentions are classified by the shipped model alone. */
  enabled: z.boolean().default(true),
  /** Retrain the brand's layer after this many new corrections (0: only by hand, `defuse train`). */
  retrainEvery: z.number().int().min(0).max(10_000).default(20),
});

/**
 * How long mentions keep their text: a scheduled job erases (as a data request does) mentions posted more than
 * `days` days ago, the cases they alone made up and the authors left with no text. null: kept (the default).
 */
/** The default history horizon: mentions older than two weeks when processed are history, not live work. */
export const DEFAULT_HISTORY_HORIZON_DAYS = 14;

export const RetentionSchema = z.object({
  days: z.number().int().min(1).max(36_500).nullable().default(null),
});

export const BrandSettingsSchema = z.object({
  /** The brand's language: its reports (HTML, PDF, CSV) are written in it, whatever language each person's desk uses. */
  language: z.enum(REPORT_LANGUAGES).default('en'),
  /** Competitors' names: mentions naming them get the competitor signal and feed black-PR detection. */
  competitors: z.array(z.string().trim().min(2).max(100)).max(50).default([]),
  responsePolicy: ResponsePolicySchema.default(ResponsePolicySchema.parse({})),
  automaticThresholds: AutomaticThresholdsSchema.default(AutomaticThresholdsSchema.parse({})),
  routing: RoutingSettingsSchema.default(RoutingSettingsSchema.parse({})),
  /** The brand's own playbooks; a situation not listed uses the default. */
  playbooks: PlaybookOverridesSchema.default({}),
  escalation: EscalationSchema.default(EscalationSchema.parse({})),
  webhooks: z.array(WebhookSchema).max(10).default([]),
  /** The brand's own reply templates; anything not given uses the defaults. */
  replyTemplates: ReplyTemplatesSchema.default({}),
  reportSchedule: ReportScheduleSchema.default(ReportScheduleSchema.parse({})),
  /** Per channel key; a channel not listed is answered by hand. */
  delivery: z.record(z.string().min(1).max(64), DeliverySchema).default({}),
  /** A language model's second reading of mentions the desk would not act on by itself (off by default). */
  secondOpinion: SecondOpinionSettingsSchema.default(SecondOpinionSettingsSchema.parse({})),
  learning: LearningSchema.default(LearningSchema.parse({})),
  retention: RetentionSchema.default(RetentionSchema.parse({})),
  /**
   * A mention posted more than this many days before it is processed (an imported backlog, a late sync) is filed
   * as history: counted in reports, but its case is closed with the `history` flag, without deadline or alerts.
   */
  historyHorizonDays: z.number().int().min(1).max(36_500).default(DEFAULT_HISTORY_HORIZON_DAYS),
  /**
   * UTC is the brand's time zone on purpose ("Keep UTC"): the desk stops asking its managers for one, in every
   * browser. Choosing another zone needs no such mark.
   */
  timeZoneKept: z.boolean().default(false),
});
export type BrandSettings = z.infer<typeof BrandSettingsSchema>;

export function brandSettings(stored: unknown): BrandSettings {
  const parsed = BrandSettingsSchema.safeParse(stored ?? {});
  return parsed.success ? parsed.data : BrandSettingsSchema.parse({});
}

/** A signing secret in a change: a new one, `null` to remove it, or left out to keep the stored one. */
const SecretChange = z.string().min(16).max(200).nullable().optional();
/** Webhooks as sent in a change of settings (the stored secret is kept when `secret` is left out). */
export const WebhookChangeSchema = WebhookSchema.extend({ secret: SecretChange });
/** Reply delivery per channel as sent in a change (the same rule for a webhook's secret). */
export const DeliveryChangeSchema = z.discriminatedUnion('type', [
  DeliverySchema.options[0],
  DeliverySchema.options[1].extend({ secret: SecretChange }),
  DeliverySchema.options[2],
]);
type WithSecret = { url?: string; secret?: string | null };

/** A change of settings: any sections, each replaced whole; webhooks and deliveries may leave their secret out. */
export type SettingsChange = Omit<Partial<BrandSettings>, 'webhooks' | 'delivery'> & {
  webhooks?: z.infer<typeof WebhookChangeSchema>[];
  delivery?: Record<string, z.infer<typeof DeliveryChangeSchema>>;
};

/**
 * A change sent back after reading the settings carries no secrets: a webhook
 * (or webhook delivery) without `secret` keeps the one stored for the same
 * URL; `secret: null` removes it; a new value replaces it. A secret never
 * follows a webhook to another URL.
 */
export function keepStoredSecrets(
  stored: BrandSettings,
  change: { webhooks?: WithSecret[]; delivery?: Record<string, WithSecret & { type: string }> },
) {
  const resolve = <T extends WithSecret>(item: T, before: WithSecret | undefined): T => {
    const { secret, ...rest } = item;
    const kept = secret === undefined ? (before?.url === item.url ? before?.secret : undefined) : secret;
    return (kept ? { ...rest, secret: kept } : rest) as T;
  };
  const out: { webhooks?: WithSecret[]; delivery?: Record<string, WithSecret & { type: string }> } = {};
  if (change.webhooks) {
    const byUrl = new Map(stored.webhooks.map((w) => [w.url, w] as const));
    out.webhooks = change.webhooks.map((w) => resolve(w, w.url ? byUrl.get(w.url) : undefined));
  }
  if (change.delivery) {
    out.delivery = Object.fromEntries(
      Object.entries(change.delivery).map(([k, d]) => {
        const before = stored.delivery[k];
        return [k, d.type === 'webhook' ? resolve(d, before?.type === 'webhook' ? before : undefined) : d];
      }),
    );
  }
  return out;
}

import { z } from 'zod';
import { REPORT_LANGUAGES } from '../../domain/reports/report-text.js';
import { Id, Iso } from './common.js';

const Counts = z.record(z.string(), z.number());

export const ResponseTimesSchema = z.object({
  cases: z.number(),
  answered: z.number(),
  medianMinutes: z.number().nullable(),
  p90Minutes: z.number().nullable(),
  breached: z.number(),
  withinTargetShare: z.number().nullable(),
});

export const DashboardSchema = z.object({
  from: Iso,
  to: Iso,
  kindsByDay: z.array(z.record(z.string(), z.union([z.number(), z.string()]))),
  sentimentByDay: z.array(z.record(z.string(), z.union([z.number(), z.string()]))),
  kinds: z.array(z.object({ kind: z.string(), n: z.number() })),
  topics: z.array(z.object({ topic: z.string(), total: z.number(), negative: z.number() })),
  responses: ResponseTimesSchema,
  work: z.object({ open: z.number(), breached: z.number(), dueSoon: z.number(), unassigned: z.number() }),
});

export const ReportSchema = z.object({
  brand: z.object({ id: Id, name: z.string() }),
  /** The brand's language, which the HTML, PDF and CSV report are written in. */
  language: z.enum(REPORT_LANGUAGES),
  period: z.object({ label: z.string(), from: Iso, to: Iso, previous: z.object({ from: Iso, to: Iso }) }),
  generatedAt: Iso,
  total: z.number(),
  previousTotal: z.number(),
  byKind: Counts,
  previousByKind: Counts,
  byTopic: Counts,
  byChannel: Counts,
  byLanguage: Counts,
  kindByTopic: z.array(z.object({ kind: z.string(), topic: z.string(), n: z.number() })),
  sentimentByWeek: z.array(z.object({ week: z.string(), negative: z.number(), neutral: z.number(), positive: z.number() })),
  responses: ResponseTimesSchema,
  breaches: z.number(),
  cases: z.object({
    resolved: z.number(),
    reopened: z.number(),
    notEngaging: z.number(),
    notEngagingReasons: z.array(z.object({ reason: z.string(), n: z.number() })),
    followUps: Counts,
  }),
  ideas: Counts,
  systemic: z.array(
    z.object({ series: z.string(), at: Iso, observed: z.number(), expected: z.number(), examples: z.array(z.object({ text: z.string() })) }),
  ),
  campaigns: z.array(z.object({ size: z.number(), authors: z.number(), first_at: Iso, sample: z.string() })),
});

export const SystemicAlertSchema = z.object({
  id: Id,
  brand_id: Id,
  series: z.string(),
  window_start: Iso,
  observed: z.number(),
  expected: z.number(),
  p_value: z.number(),
  examples: z.array(z.object({ id: Id.optional(), text: z.string() })),
  created_at: Iso,
});

export const CampaignSchema = z.object({
  id: Id,
  brand_id: Id,
  sample: z.string(),
  size: z.number(),
  authors: z.number(),
  first_at: Iso,
  last_at: Iso,
  created_at: Iso,
});

export type Dashboard = z.infer<typeof DashboardSchema>;
export type Report = z.infer<typeof ReportSchema>;
export type SystemicAlert = z.infer<typeof SystemicAlertSchema>;
export type Campaign = z.infer<typeof CampaignSchema>;

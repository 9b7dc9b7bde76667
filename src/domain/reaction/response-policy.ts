/**
 * A brand's response policy: how fast the team must answer, by channel, kind
 * and visibility, counted in business hours; how long an angry poster is left
 * to cool down; when a follow-up check is due. And the deadline arithmetic:
 * when a case is due and whether it is ok, due soon or breached.
 * PRODUCT.md rules 1 ("never ignore") and 2 ("let impulsive posters cool down").
 */
import { z } from 'zod';
import { KINDS, NEGATIVE_KINDS, type Kind } from '../labels.js';
import { addBusinessMinutes, BusinessCalendarSchema, businessMinutesBetween } from './business-calendar.js';

export const TargetRuleSchema = z.object({
  /** Channel keys this rule is for; omitted means every channel. */
  channels: z.array(z.string().min(1).max(64)).max(50).optional(),
  /** Kinds this rule is for; omitted means every kind. */
  kinds: z.array(z.enum(KINDS)).max(KINDS.length).optional(),
  visibility: z.enum(['public', 'private']).optional(),
  /** Business minutes to the first reply; null means no target (e.g. praise). */
  firstResponseMinutes: z
    .number()
    .int()
    .min(1)
    .max(60 * 24 * 30)
    .nullable(),
  /** Business minutes to answer each later message of the customer; defaults to the first-response target. */
  nextResponseMinutes: z
    .number()
    .int()
    .min(1)
    .max(60 * 24 * 30)
    .nullable()
    .optional(),
});
export type TargetRule = z.infer<typeof TargetRuleSchema>;

const negative = [...NEGATIVE_KINDS];

/** PRODUCT.md: public negative mentions within an hour, private ones within four. */
export const DEFAULT_TARGETS: TargetRule[] = [
  { kinds: negative, visibility: 'public', firstResponseMinutes: 60 },
  { kinds: negative, visibility: 'private', firstResponseMinutes: 240 },
  { kinds: ['question'], visibility: 'public', firstResponseMinutes: 120 },
  { kinds: ['question'], visibility: 'private', firstResponseMinutes: 240 },
  { kinds: ['idea'], firstResponseMinutes: 960 },
  { kinds: ['praise', 'neutral'], firstResponseMinutes: null },
];

export const ResponsePolicySchema = z.object({
  calendar: BusinessCalendarSchema.default(BusinessCalendarSchema.parse({})),
  /** false: targets run on the clock, around the day. */
  businessHours: z.boolean().default(true),
  targets: z.array(TargetRuleSchema).max(100).default(DEFAULT_TARGETS),
  /** A case is "due soon" (and escalated) when this many business minutes or fewer are left. */
  dueSoonMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  /** How long the first reply to an impulsive mention is held (clock minutes). */
  cooldownMinutes: z
    .number()
    .int()
    .min(0)
    .max(48 * 60)
    .default(180),
  /** When to ask the customer "is it solved?" after the reply (clock hours). */
  followUpAfterHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(72),
});
export type ResponsePolicy = z.infer<typeof ResponsePolicySchema>;
export const DEFAULT_RESPONSE_POLICY: ResponsePolicy = ResponsePolicySchema.parse({});

export interface TargetQuery {
  channel: string;
  kind: Kind;
  isPublic: boolean;
}

const specificity = (r: TargetRule): number => (r.channels ? 4 : 0) + (r.kinds ? 2 : 0) + (r.visibility ? 1 : 0);

/** The rule that applies: the most specific matching one (channel over kind over visibility); on a tie, the first. */
export function targetRuleFor(policy: ResponsePolicy, q: TargetQuery): TargetRule | null {
  let best: TargetRule | null = null;
  for (const r of policy.targets) {
    if (r.channels && !r.channels.includes(q.channel)) continue;
    if (r.kinds && !r.kinds.includes(q.kind)) continue;
    if (r.visibility && r.visibility !== (q.isPublic ? 'public' : 'private')) continue;
    if (!best || specificity(r) > specificity(best)) best = r;
  }
  return best;
}

export type ResponseKind = 'first' | 'next';

/** Minutes allowed for a first or a next response, or null when there is no target. */
export function targetMinutes(policy: ResponsePolicy, q: TargetQuery, which: ResponseKind): number | null {
  const rule = targetRuleFor(policy, q);
  if (!rule) return null;
  return which === 'first'
    ? rule.firstResponseMinutes
    : rule.nextResponseMinutes === undefined
      ? rule.firstResponseMinutes
      : rule.nextResponseMinutes;
}

/** When the response is due: the clock starts at `from` (the mention, or the end of a cool-down). */
export function dueAt(policy: ResponsePolicy, from: Date, minutes: number): Date {
  return policy.businessHours ? addBusinessMinutes(from, minutes, policy.calendar) : new Date(from.getTime() + minutes * 60_000);
}

/** Business (or clock) minutes from `now` to `due`; negative once past. */
export function minutesLeft(policy: ResponsePolicy, now: Date, due: Date): number {
  if (due.getTime() <= now.getTime()) return (due.getTime() - now.getTime()) / 60_000;
  return policy.businessHours ? businessMinutesBetween(now, due, policy.calendar) : (due.getTime() - now.getTime()) / 60_000;
}

export type DeadlineState = 'ok' | 'due_soon' | 'breached';

export function deadlineState(policy: ResponsePolicy, now: Date, due: Date): DeadlineState {
  if (now.getTime() >= due.getTime()) return 'breached';
  return minutesLeft(policy, now, due) <= policy.dueSoonMinutes ? 'due_soon' : 'ok';
}

/**
 * The moment a case becomes "due soon": the latest moment with at most
 * `dueSoonMinutes` left. The scheduler wakes up then, not every minute.
 */
export function dueSoonAt(policy: ResponsePolicy, due: Date, from: Date): Date {
  // Walk back from the due time: find t with minutesLeft(t, due) == dueSoonMinutes.
  if (!policy.businessHours) return new Date(Math.max(from.getTime(), due.getTime() - policy.dueSoonMinutes * 60_000));
  const total = businessMinutesBetween(from, due, policy.calendar);
  if (total <= policy.dueSoonMinutes) return from;
  return addBusinessMinutes(from, total - policy.dueSoonMinutes, policy.calendar);
}

export interface DeadlineView {
  due_at: string;
  type: string;
  state: DeadlineState;
  /** Business (or clock) minutes left; negative once breached. */
  minutes_left: number;
}

/** What a case shows of its deadline now, or null when nothing is owed. */
export function deadlineView(policy: ResponsePolicy, now: Date, dueIso: string | null, type: string | null): DeadlineView | null {
  if (!dueIso) return null;
  const due = new Date(dueIso);
  return { due_at: dueIso, type: type ?? 'first', state: deadlineState(policy, now, due), minutes_left: Math.round(minutesLeft(policy, now, due)) };
}

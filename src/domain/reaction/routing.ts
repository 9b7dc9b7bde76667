/**
 * Zones of responsibility (PRODUCT.md rule 10): routing rules name a team or
 * a person for mentions by channel, topic, kind and language; inside a team
 * the available responder with the fewest open cases gets the case; review
 * rules say whose replies someone else must approve.
 */
import { z } from 'zod';
import { KINDS, SITUATIONS, TOPICS } from '../labels.js';

const list = <T extends z.ZodTypeAny>(item: T) => z.array(item).min(1).max(50).optional();

export const RoutingRuleSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    channels: list(z.string().min(1).max(64)),
    topics: list(z.enum(TOPICS)),
    kinds: list(z.enum(KINDS)),
    situations: list(z.enum(SITUATIONS)),
    languages: list(z.string().regex(/^[a-z]{2,3}$|^und$/, 'an ISO 639 code such as ar')),
    teamId: z.string().min(1).max(64).optional(),
    userId: z.string().min(1).max(64).optional(),
  })
  .refine((r) => Boolean(r.teamId) !== Boolean(r.userId), { message: 'a rule names either a team or a person', path: ['teamId'] });
export type RoutingRule = z.infer<typeof RoutingRuleSchema>;

export const ReviewPolicySchema = z.object({
  /** Every reply on cases of these kinds needs approval. */
  kinds: z.array(z.enum(KINDS)).max(KINDS.length).default(['black_pr']),
  /** Every reply by a member marked "new" needs approval. */
  newResponders: z.boolean().default(true),
  /** Named reviewers; empty means any member with the reviewer, manager or admin role. */
  reviewerIds: z.array(z.string().min(1).max(64)).max(100).default([]),
});
export type ReviewPolicy = z.infer<typeof ReviewPolicySchema>;

export const RoutingSettingsSchema = z.object({
  /** In order: the first rule that matches decides. */
  rules: z.array(RoutingRuleSchema).max(200).default([]),
  review: ReviewPolicySchema.default(ReviewPolicySchema.parse({})),
});
export type RoutingSettings = z.infer<typeof RoutingSettingsSchema>;

export interface RoutableMention {
  channel: string;
  topics: readonly string[];
  kind: string;
  situation: string;
  language: string;
}

export function matchRule(rule: RoutingRule, m: RoutableMention): boolean {
  if (rule.channels && !rule.channels.includes(m.channel)) return false;
  if (rule.topics && !rule.topics.some((t) => m.topics.includes(t))) return false;
  if (rule.kinds && !(rule.kinds as readonly string[]).includes(m.kind)) return false;
  if (rule.situations && !(rule.situations as readonly string[]).includes(m.situation)) return false;
  if (rule.languages && !rule.languages.includes(m.language)) return false;
  return true;
}

/** The first rule that matches, with its position. */
export function routeMention(rules: readonly RoutingRule[], m: RoutableMention): { rule: RoutingRule; index: number } | null {
  const index = rules.findIndex((r) => matchRule(r, m));
  return index < 0 ? null : { rule: rules[index]!, index };
}

export interface AssigneeCandidate {
  userId: string;
  available: boolean;
  openCases: number;
  /** When they were last given a case; the longest-waiting wins a tie. */
  lastAssignedAt: string | null;
}

/** The available candidate with the fewest open cases; ties go to whoever waited longest, then by id. */
export function pickLeastLoaded(candidates: readonly AssigneeCandidate[]): string | null {
  const ready = candidates.filter((c) => c.available);
  ready.sort(
    (a, b) => a.openCases - b.openCases || (a.lastAssignedAt ?? '').localeCompare(b.lastAssignedAt ?? '') || a.userId.localeCompare(b.userId),
  );
  return ready[0]?.userId ?? null;
}

export interface ApprovalQuestion {
  caseKind: string | null;
  caseNeedsApproval: boolean;
  authorIsNew: boolean;
}

/** Why a reply needs someone else's approval, or null. */
export function approvalReason(policy: ReviewPolicy, q: ApprovalQuestion): string | null {
  if (q.caseNeedsApproval) return 'replies on this case need approval';
  if (q.caseKind && (policy.kinds as readonly string[]).includes(q.caseKind)) return `every reply on ${q.caseKind} cases is reviewed`;
  if (policy.newResponders && q.authorIsNew) return "a new responder's replies are reviewed";
  return null;
}

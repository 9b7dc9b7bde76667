import { z } from 'zod';
import { CASE_STATUSES } from '../../../domain/cases/case-status.js';
import { RESOLUTION_REASONS } from '../../../domain/cases/resolution.js';
import { KINDS, SENTIMENTS, TOPICS } from '../../../domain/labels.js';
import { CASE_FLAGS } from '../../../domain/reaction/kind-policy.js';
import { DateParam, LimitParam, listParam } from '../../query.js';
import { phoneProblem } from '../../../domain/cases/call-back.js';

export const CaseListQuerySchema = z.object({
  brand: z.string().min(1).max(100),
  status: listParam(CASE_STATUSES),
  kind: listParam(KINDS),
  sentiment: listParam(SENTIMENTS),
  topic: listParam(TOPICS),
  channel: listParam(),
  language: listParam(),
  /** A user id, `me`, or `none` for unassigned cases. */
  assignee: z.string().min(1).max(100).optional(),
  q: z.string().max(500).optional(),
  /** Deadline state now: ok, due_soon, breached, or none (nothing owed). */
  deadline: listParam(['ok', 'due_soon', 'breached', 'none']),
  /** Case flags; `needs_review`: the classifier was not sure enough of the kind to act on it automatically. */
  flag: listParam(CASE_FLAGS),
  /** A team id, `mine` (the teams the caller is on), or `none` for cases with no team. */
  team: z.string().min(1).max(100).optional(),
  from: DateParam.optional(),
  to: DateParam.optional(),
  limit: LimitParam,
  cursor: z.string().max(500).optional(),
  /** `recent` (default): most recent activity first; `due`: the soonest response deadline first, breached ones leading, none last. */
  sort: z.enum(['recent', 'due']).default('recent'),
});

export const CaseParamsSchema = z.object({ id: z.string().min(1).max(100) });

export const CaseChangeSchema = z
  .object({
    status: z.enum(CASE_STATUSES).optional(),
    reason: z.string().trim().max(2000).nullable().optional(),
    /** Resolving an unanswered complaint: why no reply was sent (with `reason` in your own words). */
    reason_code: z.enum(RESOLUTION_REASONS).nullable().optional(),
    assignee_id: z.string().min(1).max(100).nullable().optional(),
    /** A team of the brand, or null to take the case from its team; without `assignee_id` the person follows the team. */
    team_id: z.string().min(1).max(100).nullable().optional(),
  })
  .refine((v) => v.status !== undefined || v.assignee_id !== undefined || v.team_id !== undefined, {
    message: 'give status, assignee_id or team_id',
    path: ['status'],
  });

/** The inbox's bulk actions: one change (assign, resolve with a reason, not engaging with a reason) on up to 100 cases. */
export const BulkChangeSchema = z.object({
  brand: z.string().min(1).max(100),
  case_ids: z.array(z.string().min(1).max(100)).min(1, 'choose at least one case').max(100, 'at most 100 cases at a time'),
  change: CaseChangeSchema,
});

export const NewNoteSchema = z.object({ body: z.string().trim().min(1, 'must not be empty').max(10_000) });

/** Bring a "not engaging" case back to work; `kind`: the right kind, stored as a correction when the model's was wrong. */
export const BringBackSchema = z
  .object({ kind: z.enum(KINDS).optional() })
  .strict()
  .nullish();

/** A call-back: the customer's phone (digits, spaces, a leading +), when to call, who calls. */
export const NewCallBackSchema = z.object({
  kind: z.literal('call_back').default('call_back'),
  phone: z
    .string()
    .max(24, 'at most 24 characters')
    .superRefine((p, ctx) => {
      const problem = phoneProblem(p);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  note: z.string().trim().max(2000).nullable().optional(),
  due_at: z.iso.datetime({ offset: true }),
  assignee_id: z.string().min(1).max(100).nullable().optional(),
});

import { z } from 'zod';
import { CASE_STATUSES } from '../../../domain/cases/case-status.js';
import { RESOLUTION_REASONS } from '../../../domain/cases/resolution.js';
import { KINDS, SENTIMENTS, TOPICS } from '../../../domain/labels.js';
import { CASE_FLAGS } from '../../../domain/reaction/kind-policy.js';
import { DateParam, LimitParam, listParam } from '../../query.js';
import { phoneProblem } from '../../../domain/cases/call-back.js';
import { TagListSchema, TagSchema } from '../../../domain/cases/tags.js';

/** The inbox's filter by tags: `?tag=a,b` or `?tag=a&tag=b`, cases carrying any of them. */
const TagParam = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).filter((s) => s.trim()))
  .pipe(z.array(TagSchema).max(20, 'at most 20 tags'))
  .optional();

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
  /** Tags: cases carrying any of them. */
  tag: TagParam,
  from: DateParam.optional(),
  to: DateParam.optional(),
  limit: LimitParam,
  cursor: z.string().max(500).optional(),
  /** `recent` (default): most recent activity first; `due`: the soonest response deadline first, breached ones leading, none last. */
  sort: z.enum(['recent', 'due']).default('recent'),
});

export const CaseParamsSchema = z.object({ id: z.string().min(1).max(100) });

const CaseChangeFields = {
  status: z.enum(CASE_STATUSES).optional(),
  reason: z.string().trim().max(2000).nullable().optional(),
  /** Resolving an unanswered complaint: why no reply was sent (with `reason` in your own words). */
  reason_code: z.enum(RESOLUTION_REASONS).nullable().optional(),
  assignee_id: z.string().min(1).max(100).nullable().optional(),
  /** A team of the brand, or null to take the case from its team; without `assignee_id` the person follows the team. */
  team_id: z.string().min(1).max(100).nullable().optional(),
};

export const CaseChangeSchema = z
  .object(CaseChangeFields)
  .refine((v) => v.status !== undefined || v.assignee_id !== undefined || v.team_id !== undefined, {
    message: 'give status, assignee_id or team_id',
    path: ['status'],
  });

/** Tags to put on a case and to take off it (each 1–40 characters, no control characters or commas). */
export const TagsChangeSchema = z
  .object({ add: TagListSchema.optional(), remove: TagListSchema.optional() })
  .refine((v) => Boolean(v.add?.length || v.remove?.length), { message: 'give tags to add or to remove', path: ['add'] });

/** The brand's tags (for completion and the inbox's filter): `q`, those starting with it. */
export const BrandTagsQuerySchema = z.object({
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/**
 * The inbox's bulk actions: one change (assign, resolve with a reason, not engaging with a reason, tags put on or
 * taken off) on up to 100 cases.
 */
export const BulkChangeSchema = z.object({
  brand: z.string().min(1).max(100),
  case_ids: z.array(z.string().min(1).max(100)).min(1, 'choose at least one case').max(100, 'at most 100 cases at a time'),
  change: z
    .object({ ...CaseChangeFields, add_tags: TagListSchema.optional(), remove_tags: TagListSchema.optional() })
    .refine(
      (v) => v.status !== undefined || v.assignee_id !== undefined || v.team_id !== undefined || Boolean(v.add_tags?.length || v.remove_tags?.length),
      { message: 'give status, assignee_id, team_id, add_tags or remove_tags', path: ['status'] },
    ),
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

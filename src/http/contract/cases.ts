import { z } from 'zod';
import { CASE_STATUSES } from '../../domain/cases/case-status.js';
import { FOLLOW_UP_OUTCOMES, IDEA_OUTCOMES, IDEA_STATUSES } from '../../domain/cases/follow-through.js';
import { Id, Iso, JsonRecord } from './common.js';
import { MentionSchema } from './mentions.js';
import { ReplySchema } from './replies.js';

export const DeadlineSchema = z.object({
  due_at: Iso,
  type: z.string(),
  state: z.enum(['ok', 'due_soon', 'breached']),
  minutes_left: z.number(),
  escalated: z.boolean(),
});

export const CaseSchema = z.object({
  id: Id,
  brand_id: Id,
  channel: z.string(),
  author: z.object({ handle: z.string(), name: z.string().nullable() }),
  status: z.enum(CASE_STATUSES),
  status_reason: z.string().nullable(),
  assignee: z.object({ id: Id, name: z.string().nullable() }).nullable(),
  subject: z.string(),
  kind: z.string().nullable(),
  sentiment: z.string().nullable(),
  language: z.string().nullable(),
  situation: z.string().nullable(),
  topics: z.array(z.string()),
  /** The team's tags on the case (trimmed, lower-cased), in alphabetical order. */
  tags: z.array(z.string()),
  public: z.boolean(),
  mention_count: z.number(),
  opened_at: Iso,
  last_mention_at: Iso,
  updated_at: Iso,
  playbook: z.string().nullable(),
  team_id: Id.nullable(),
  /** The team the case is with (assigned by a routing rule or by a person). */
  team: z.object({ id: Id, name: z.string().nullable() }).nullable(),
  flags: z.array(z.string()),
  deadline: DeadlineSchema.nullable(),
  /** The earliest open call-back task's due time (going private by phone). */
  call_back_due_at: Iso.nullable(),
  /** The case's deadline as the inbox sorts it (`sort=due`): the earlier of the response deadline and an open call-back. */
  due_at: Iso.nullable(),
  cooldown_until: Iso.nullable(),
  first_response_at: Iso.nullable(),
  replies_need_approval: z.boolean(),
  fix: z.object({ ref: z.string(), shipped_at: Iso.nullable() }).nullable(),
  follow_up: z.object({ state: z.string(), at: Iso.nullable(), reason: z.string().nullable() }).nullable(),
  snoozed_until: Iso.nullable(),
  /**
   * How replies go out on the case's channel: `channel` (published through the brand's connection to it: Telegram,
   * Mastodon, VK, the mailbox's SMTP), `webhook` or `email` (the brand's delivery setting), or `manual` (the
   * responder posts them and records them sent).
   */
  delivery: z.enum(['manual', 'webhook', 'email', 'channel']),
  /** The same for a private message (going private): `manual` when the channel cannot send one from the desk (RSS, a wall without messages). */
  private_delivery: z.enum(['manual', 'webhook', 'email', 'channel']),
  /** Resolving needs `reason_code` and `reason`: a constructive or impulsive case with no reply sent. */
  resolution_needs_reason: z.boolean(),
  /** From the flags: `urgent` (a threat of harm), `high` (a legal threat, black PR, a customer saying they are leaving), `normal`. */
  priority: z.enum(['urgent', 'high', 'normal']),
});

/** One of a brand's tags and how many cases carry it. */
export const TagCountSchema = z.object({ tag: z.string(), count: z.number() });
export type TagCount = z.infer<typeof TagCountSchema>;

/** A task on a case: a call-back promised to the customer. */
export const TaskSchema = z.object({
  id: Id,
  case_id: Id,
  kind: z.enum(['call_back']),
  phone: z.string().nullable(),
  note: z.string().nullable(),
  due_at: Iso,
  assignee_id: Id.nullable(),
  created_by: Id.nullable(),
  created_at: Iso,
  done_at: Iso.nullable(),
  done_by: Id.nullable(),
  /** When its "it is due" notification went out. */
  notified_at: Iso.nullable(),
});
export type Task = z.infer<typeof TaskSchema>;

export const NoteSchema = z.object({ id: Id, case_id: Id, author_id: Id, body: z.string(), created_at: Iso });

export const CaseEventSchema = z.object({
  id: Id,
  type: z.string(),
  actor: z.object({ type: z.string(), id: Id.nullable() }),
  data: JsonRecord,
  at: Iso,
});

export const TimelineEntrySchema = CaseEventSchema.extend({
  mention: MentionSchema.optional(),
  reply: ReplySchema.optional(),
  note: NoteSchema.optional(),
});

export const IdeaSchema = z.object({
  id: Id,
  case_id: Id,
  mention_id: Id.nullable(),
  summary: z.string(),
  status: z.string().describe(IDEA_STATUSES.join(' | ')),
  status_note: z.string().nullable(),
  created_by: Id.nullable(),
  created_at: Iso,
  updated_at: Iso,
  customer_answered_at: Iso.nullable(),
  /** Declined or done, and the customer not told yet: the case page prompts to tell them (once), with a ready draft. */
  tell_customer: z.enum(IDEA_OUTCOMES).nullable(),
});

export const BreachSchema = z.object({
  id: Id,
  brand_id: Id,
  case_id: Id,
  response_type: z.string(),
  channel_id: Id,
  kind: z.string().nullable(),
  due_at: Iso,
  breached_at: Iso,
  responded_at: Iso.nullable(),
});

export const FollowUpOutcomeSchema = z.enum(FOLLOW_UP_OUTCOMES);

/** The answer to a bulk change: each case changed, or refused with why. */
export const BulkChangeResultSchema = z.object({
  changed: z.number(),
  failed: z.number(),
  items: z.array(
    z.object({
      id: z.string(),
      ok: z.boolean(),
      case: CaseSchema.optional(),
      error: z.object({ id: z.string(), message: z.string(), field: z.string().optional() }).optional(),
    }),
  ),
});

export type Case = z.infer<typeof CaseSchema>;
export type Deadline = z.infer<typeof DeadlineSchema>;
export type TimelineEntry = z.infer<typeof TimelineEntrySchema>;
export type Note = z.infer<typeof NoteSchema>;
export type Idea = z.infer<typeof IdeaSchema>;

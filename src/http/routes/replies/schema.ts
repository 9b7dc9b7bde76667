import { z } from 'zod';
import { IDEA_OUTCOMES } from '../../../domain/cases/follow-through.js';
import { CHECK_LANGUAGES } from '../../../domain/replies/reply-checker.js';
import { KINDS, SENTIMENTS } from '../../../domain/labels.js';
import { ReplySchema, TaskSchema } from '../../contract/index.js';
import { NewCallBackSchema } from '../cases/schema.js';

const Body = z.string().trim().min(1, 'must not be empty').max(10_000);
const Lang = z.enum(CHECK_LANGUAGES as unknown as [string, ...string[]]);

/** The responder's few words on why a reply goes out past the checker's errors. */
const OverrideReason = z.string().trim().max(500).optional();

export const IdParamsSchema = z.object({ id: z.string().min(1).max(100) });

export const NewReplySchema = z
  .object({
    body: Body,
    /** true: posted on the channel by hand already. */
    sent: z.boolean().default(false),
    /** true: send through the channel's delivery (webhook, e-mail), or ready it for posting by hand. */
    send: z.boolean().default(false),
    lang: Lang.optional(),
    /** Send even though the checker found problems. */
    acknowledge_findings: z.boolean().default(false),
    /** Why it goes out despite the checker's errors: required with acknowledge_findings when there are any. */
    override_reason: OverrideReason,
  })
  .refine((r) => !(r.sent && r.send), { message: 'give sent (posted by hand) or send (deliver), not both', path: ['send'] });

/** A saved draft edited (checked again). */
export const EditReplySchema = z.object({ body: Body, lang: Lang.optional() });

/** A saved draft sent: optionally edited first; `sent` (posted by hand) or `send` (deliver), as for a new reply. */
export const SendDraftSchema = z
  .object({
    body: Body.optional(),
    lang: Lang.optional(),
    sent: z.boolean().default(false),
    send: z.boolean().default(false),
    acknowledge_findings: z.boolean().default(false),
    override_reason: OverrideReason,
  })
  .refine((r) => !(r.sent && r.send), { message: 'give sent (posted by hand) or send (deliver), not both', path: ['send'] })
  .refine((r) => r.sent || r.send, { message: 'give sent (posted by hand) or send (deliver)', path: ['send'] });

export const CheckOnCaseSchema = z.object({ body: Body, lang: Lang.optional() });

export const CheckSchema = z.object({
  text: Body,
  /** The reply's language; detected when absent. */
  lang: Lang.optional(),
  /** The mention the reply answers: its kind and sentiment are classified from it when not given. */
  mention_text: z.string().trim().max(10_000).optional(),
  kind: z.enum(KINDS).optional(),
  sentiment: z.enum(SENTIMENTS).optional(),
  first_reply: z.boolean().default(true),
});

export const ApproveSchema = z.object({ note: z.string().trim().max(2000).optional(), body: Body.optional() });
export const RejectSchema = z.object({ note: z.string().trim().min(1, 'must not be empty').max(2000) });
export const PostedSchema = z.object({ external_id: z.string().trim().max(500).optional() });

export const DraftSchema = z.object({
  step: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,39}$/)
    .optional(),
  lang: Lang.optional(),
  facts: z.object({ order: z.string().trim().min(1).max(100).optional(), date: z.string().trim().min(1).max(100).optional() }).default({}),
  engine: z.enum(['template', 'llm']).optional(),
  /** The short public reply of going private (the template): for a private message, or for a call at `call_at`. */
  going_private: z.enum(['message', 'call']).optional(),
  call_at: z.iso.datetime({ offset: true }).optional(),
  /** Tell the customer what became of their idea (declined or done): the idea playbook's answer for it. */
  idea_outcome: z.enum(IDEA_OUTCOMES).optional(),
});

/** Going private: the short public reply (default: the template in the case's language), the private message and/or a call-back. */
export const GoPrivateSchema = z
  .object({
    public_body: Body.optional(),
    private_body: Body.optional(),
    call: NewCallBackSchema.omit({ kind: true }).optional(),
    lang: Lang.optional(),
    acknowledge_findings: z.boolean().default(false),
    override_reason: OverrideReason,
  })
  .refine((r) => r.private_body !== undefined || r.call !== undefined, {
    message: 'give private_body (the private message) or call (a call-back)',
    path: ['private_body'],
  });

export const GoPrivateResultSchema = z.object({ public: ReplySchema.nullable(), private: ReplySchema.nullable(), task: TaskSchema.nullable() });

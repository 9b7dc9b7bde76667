import { z } from 'zod';
import { REPLY_RULES } from '../../domain/replies/reply-checker.js';
import { Id, Iso } from './common.js';

export const FindingSchema = z.object({
  rule: z.enum(REPLY_RULES),
  severity: z.enum(['error', 'warning']),
  span: z.tuple([z.number(), z.number()]).nullable(),
  quote: z.string(),
  explanation: z.string(),
  suggestion: z.string(),
});

export const ReplySchema = z.object({
  id: Id,
  case_id: Id,
  author_id: Id,
  body: z.string(),
  status: z.string(),
  created_at: Iso,
  sent_at: Iso.nullable(),
  send_at: Iso.nullable(),
  approval: z
    .object({ reason: z.string().nullable(), reviewed_by: Id.nullable(), reviewed_at: Iso.nullable(), note: z.string().nullable() })
    .nullable(),
  delivery: z
    .object({
      channel: z.string(),
      status: z.string().nullable(),
      attempts: z.number(),
      error: z.string().nullable(),
      delivered_at: Iso.nullable(),
      external_id: z.string().nullable(),
      /** Where the published reply can be read on the channel (published through a connector), when it said. */
      link: z.string().nullable(),
    })
    .nullable(),
  findings: z.array(FindingSchema),
  /** `public`: an answer in the thread; `private`: a private message to the customer (going private; e-mail and DMs). */
  visibility: z.enum(['public', 'private']),
  /** Going private: the pair's id, shared by the short public reply and the private message. */
  pair_id: Id.nullable(),
});

/** The reply's main language, every language it was checked in (a mixed reply has several), and the findings. */
export const CheckResultSchema = z.object({ lang: z.string(), languages: z.array(z.string()).optional(), findings: z.array(FindingSchema) });

export const DraftResultSchema = z.object({
  text: z.string(),
  lang: z.string(),
  situation: z.string(),
  step: z.string().nullable(),
  engine: z.enum(['template', 'llm']),
  fallback: z.string().nullable(),
  findings: z.array(FindingSchema),
});

export type Finding = z.infer<typeof FindingSchema>;
export type Reply = z.infer<typeof ReplySchema>;
export type Draft = z.infer<typeof DraftResultSchema>;

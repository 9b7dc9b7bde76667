import { z } from 'zod';
import { Id, Iso, JsonRecord } from './common.js';

export const ClassificationSchema = z.object({
  language: z.string().nullable(),
  sentiment: z.string().nullable(),
  kind: z.string().nullable(),
  situation: z.string().nullable(),
  topics: z.array(z.string()),
  signals: z.array(z.string()),
  confidence: z.object({ sentiment: z.number(), kind: z.number() }).nullable(),
  reasons: z.array(z.string()),
  classifier: z.string().nullable(),
});

export const MentionSchema = z.object({
  id: Id,
  brand_id: Id,
  channel: z.string(),
  external_id: z.string(),
  author: z.object({ handle: z.string(), name: z.string().nullable(), url: z.string().nullable() }),
  text: z.string(),
  link: z.string().nullable(),
  created_at: Iso,
  received_at: Iso,
  public: z.boolean(),
  in_reply_to: z.string().nullable(),
  extra: JsonRecord.nullable(),
  case_id: Id.nullable(),
  processed: z.boolean(),
  classification: ClassificationSchema.nullable(),
});

export const IngestResultSchema = z.object({
  created: z.number(),
  duplicates: z.number(),
  items: z.array(z.object({ index: z.number(), id: Id, channel: z.string(), external_id: z.string(), status: z.enum(['created', 'duplicate']) })),
});

export const CorrectionResultSchema = z.object({
  id: Id,
  mention_id: Id,
  kind: z.string().nullable(),
  sentiment: z.string().nullable(),
  situation: z.string().nullable(),
  created_at: Iso,
});

export const LabelledExampleSchema = z.object({
  text: z.string(),
  lang: z.string().nullable(),
  kind: z.string().nullable(),
  sentiment: z.string().nullable(),
  situation: z.string().nullable(),
  topics: z.array(z.string()).nullable(),
  corrected_at: Iso,
});

export type Mention = z.infer<typeof MentionSchema>;
export type IngestResult = z.infer<typeof IngestResultSchema>;

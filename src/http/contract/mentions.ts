import { z } from 'zod';
import { REASON_CODES } from '../../domain/classification/reasons.js';
import { Id, Iso, JsonRecord } from './common.js';

/** A language model's second reading of an unsure mention (when the brand turned it on). */
export const SecondOpinionSchema = z.object({
  kind: z.string(),
  sentiment: z.string(),
  situation: z.string(),
  topics: z.array(z.string()),
  signals: z.array(z.string()),
  reasons: z.array(z.string()),
  model: z.string(),
  at: Iso,
  /** The shipped model's reading it was asked about. */
  from: z.object({ kind: z.string().nullable(), sentiment: z.string().nullable(), situation: z.string().nullable() }),
  /** The kind differs from the model's. */
  changed: z.boolean(),
  /** The case followed it. */
  applied: z.boolean(),
});

export const ClassificationSchema = z.object({
  language: z.string().nullable(),
  sentiment: z.string().nullable(),
  kind: z.string().nullable(),
  situation: z.string().nullable(),
  topics: z.array(z.string()),
  signals: z.array(z.string()),
  confidence: z.object({ sentiment: z.number(), kind: z.number() }).nullable(),
  /** Why, in English (as always). */
  reasons: z.array(z.string()),
  /**
   * Why, as codes with their facts, for the desk to say in the reader's language (`quotes` are the mention's own
   * phrases); empty for mentions classified before the codes existed, whose `reasons` are shown as they are.
   */
  reason_codes: z.array(z.object({ code: z.enum(REASON_CODES), params: z.record(z.string(), z.union([z.string(), z.number()])) })),
  classifier: z.string().nullable(),
  second_opinion: SecondOpinionSchema.nullable(),
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

const AgreementSchema = z.object({
  base: z.object({ kind: z.number(), sentiment: z.number() }),
  layer: z.object({ kind: z.number(), sentiment: z.number() }),
});

/** Where a brand's learning from corrections stands (managers). */
export const BrandModelStatusSchema = z.object({
  learning: z.boolean(),
  retrain_every: z.number(),
  corrections: z.number(),
  min_corrections: z.number(),
  layer: z
    .object({
      version: z.number(),
      trained_at: Iso,
      /** The brand's correction count when it was trained. */
      trained_on: z.number(),
      examples: z.number(),
      /** Of the corrected mentions trained on, how many the shipped model and the layer answer as the team did. */
      agreement: AgreementSchema.nullable(),
    })
    .nullable(),
  broken: z.boolean(),
});

/** One retraining, run on demand. */
export const BrandModelTrainSchema = z.object({
  trained: z.boolean(),
  reason: z.string().optional(),
  version: z.number().optional(),
  corrections: z.number(),
  confirmations: z.number(),
  agreement: AgreementSchema.optional(),
  ms: z.number().optional(),
});

/** The second opinion's state for a brand's managers. */
export const SecondOpinionUsageSchema = z.object({
  enabled: z.boolean(),
  /** Whose endpoint is asked: the brand's own, the installation's (DEFUSE_LLM_BASE_URL), or none. */
  endpoint: z.enum(['brand', 'installation']).nullable(),
  model: z.string().nullable(),
  review_below: z.number(),
  per_minute: z.number(),
  per_day: z.number(),
  /** Calls made or reserved since the start of the UTC day. */
  calls_today: z.number(),
  /** Attempts since the start of the UTC day, by outcome. */
  outcomes_today: z.record(z.string(), z.number()),
});

export type Mention = z.infer<typeof MentionSchema>;
export type SecondOpinion = z.infer<typeof SecondOpinionSchema>;
export type SecondOpinionUsage = z.infer<typeof SecondOpinionUsageSchema>;
export type BrandModelStatus = z.infer<typeof BrandModelStatusSchema>;
export type BrandModelTraining = z.infer<typeof BrandModelTrainSchema>;
export type IngestResult = z.infer<typeof IngestResultSchema>;

import { z } from 'zod';
import { KINDS, SENTIMENTS, SITUATIONS, TOPICS } from '../../../domain/labels.js';
import { MAX_BATCH, MentionInputSchema } from '../../../domain/mentions/mention-input.js';
import { DateParam, LimitParam, listParam } from '../../query.js';

export const MentionBatchSchema = z.object({
  mentions: z.array(MentionInputSchema).min(1, 'must hold at least one mention').max(MAX_BATCH, `must hold at most ${MAX_BATCH} mentions`),
});

/** One mention, or `{"mentions": [...]}` with up to 1,000. */
export const IngestBodySchema = z.union([MentionInputSchema, MentionBatchSchema]);

/** `brand` (id or slug) given once; needed with a session, optional with a brand token. */
const BrandParam = z.string({ error: 'must be given once, as one brand id or slug' }).min(1).max(100);

export const IngestQuerySchema = z.object({ brand: BrandParam.optional() });

export const MentionListQuerySchema = z.object({
  brand: BrandParam.optional(),
  kind: listParam(KINDS),
  sentiment: listParam(SENTIMENTS),
  situation: listParam(SITUATIONS),
  topic: listParam(TOPICS),
  channel: listParam(),
  language: listParam(),
  q: z.string().max(500).optional(),
  from: DateParam.optional(),
  to: DateParam.optional(),
  limit: LimitParam,
  cursor: z.string().max(500).optional(),
});

export const MentionParamsSchema = z.object({ id: z.string().min(1).max(100) });

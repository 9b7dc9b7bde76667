/**
 * What a mention looks like when it arrives, from the API or an import file.
 * Validated here once; both edges report the failing field by its path.
 */
import { z } from 'zod';

export const MAX_MENTION_TEXT = 20_000;
export const MAX_EXTRA_BYTES = 16_384;

const ChannelKey = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9_.-]{0,39}$/, 'must be 1-40 characters: letters, digits, _ . -');

const HttpUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).max(2048);

export const MentionInputSchema = z.object({
  channel: ChannelKey,
  external_id: z.string().trim().min(1).max(200),
  author: z.object({
    handle: z.string().trim().min(1).max(200),
    name: z.string().trim().max(200).optional(),
    url: HttpUrl.optional(),
  }),
  text: z
    .string()
    .max(MAX_MENTION_TEXT, `must be at most ${MAX_MENTION_TEXT} characters`)
    .refine((t) => t.trim().length > 0, 'must not be empty'),
  link: HttpUrl.optional(),
  created_at: z.iso.datetime({ offset: true, message: 'must be an ISO-8601 date-time' }).optional(),
  public: z.boolean().default(true),
  in_reply_to: z.string().trim().min(1).max(200).optional(),
  extra: z
    .record(z.string(), z.unknown())
    .refine((v) => JSON.stringify(v).length <= MAX_EXTRA_BYTES, `must be at most ${MAX_EXTRA_BYTES} bytes of JSON`)
    .optional(),
});

export type MentionInput = z.infer<typeof MentionInputSchema>;
export type MentionInputRaw = z.input<typeof MentionInputSchema>;

export const MAX_BATCH = 1000;

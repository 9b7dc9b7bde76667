/**
 * What a mention looks like when it arrives, from the API or an import file.
 * Validated here once; both edges report the failing field by its path.
 */
import { z } from 'zod';

export const MAX_MENTION_TEXT = 20_000;
export const MAX_EXTRA_BYTES = 16_384;
/** Levels of objects and arrays in `extra`, the object itself counting as one. */
export const MAX_EXTRA_DEPTH = 10;

export const LONE_SURROGATE = 'must be well-formed Unicode (it holds a lone UTF-16 surrogate)';

/** A string JavaScript can hold but UTF-8 cannot: a high surrogate without its low half, or the reverse. */
const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
export const isWellFormed = (s: string): boolean => !LONE.test(s);

/**
 * What is wrong with `extra`, or null: nested deeper than MAX_EXTRA_DEPTH,
 * a lone surrogate in a key or a string, or more than MAX_EXTRA_BYTES of JSON.
 * Walked with an explicit stack, never recursion, so no nesting can overflow
 * the call stack; the walk stops after as many values as the byte limit could
 * hold, before JSON.stringify (recursive) is called on what passed.
 */
export function extraProblem(extra: Record<string, unknown>): string | null {
  const stack: { value: unknown; depth: number; at: string }[] = [{ value: extra, depth: 1, at: '' }];
  let values = 0;
  while (stack.length > 0) {
    const { value, depth, at } = stack.pop()!;
    if (++values > MAX_EXTRA_BYTES) return `must be at most ${MAX_EXTRA_BYTES} bytes of JSON`;
    if (typeof value === 'string') {
      if (!isWellFormed(value)) return `${at || 'a value'} ${LONE_SURROGATE}`;
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth > MAX_EXTRA_DEPTH) return `must be nested at most ${MAX_EXTRA_DEPTH} levels deep`;
    const entries: [string, unknown][] = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
    for (const [key, child] of entries) {
      if (!isWellFormed(key)) return `a key ${LONE_SURROGATE}`;
      stack.push({ value: child, depth: depth + 1, at: at ? `${at}.${key}` : key });
    }
  }
  if (JSON.stringify(extra).length > MAX_EXTRA_BYTES) return `must be at most ${MAX_EXTRA_BYTES} bytes of JSON`;
  return null;
}

/** PostgreSQL text cannot hold U+0000 (the HTTP edge refuses it in every field too; this covers imports). */
const NUL = 'must not contain a NUL character (U+0000)';
const hasNoNul = (s: string) => !s.includes('\u0000');

/** A string of the input: refused with the field's name when it is not well-formed Unicode or holds a NUL. */
const Text = () => z.string().refine(isWellFormed, LONE_SURROGATE).refine(hasNoNul, NUL);

const ChannelKey = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9_.-]{0,39}$/, 'must be 1-40 characters: letters, digits, _ . -');

const HttpUrl = z
  .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
  .max(2048)
  .refine(isWellFormed, LONE_SURROGATE);

export const MentionInputSchema = z.object({
  channel: ChannelKey,
  external_id: Text().trim().min(1).max(200),
  author: z.object({
    handle: Text().trim().min(1).max(200),
    name: Text().trim().max(200).optional(),
    url: HttpUrl.optional(),
  }),
  text: Text()
    .max(MAX_MENTION_TEXT, `must be at most ${MAX_MENTION_TEXT} characters`)
    .refine((t) => t.trim().length > 0, 'must not be empty'),
  link: HttpUrl.optional(),
  created_at: z.iso.datetime({ offset: true, message: 'must be an ISO-8601 date-time' }).optional(),
  public: z.boolean().default(true),
  in_reply_to: Text().trim().min(1).max(200).optional(),
  extra: z
    .record(z.string(), z.unknown())
    .superRefine((v, ctx) => {
      const problem = extraProblem(v);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .optional(),
});

export type MentionInput = z.infer<typeof MentionInputSchema>;
export type MentionInputRaw = z.input<typeof MentionInputSchema>;

export const MAX_BATCH = 1000;

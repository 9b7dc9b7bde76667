/**
 * Case tags: short labels a team puts on cases ("refund", "vip", "возврат", "استرداد") to find them again and
 * to filter the inbox by (issue 16). A tag is kept as it is matched: trimmed, its inner spaces single, lower-cased
 * (in every script: Cyrillic, Arabic, Romanian letters keep what they are) and in Unicode's composed form, so
 * "VIP", " vip " and "Vip" are one tag. 1–40 characters, at most 20 on a case; control characters, direction
 * overrides and commas (the inbox's filter lists tags with commas) are refused.
 */
import { z } from 'zod';

/** The longest tag, in characters. */
export const MAX_TAG_LENGTH = 40;
/** How many tags one case may carry. */
export const MAX_TAGS_PER_CASE = 20;

/** Control characters, and the marks that turn the direction of text around it (a label that reads otherwise than it is). */
const FORBIDDEN = /[\p{Cc}\u200E\u200F\u202A-\u202E\u2066-\u2069\u2028\u2029]/u;

/** The tag as it is stored and matched. */
export const normalizeTag = (raw: string): string => raw.normalize('NFC').trim().replace(/\s+/gu, ' ').toLowerCase();

/** Why a tag as typed is refused, in plain words, or null when it is fine. */
export function tagProblem(raw: string): string | null {
  if (FORBIDDEN.test(raw)) return 'must not hold control characters or direction marks';
  const tag = normalizeTag(raw);
  if (!tag) return 'must not be empty';
  if (tag.includes(',')) return 'must not hold a comma';
  const length = [...tag].length;
  if (length > MAX_TAG_LENGTH) return `must be at most ${MAX_TAG_LENGTH} characters (this one has ${length})`;
  return null;
}

/** One tag as sent: checked, then normalised. */
export const TagSchema = z
  .string()
  .max(200, 'must be at most 40 characters')
  .superRefine((v, ctx) => {
    const problem = tagProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .transform(normalizeTag);

/** A list of tags as sent (each checked and normalised, repeats dropped). */
export const TagListSchema = z
  .array(TagSchema)
  .max(MAX_TAGS_PER_CASE, `at most ${MAX_TAGS_PER_CASE} tags at a time`)
  .transform((tags) => [...new Set(tags)]);

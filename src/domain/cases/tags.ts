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

/** Why a tag as typed is refused: in plain words, and as a stable code with its numbers (clients translate it). */
export interface TagRefusal {
  message: string;
  problem: 'tag_control_chars' | 'empty' | 'tag_comma' | 'too_long';
  params?: { max: number };
}

/** Why a tag as typed is refused, or null when it is fine. */
export function tagRefusal(raw: string): TagRefusal | null {
  if (FORBIDDEN.test(raw)) return { message: 'must not hold control characters or direction marks', problem: 'tag_control_chars' };
  const tag = normalizeTag(raw);
  if (!tag) return { message: 'must not be empty', problem: 'empty' };
  if (tag.includes(',')) return { message: 'must not hold a comma', problem: 'tag_comma' };
  const length = [...tag].length;
  if (length > MAX_TAG_LENGTH)
    return { message: `must be at most ${MAX_TAG_LENGTH} characters (this one has ${length})`, problem: 'too_long', params: { max: MAX_TAG_LENGTH } };
  return null;
}

/** Why a tag as typed is refused, in plain words, or null when it is fine. */
export const tagProblem = (raw: string): string | null => tagRefusal(raw)?.message ?? null;

/** One tag as sent: checked, then normalised. */
export const TagSchema = z
  .string()
  .superRefine((v, ctx) => {
    // Far too long to be a tag: refused before it is normalised.
    const why: TagRefusal | null =
      v.length > 5 * MAX_TAG_LENGTH
        ? { message: `must be at most ${MAX_TAG_LENGTH} characters`, problem: 'too_long', params: { max: MAX_TAG_LENGTH } }
        : tagRefusal(v);
    if (why) ctx.addIssue({ code: 'custom', message: why.message, params: { problem: why.problem, ...why.params } });
  })
  .transform(normalizeTag);

/** A list of tags as sent (each checked and normalised, repeats dropped). */
export const TagListSchema = z
  .array(TagSchema)
  .max(MAX_TAGS_PER_CASE, `at most ${MAX_TAGS_PER_CASE} tags at a time`)
  .transform((tags) => [...new Set(tags)]);

/**
 * Erasing people's data (a request, or a brand's retention): what replaces
 * their words and names, and which fields of recorded data carry them. Counts,
 * kinds, times and ids stay, so reports keep their figures.
 */
import { createHash } from 'node:crypto';

/** What an erased text reads. */
export const ERASED = '[erased]';

/** A stable pseudonym for an erased author: the same author always gets the same one, and it tells nothing of them. */
export function pseudonymOf(authorId: string): string {
  return `erased-${createHash('sha256').update(authorId, 'utf8').digest('hex').slice(0, 12)}`;
}

/** Keys of event, notification and alert data whose string values are someone's words or names. */
const TEXT_KEYS = new Set(['text', 'excerpt', 'sample', 'summary', 'body', 'before', 'after', 'note', 'question', 'subject', 'handle', 'display_name', 'phone']);
/** The classifier's reasons (in English, and as codes with the phrases they quote). */
const REASON_KEYS = new Set(['reasons', 'reasonCodes', 'reason_codes']);
/** Keys whose values point at the person's posts. */
const LINK_KEYS = new Set(['link', 'url', 'profile_url']);

/**
 * A copy of recorded data with the words and links of people replaced: string
 * values under text keys become "[erased]", links null, and the phrases the
 * classifier quoted as its reasons (`evidence.reasons`, `cls.reasons`, their codes) are
 * dropped. Codes, counts, ids and times are kept.
 */
export function scrubTexts<T>(value: T): T {
  const walk = (v: unknown, key: string | null, parent: string | null): unknown => {
    if (typeof v === 'string') {
      if (key !== null && TEXT_KEYS.has(key)) return ERASED;
      if (key !== null && LINK_KEYS.has(key)) return null;
      return v;
    }
    if (Array.isArray(v)) {
      if (REASON_KEYS.has(key ?? '') && parent !== null && ['evidence', 'cls', 'classification'].includes(parent)) return [];
      return v.map((x) => walk(x, null, key));
    }
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, walk(x, k, key)]));
    }
    return v;
  };
  return walk(value, null, null) as T;
}

/** Mentions posted before this moment are erased by a retention of `days` days. */
export function retentionCutoff(now: Date, days: number): Date {
  return new Date(now.getTime() - days * 86_400_000);
}

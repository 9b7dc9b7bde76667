/**
 * Resolving a complaint nobody answered (issue 16): a constructive or
 * impulsive case with no reply sent is not simply closed — the person says
 * why, from a short list and in their own words, and the reason stays in the
 * case's history. Any other case resolves without one.
 */
import type { Kind } from '../labels.js';

export const RESOLUTION_REASONS = [
  /** Answered on another channel (phone, e-mail, in person). */
  'answered_elsewhere',
  /** The problem was fixed and the customer saw it without a reply. */
  'solved_without_reply',
  /** The same complaint is handled in another case. */
  'duplicate',
  /** The customer withdrew it or deleted the post. */
  'withdrawn',
  'other',
] as const;
export type ResolutionReason = (typeof RESOLUTION_REASONS)[number];

/** The kinds that are complaints the team owes an answer to. */
const COMPLAINTS: readonly Kind[] = ['constructive', 'impulsive'];

/** Whether resolving this case needs a reason: an unanswered complaint. */
export function resolutionNeedsReason(c: { kind: string | null; firstResponseAt: string | null }): boolean {
  return COMPLAINTS.includes((c.kind ?? 'neutral') as Kind) && !c.firstResponseAt;
}

export type ResolutionCheck = { ok: true } | { ok: false; field: 'reason_code' | 'reason'; message: string };

/** The reason given for resolving an unanswered complaint: one of the list, and a few words of one's own. */
export function checkResolution(
  c: { kind: string | null; firstResponseAt: string | null },
  code: string | null | undefined,
  text: string | null | undefined,
): ResolutionCheck {
  if (!resolutionNeedsReason(c)) return { ok: true };
  if (!code || !(RESOLUTION_REASONS as readonly string[]).includes(code)) {
    return {
      ok: false,
      field: 'reason_code',
      message: `an unanswered complaint is resolved with a reason: one of ${RESOLUTION_REASONS.join(', ')}`,
    };
  }
  if (!text?.trim() || text.trim().length < 3) return { ok: false, field: 'reason', message: 'say in a few words why no reply was sent' };
  return { ok: true };
}

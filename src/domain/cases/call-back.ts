/**
 * A call-back task: the customer gave a phone number and the team promised
 * to call at a time. The number is kept as typed (digits, spaces, one leading
 * "+"), E.164-ish: 7 to 15 digits.
 */
export const TASK_KINDS = ['call_back'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

/** How far ahead a call-back may be promised. */
export const MAX_CALL_BACK_DAYS = 30;

/** Why the phone number is not one, or null when it is. */
export function phoneProblem(phone: string): string | null {
  const p = phone.trim();
  if (!p) return 'must not be empty';
  if (p.length > 24) return 'at most 24 characters';
  if (!/^\+?[0-9 ]+$/.test(p)) return 'only digits, spaces and a leading +';
  const digits = p.replace(/\D/g, '').length;
  if (digits < 7) return 'at least 7 digits';
  if (digits > 15) return 'at most 15 digits';
  return null;
}

/** The number as stored: trimmed, runs of spaces collapsed. */
export const normalizePhone = (phone: string): string => phone.trim().replace(/\s+/g, ' ');

/** The `tel:` link's number: digits and the leading "+". */
export const telHref = (phone: string): string => `tel:${phone.replace(/[^\d+]/g, '')}`;

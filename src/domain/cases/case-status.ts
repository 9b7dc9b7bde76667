/**
 * The life of a case. Statuses and which moves between them a person may
 * make; the pipeline moves cases too (a new mention reopens a finished one).
 */
export const CASE_STATUSES = [
  'new',
  'waiting',
  'in_progress',
  'awaiting_approval',
  'replied',
  'follow_up',
  'resolved',
  'closed',
  'not_engaging',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Statuses in which the team still owes the customer something. */
export const OPEN_STATUSES: readonly CaseStatus[] = ['new', 'waiting', 'in_progress', 'awaiting_approval', 'replied', 'follow_up'];

/** Statuses a new message from the customer pulls a case back out of. */
const REOPENABLE: readonly CaseStatus[] = ['replied', 'follow_up', 'resolved', 'closed'];

const TRANSITIONS: Record<CaseStatus, readonly CaseStatus[]> = {
  new: ['waiting', 'in_progress', 'awaiting_approval', 'replied', 'resolved', 'closed', 'not_engaging'],
  waiting: ['new', 'in_progress', 'awaiting_approval', 'replied', 'resolved', 'closed', 'not_engaging'],
  in_progress: ['waiting', 'awaiting_approval', 'replied', 'follow_up', 'resolved', 'closed', 'not_engaging'],
  awaiting_approval: ['in_progress', 'replied'],
  replied: ['in_progress', 'waiting', 'follow_up', 'resolved', 'closed'],
  follow_up: ['in_progress', 'replied', 'resolved', 'closed'],
  resolved: ['in_progress', 'closed'],
  closed: ['in_progress'],
  not_engaging: ['in_progress', 'closed'],
};

export type TransitionCheck = { ok: true } | { ok: false; reason: string };

/** Whether a person may move a case from one status to another. */
export function checkTransition(from: CaseStatus, to: CaseStatus, reason?: string | null): TransitionCheck {
  if (from === to) return { ok: false, reason: `case is already ${to}` };
  if (!TRANSITIONS[from].includes(to)) return { ok: false, reason: `cannot move a case from ${from} to ${to}` };
  if (to === 'not_engaging' && !reason?.trim()) return { ok: false, reason: 'not engaging needs a reason' };
  return { ok: true };
}

/** The status a case takes when the customer writes again, or null if it stays. */
export function statusOnNewMention(current: CaseStatus): CaseStatus | null {
  return REOPENABLE.includes(current) ? 'in_progress' : null;
}

export const isOpenStatus = (s: CaseStatus): boolean => OPEN_STATUSES.includes(s);

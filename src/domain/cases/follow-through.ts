/**
 * Follow-through (PRODUCT.md rule 8): a case is not done when the reply is
 * sent. After the reply a follow-up check ("is it solved?") is scheduled, and
 * the case resolves only once that check is answered or dismissed with a
 * reason; an idea's author must have had an answer either way.
 */
export const FOLLOW_UP_STATES = ['scheduled', 'due', 'solved', 'not_solved', 'dismissed'] as const;
export type FollowUpState = (typeof FOLLOW_UP_STATES)[number];

export const FOLLOW_UP_OUTCOMES = ['solved', 'not_solved', 'dismissed'] as const;
export type FollowUpOutcome = (typeof FOLLOW_UP_OUTCOMES)[number];

export const IDEA_STATUSES = ['new', 'discussed', 'planned', 'declined', 'done'] as const;
export type IdeaStatus = (typeof IDEA_STATUSES)[number];

/** The outcomes an idea's author is told of: the case page prompts once, with a ready draft. */
export const IDEA_OUTCOMES = ['declined', 'done'] as const;
export type IdeaOutcome = (typeof IDEA_OUTCOMES)[number];
export const isIdeaOutcome = (s: string | null | undefined): s is IdeaOutcome => (IDEA_OUTCOMES as readonly string[]).includes(s ?? '');

export interface IdeaPrompt {
  /** The outcome an open prompt is about, or null. */
  tellPrompt: string | null;
  /** The last outcome a prompt was raised for. */
  promptedStatus: string | null;
}

/**
 * The prompt after an idea's status changes to `to`: an outcome not prompted
 * for yet opens one (once: the same outcome again does not); any other status
 * closes an open prompt, which is then owed again if the outcome comes back.
 */
export function ideaPromptAfter(p: IdeaPrompt, to: IdeaStatus): IdeaPrompt {
  const same = { tellPrompt: p.tellPrompt, promptedStatus: p.promptedStatus };
  if (isIdeaOutcome(to)) return p.promptedStatus === to ? same : { tellPrompt: to, promptedStatus: to };
  return p.tellPrompt ? { tellPrompt: null, promptedStatus: null } : same;
}

/** Kinds whose cases get a follow-up check after the reply: a real problem was raised. */
const FOLLOW_UP_KINDS = ['constructive', 'impulsive'];

/** Whether a sent reply should schedule a follow-up check on this case. */
export function needsFollowUp(c: { kind: string | null; fixRef: string | null; followUpState: string | null }): boolean {
  if (c.followUpState === 'scheduled' || c.followUpState === 'due') return false;
  return Boolean(c.fixRef) || FOLLOW_UP_KINDS.includes(c.kind ?? '');
}

export function followUpAt(sentAt: Date, afterHours: number): Date {
  return new Date(sentAt.getTime() + afterHours * 3_600_000);
}

/** Why the case may not be resolved yet, or null. */
export function resolutionBlocker(c: {
  followUpState: string | null;
  idea: { answeredAt: string | null } | null;
  /** The case's open call-back tasks: a promised call keeps the case open. */
  openCallBacks?: number;
}): string | null {
  if (c.openCallBacks) {
    return c.openCallBacks === 1
      ? 'a call-back is still open on this case: call the customer and mark the task done first'
      : `${c.openCallBacks} call-backs are still open on this case: call the customer and mark them done first`;
  }
  if (c.followUpState === 'scheduled' || c.followUpState === 'due') {
    return 'the follow-up check ("is it solved?") is not answered yet: answer it, or dismiss it with a reason';
  }
  if (c.idea && !c.idea.answeredAt) return 'the customer has not had an answer about their idea yet';
  return null;
}

export function checkFollowUpAnswer(
  state: string | null,
  outcome: FollowUpOutcome,
  reason: string | null | undefined,
): { ok: true } | { ok: false; reason: string } {
  if (state !== 'scheduled' && state !== 'due') return { ok: false, reason: 'this case has no follow-up check waiting' };
  if (outcome === 'dismissed' && !reason?.trim()) return { ok: false, reason: 'dismissing a follow-up check needs a reason' };
  return { ok: true };
}

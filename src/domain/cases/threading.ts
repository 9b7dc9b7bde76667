/**
 * Which case a new mention belongs to. Pure: the repositories look up the
 * candidates, this decides.
 *
 * 1. A reply in a thread joins the case of the message it replies to.
 * 2. Otherwise a post by the same author on the same channel joins their
 *    latest open case if that case heard from them within the window.
 * 3. Otherwise it opens a new case.
 */
import type { CaseStatus } from './case-status.js';
import { isOpenStatus } from './case-status.js';

export interface CaseCandidate {
  id: string;
  status: CaseStatus;
  lastMentionAt: Date;
}

export interface ThreadingInput {
  postedAt: Date;
  /** The case holding the mention this one replies to, if any. */
  parentCase: CaseCandidate | null;
  /** The author's most recent case on this channel, if any. */
  authorLatestCase: CaseCandidate | null;
  windowHours: number;
}

export type ThreadingDecision =
  { action: 'join'; caseId: string; rule: 'reply_in_thread' | 'same_author_window' } | { action: 'open'; rule: 'new_conversation' };

export function decideThread(input: ThreadingInput): ThreadingDecision {
  if (input.parentCase) return { action: 'join', caseId: input.parentCase.id, rule: 'reply_in_thread' };
  const latest = input.authorLatestCase;
  if (latest && isOpenStatus(latest.status)) {
    const gapMs = Math.abs(input.postedAt.getTime() - latest.lastMentionAt.getTime());
    if (gapMs <= input.windowHours * 3_600_000) return { action: 'join', caseId: latest.id, rule: 'same_author_window' };
  }
  return { action: 'open', rule: 'new_conversation' };
}

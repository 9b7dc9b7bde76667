/**
 * Writes one entry of a case's audit trail. Callers pass the repositories of
 * the transaction that makes the change, so the record and the change commit
 * together.
 */
import { iso } from '../domain/clock.js';
import { newId } from '../domain/ids.js';
import { type CaseStatus, checkTransition } from '../domain/cases/case-status.js';
import type { Repositories } from '../repositories/store.js';
import { type Actor, actorRef } from './access.js';

export const CASE_EVENT_TYPES = [
  'case_opened',
  'mention_added',
  'classified',
  'status_changed',
  'reopened',
  'assigned',
  'reply_added',
  'note_added',
  // The reaction scheme
  'policy_applied',
  'cooldown_started',
  'cooldown_ended',
  'routed',
  'flagged',
  'escalated',
  'deadline_breached',
  'step_done',
  'playbook_switched',
  'reply_submitted',
  'reply_approved',
  'reply_rejected',
  'reply_scheduled',
  'reply_sent',
  'reply_ready',
  'reply_queued',
  'reply_failed',
  'reply_edited',
  'specialist_asked',
  'fix_linked',
  'fix_shipped',
  'follow_up_scheduled',
  'follow_up_due',
  'follow_up_answered',
  'idea_logged',
  'idea_status_changed',
  'reclassified',
  'second_opinion',
  'snoozed',
  'campaign_linked',
  'snooze_ended',
] as const;
export type CaseEventType = (typeof CASE_EVENT_TYPES)[number];

export async function recordCaseEvent(
  repos: Repositories,
  c: { id: string; brand_id: string },
  type: CaseEventType,
  actor: Actor,
  data: Record<string, unknown>,
  at: Date,
): Promise<void> {
  await repos.cases.addEvent({
    id: newId(),
    brand_id: c.brand_id,
    case_id: c.id,
    type,
    ...actorRef(actor),
    data: JSON.stringify(data),
    created_at: iso(at),
  });
}

/**
 * Moves the case to `to` when that transition is allowed (not when it is
 * there already), recording the change; returns the fields to write, or
 * nothing. For the moves the desk makes by itself (replied, follow-up, back to work).
 */
export async function moveStatusIfAllowed(
  repos: Repositories,
  c: { id: string; brand_id: string; status: string },
  to: CaseStatus,
  reason: string | null,
  actor: Actor,
  at: Date,
): Promise<{ status?: string; status_reason?: string | null }> {
  if (!checkTransition(c.status as CaseStatus, to).ok) return {};
  await recordCaseEvent(repos, c, 'status_changed', actor, { from: c.status, to, reason }, at);
  return { status: to, status_reason: reason };
}

/**
 * What happens when a reply goes out, wherever it comes from (posted by
 * hand, approved, or released after a cool-down): the deadline is met, the
 * case moves to "replied", a follow-up check is scheduled, an idea's author
 * counts as answered. Runs inside the caller's transaction.
 */
import { type CaseStatus, checkTransition } from '../../domain/cases/case-status.js';
import { followUpAt, needsFollowUp } from '../../domain/cases/follow-through.js';
import { iso } from '../../domain/clock.js';
import type { CaseRow } from '../../db/schema.js';
import type { ReplyRow } from '../../repositories/case.repository.js';
import type { Repositories } from '../../repositories/store.js';
import type { Actor } from '../access.js';
import type { BrandSettings } from '../brand-settings.js';
import { recordCaseEvent } from '../case-events.js';
import type { Outbox } from '../notifier.js';

export interface SendContext {
  actor: Actor;
  now: Date;
  settings: BrandSettings;
  outbox: Outbox;
  /** true: the desk hands the reply to the brand's integration (webhook `reply.ready`); false: a person posted it. */
  viaIntegration: boolean;
}

export async function markReplySent(r: Repositories, c: CaseRow, reply: ReplyRow, ctx: SendContext): Promise<void> {
  const at = iso(ctx.now);
  await r.reaction.updateReply(reply.id, { status: 'sent', sent_at: at, send_at: null });
  const set: Partial<CaseRow> = {
    updated_at: at,
    first_response_at: c.first_response_at ?? at,
    response_due_at: null,
    response_type: null,
    due_soon_at: null,
    escalated_at: null,
  };
  if (c.status !== 'replied' && checkTransition(c.status as CaseStatus, 'replied').ok) {
    set.status = 'replied';
    set.status_reason = null;
    await recordCaseEvent(r, c, 'status_changed', ctx.actor, { from: c.status, to: 'replied', reason: null }, ctx.now);
  }
  if (needsFollowUp({ kind: c.kind, fixRef: c.fix_ref, followUpState: c.follow_up_state })) {
    set.follow_up_state = 'scheduled';
    set.follow_up_at = iso(followUpAt(ctx.now, ctx.settings.responsePolicy.followUpAfterHours));
    set.follow_up_reason = null;
    await recordCaseEvent(r, c, 'follow_up_scheduled', ctx.actor, { at: set.follow_up_at }, ctx.now);
  }
  await r.cases.update(c.id, set);
  await r.reaction.markBreachResponded(c.id, at);
  const idea = await r.reaction.ideaOfCase(c.id);
  if (idea && !idea.answered_at) await r.reaction.updateIdea(idea.id, { answered_at: at });
  await recordCaseEvent(r, c, 'reply_sent', ctx.actor, { reply_id: reply.id }, ctx.now);
  if (ctx.viaIntegration) {
    ctx.outbox.add({ brandId: c.brand_id, event: 'reply.ready', body: { case_id: c.id, reply_id: reply.id, text: reply.body } });
  }
}

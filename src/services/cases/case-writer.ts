/**
 * The one owner of a case's writes. Every change to a case — opening it, a
 * mention joining it, a status move, an assignment, a deadline or another due
 * moment, a snooze, its flags — goes through a `CaseWriter` bound to the
 * caller's transaction, which writes the row, the `case_events` entry that
 * records it and any rollup it feeds, together. Other services read cases
 * freely but never write them (test/architecture.test.ts holds that line).
 */
import { iso } from '../../domain/clock.js';
import { ERASED, scrubTexts } from '../../domain/data/erasure.js';
import { newId } from '../../domain/ids.js';
import { type CaseStatus, checkTransition, statusOnNewMention } from '../../domain/cases/case-status.js';
import { followUpAt, type FollowUpOutcome, needsFollowUp } from '../../domain/cases/follow-through.js';
import { NEGATIVE_KINDS, type Kind } from '../../domain/labels.js';
import { type CaseFlag, mergeFlags } from '../../domain/reaction/kind-policy.js';
import type { ResponseKind } from '../../domain/reaction/response-policy.js';
import type { Case, CaseChanges, Note } from '../../repositories/case.repository.js';
import type { Repositories } from '../../repositories/store.js';
import type { CaseTask } from '../../repositories/task.repository.js';
import { type Actor, actorRef } from '../access.js';

export const CASE_EVENT_TYPES = [
  'case_opened',
  'mention_added',
  'classified',
  'status_changed',
  'reopened',
  'assigned',
  'team_assigned',
  'reply_added',
  // A reply sent past the reply checker's errors: the rules and the responder's reason.
  'checker_overridden',
  'note_added',
  // The reaction scheme
  'policy_applied',
  'cooldown_started',
  'cooldown_ended',
  'routed',
  'flagged',
  'escalated',
  'legal_notified',
  'replanned',
  // The brand's response policy changed: an owed first answer's due moment follows it.
  'deadline_replanned',
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
  'reply_cancelled',
  'specialist_asked',
  'fix_linked',
  'fix_shipped',
  'follow_up_scheduled',
  'follow_up_due',
  'follow_up_answered',
  'idea_logged',
  'idea_status_changed',
  'idea_prompt_dismissed',
  'reclassified',
  'second_opinion',
  'snoozed',
  'campaign_linked',
  'snooze_ended',
  // Automatic actions and their review
  'automatic_action',
  'review_needed',
  'review_done',
  'brought_back',
  // People's data
  'data_erased',
  // Call-back tasks (going private by phone)
  'task_created',
  'task_done',
  'task_due',
  // Tags (a team's labels on the case)
  'tagged',
  'untagged',
] as const;
export type CaseEventType = (typeof CASE_EVENT_TYPES)[number];

/** Enough of a case to record an event on it. */
export type CaseRef = Pick<Case, 'id' | 'brandId'>;

/** The response the team owes, and by when. */
export interface Deadline {
  type: ResponseKind;
  dueAt: Date;
  /** When the deadline turns "due soon" (the manager is told then). */
  dueSoonAt: Date;
}

/** The classifier's labels a case carries. */
export interface CaseLabels {
  kind: Kind;
  sentiment: string;
  language: string;
  situation: string;
}

/** What the reaction scheme decides for a case about to be opened. */
export interface CaseScheme {
  playbook: string | null;
  flags: CaseFlag[];
  repliesNeedApproval: boolean;
  /** Impulsive poster: no reply before then (cool-down). */
  holdUntil: Date | null;
  /** The troll policy: the case is not engaged, for this reason. */
  notEngagingReason: string | null;
  /** Filed as history: the case opens closed, for this reason (domain/cases/history.ts). */
  historyReason?: string | null;
  deadline: Deadline | null;
  teamId: string | null;
  assigneeId: string | null;
}

/** A new case, opened for its first mention. */
export interface NewCase {
  brandId: string;
  channelId: string;
  authorId: string;
  threadKey: string;
  subject: string;
  isPublic: boolean;
  /** The first mention's time: the case opens then. */
  postedAt: string;
  labels: CaseLabels;
  scheme: CaseScheme;
}

/** What the scheme changes on a case a mention joined. */
export interface SchemeUpdate {
  /** The case's flags after the mention, when it added any (`added`). */
  flags?: { all: CaseFlag[]; added: CaseFlag[] };
  repliesNeedApproval?: true;
  deadline?: Deadline;
  /** A later message changed which playbook fits (a threat, black PR). */
  playbook?: string;
}

const deadlineFields = (d: Deadline | null): CaseChanges =>
  d
    ? { responseDueAt: iso(d.dueAt), responseType: d.type, dueSoonAt: iso(d.dueSoonAt), escalatedAt: null }
    : { responseDueAt: null, responseType: null, dueSoonAt: null, escalatedAt: null };

/** The case's writes inside one transaction, all stamped with the same time. */
export class CaseWriter {
  constructor(
    private readonly r: Repositories,
    private readonly now: Date,
  ) {}

  private get at(): string {
    return iso(this.now);
  }

  private async update(c: CaseRef, changes: CaseChanges): Promise<void> {
    await this.r.cases.update(c.id, changes);
  }

  /** Records one entry of the case's audit trail (an event that changes nothing on the row itself). */
  async record(c: CaseRef, type: CaseEventType, actor: Actor, data: Record<string, unknown>): Promise<void> {
    const who = actorRef(actor);
    await this.r.cases.addEvent({
      id: newId(),
      brandId: c.brandId,
      caseId: c.id,
      type,
      actorType: who.actor_type,
      actorId: who.actor_id,
      data,
      createdAt: this.at,
    });
  }

  /**
   * Erases the case's texts (a data request or the brand's retention): its
   * subject, the bodies of its replies and notes, its idea's summary, and
   * people's words in its events and notifications; statuses, kinds, times
   * and counts stay. Records `data_erased` with how many items; returns that.
   */
  async eraseContent(c: CaseRef, actor: Actor, why: 'request' | 'retention'): Promise<{ replies: number; notes: number; events: number }> {
    await this.update(c, { subject: ERASED, erasedAt: this.at });
    const replies = await this.r.replies.replaceBodies(c.id, ERASED);
    const notes = await this.r.cases.replaceNoteBodies(c.id, ERASED);
    await this.r.ideas.replaceSummary(c.id, ERASED);
    await this.r.tasks.scrub(c.id, ERASED);
    const events = await this.r.cases.scrubEvents(c.id, scrubTexts);
    await this.r.notifications.scrubForCase(c.id, scrubTexts);
    await this.record(c, 'data_erased', actor, { why, replies, notes, events });
    return { replies, notes, events };
  }

  /**
   * A case still at work whose older mentions were erased (the brand's
   * retention): its subject, taken from the first mention, is erased when it
   * quotes one of them, and people's words in its notifications go. Its other
   * texts stay until the case itself is old enough.
   */
  async eraseQuotes(c: Pick<Case, 'id' | 'brandId' | 'subject'>, erasedTexts: string[], actor: Actor): Promise<void> {
    if (c.subject !== ERASED && erasedTexts.some((t) => t.startsWith(c.subject))) {
      await this.update(c, { subject: ERASED });
      await this.record(c, 'data_erased', actor, { why: 'retention', subject: true });
    }
    await this.r.notifications.scrubForCase(c.id, scrubTexts);
  }

  /** Marks activity on the case (it rises in the inbox's "recently changed"). */
  async touch(c: CaseRef): Promise<void> {
    await this.update(c, { updatedAt: this.at });
  }

  /** Opens a case for its first mention, with the scheme's fields, and counts it in the daily rollup. */
  async open(n: NewCase, actor: Actor, data: Record<string, unknown>): Promise<Case> {
    const s = n.scheme;
    const c: Case = {
      id: newId(),
      brandId: n.brandId,
      channelId: n.channelId,
      authorId: n.authorId,
      threadKey: n.threadKey,
      status: s.historyReason ? 'closed' : s.notEngagingReason ? 'not_engaging' : 'new',
      statusReason: s.historyReason ?? s.notEngagingReason,
      assigneeId: s.assigneeId,
      subject: n.subject,
      kind: n.labels.kind,
      sentiment: n.labels.sentiment,
      language: n.labels.language,
      situation: n.labels.situation,
      isPublic: n.isPublic,
      mentionCount: 1,
      openedAt: n.postedAt,
      lastMentionAt: n.postedAt,
      updatedAt: this.at,
      playbook: s.playbook,
      teamId: s.teamId,
      flags: s.flags,
      holdUntil: s.holdUntil ? iso(s.holdUntil) : null,
      responseDueAt: s.deadline ? iso(s.deadline.dueAt) : null,
      responseType: s.deadline?.type ?? null,
      dueSoonAt: s.deadline ? iso(s.deadline.dueSoonAt) : null,
      escalatedAt: null,
      firstResponseAt: null,
      repliesNeedApproval: s.repliesNeedApproval,
      fixRef: null,
      fixShippedAt: null,
      followUpState: null,
      followUpAt: null,
      followUpReason: null,
      snoozedUntil: null,
      firstResponseMinutes: null,
    };
    await this.r.cases.create(c);
    await this.r.rollups.caseOpened(c.brandId, c.openedAt);
    await this.record(c, 'case_opened', actor, data);
    return c;
  }

  /**
   * A mention joins the case: counted, the case keeps the sharpest kind seen,
   * a finished case reopens and a snoozed one wakes up. Answers whether it
   * reopened, and the case as it is now.
   */
  async join(
    c: Case,
    labels: CaseLabels,
    postedAt: string,
    actor: Actor,
    data: Record<string, unknown>,
    o: { history?: boolean } = {},
  ): Promise<{ reopened: boolean; now: Case }> {
    // History joins its thread without reopening or waking it; a live message makes a history case live work.
    const reopenTo = o.history ? null : statusOnNewMention(c.status as CaseStatus);
    const wasHistory = !o.history && c.flags.includes('history');
    // A case keeps the sharpest kind seen: a complaint followed by "thanks" stays a complaint.
    const sharper = NEGATIVE_KINDS.includes(labels.kind) && !NEGATIVE_KINDS.includes((c.kind ?? 'neutral') as Kind);
    const now = await this.r.cases.updateReturning(c.id, {
      mentionCount: c.mentionCount + 1,
      lastMentionAt: postedAt > c.lastMentionAt ? postedAt : c.lastMentionAt,
      updatedAt: this.at,
      // Reopened: the pending "is it solved?" check is moot; the next reply schedules a new one.
      ...(reopenTo
        ? {
            status: reopenTo,
            statusReason: null,
            ...(c.followUpState === 'scheduled' || c.followUpState === 'due' ? { followUpState: null, followUpAt: null } : {}),
          }
        : {}),
      ...(sharper ? { kind: labels.kind, sentiment: labels.sentiment, situation: labels.situation } : {}),
      ...(c.language === 'und' && labels.language !== 'und' ? { language: labels.language } : {}),
      ...(wasHistory ? { flags: c.flags.filter((f) => f !== 'history') } : {}),
      // The customer wrote: a snoozed case is awake again.
      ...(c.snoozedUntil && !o.history
        ? { snoozedUntil: null, ...(c.status === 'waiting' ? { status: 'in_progress', statusReason: null } : {}) }
        : {}),
    });
    if (!now) throw new Error(`case ${c.id} is gone`);
    await this.record(c, 'mention_added', actor, data);
    if (reopenTo) await this.record(c, 'reopened', actor, { from: c.status, to: reopenTo, mention_id: data.mention_id });
    return { reopened: reopenTo !== null, now };
  }

  /** The scheme's changes after a mention joined the case: new flags (recorded), review of replies, a deadline. */
  async applyScheme(c: CaseRef, u: SchemeUpdate, actor: Actor, mentionId: string): Promise<void> {
    const set: CaseChanges = {};
    if (u.flags) set.flags = u.flags.all;
    if (u.repliesNeedApproval) set.repliesNeedApproval = true;
    if (u.deadline) Object.assign(set, deadlineFields(u.deadline));
    if (u.playbook) set.playbook = u.playbook;
    if (Object.keys(set).length) await this.update(c, set);
    if (u.flags?.added.length) await this.record(c, 'flagged', actor, { flags: u.flags.added, mention_id: mentionId });
    if (u.playbook) await this.record(c, 'playbook_switched', actor, { to: u.playbook, mention_id: mentionId, why: 'flags' });
  }

  /** Moves the case to `to` (the caller has checked the move), recording it. */
  async move(
    c: Pick<Case, 'id' | 'brandId' | 'status'>,
    to: CaseStatus,
    reason: string | null,
    actor: Actor,
    extra?: Record<string, unknown>,
  ): Promise<void> {
    await this.update(c, { status: to, statusReason: reason, updatedAt: this.at });
    await this.record(c, 'status_changed', actor, { from: c.status, to, reason, ...extra });
  }

  /**
   * The fields of a move the desk makes by itself (replied, follow-up, back
   * to work) when that transition is allowed (not when it is there already),
   * recording it; for the writer's composite changes.
   */
  private async moveIfAllowed(c: Pick<Case, 'id' | 'brandId' | 'status'>, to: CaseStatus, reason: string | null, actor: Actor): Promise<CaseChanges> {
    if (!checkTransition(c.status as CaseStatus, to).ok) return {};
    await this.record(c, 'status_changed', actor, { from: c.status, to, reason });
    return { status: to, statusReason: reason };
  }

  /** A new deadline, or none (nothing is owed any more: no deadline, no escalation, no cool-down). */
  async setDeadline(c: CaseRef, d: Deadline | null): Promise<void> {
    await this.update(c, { ...deadlineFields(d), ...(d ? {} : { holdUntil: null }), updatedAt: this.at });
  }

  /** Hands the case to someone (or nobody), stamping when the assignee last got a case. */
  async assign(c: Pick<Case, 'id' | 'brandId' | 'assigneeId'>, to: string | null, actor: Actor): Promise<void> {
    // The timeline names who (as the desk shows people), as it was at the time.
    const name = to ? (await this.r.users.findById(to))?.name : undefined;
    await this.record(c, 'assigned', actor, { from: c.assigneeId, to, ...(name ? { to_name: name } : {}) });
    if (to) await this.r.users.updateMembership(to, c.brandId, { lastAssignedAt: this.at });
    await this.update(c, { assigneeId: to, updatedAt: this.at });
  }

  /** Hands the case to a team (or takes it from its team), recording it; `why` when the desk did it (a team deleted). */
  async assignTeam(c: Pick<Case, 'id' | 'brandId' | 'teamId'>, to: string | null, actor: Actor, why?: string): Promise<void> {
    const name = to ? (await this.r.teams.find(to))?.name : undefined;
    await this.record(c, 'team_assigned', actor, { from: c.teamId, to, ...(name ? { to_name: name } : {}), ...(why ? { reason: why } : {}) });
    await this.update(c, { teamId: to, updatedAt: this.at });
  }

  /** Puts the case aside until `until`, as "waiting". */
  async snooze(c: Pick<Case, 'id' | 'brandId' | 'status'>, until: Date, actor: Actor): Promise<void> {
    const reason = `snoozed until ${iso(until)}`;
    await this.update(c, { status: 'waiting', statusReason: reason, snoozedUntil: iso(until), updatedAt: this.at });
    if (c.status !== 'waiting') await this.record(c, 'status_changed', actor, { from: c.status, to: 'waiting', reason });
    await this.record(c, 'snoozed', actor, { until: iso(until) });
  }

  /** The snooze is over: a waiting case goes back to work. */
  async endSnooze(c: Case, actor: Actor): Promise<void> {
    const set: CaseChanges = { snoozedUntil: null, updatedAt: this.at };
    if (c.status === 'waiting') {
      set.status = 'in_progress';
      set.statusReason = null;
      await this.record(c, 'status_changed', actor, { from: 'waiting', to: 'in_progress', reason: 'snooze ended' });
    }
    await this.update(c, set);
    await this.record(c, 'snooze_ended', actor, { until: c.snoozedUntil });
  }

  /** A cool-down starts (after a person confirmed the poster is impulsive): no reply before `until`, the deadline after it. */
  async hold(c: CaseRef, until: Date, deadline: Deadline | null): Promise<void> {
    await this.update(c, { holdUntil: iso(until), ...deadlineFields(deadline), updatedAt: this.at });
  }

  /** A person reviewed the kind the classifier was unsure of: the `needs_review` flag goes, recorded with what they decided. */
  async clearReview(c: Pick<Case, 'id' | 'brandId' | 'flags'>, actor: Actor, data: Record<string, unknown>): Promise<void> {
    if (!c.flags.includes('needs_review')) return;
    await this.update(c, { flags: c.flags.filter((f) => f !== 'needs_review'), updatedAt: this.at });
    await this.record(c, 'review_done', actor, data);
  }

  /** The cool-down is over: replies may go out. */
  async endCooldown(c: Case, actor: Actor): Promise<void> {
    await this.update(c, { holdUntil: null, updatedAt: this.at });
    await this.record(c, 'cooldown_ended', actor, { held_until: c.holdUntil });
  }

  /** The deadline is near: the case is marked escalated (the managers are told). */
  async markDueSoon(c: CaseRef, actor: Actor, data: Record<string, unknown>): Promise<void> {
    await this.update(c, { escalatedAt: this.at });
    await this.record(c, 'escalated', actor, data);
  }

  /** The deadline passed without a response. */
  async markBreached(c: Pick<Case, 'id' | 'brandId' | 'escalatedAt' | 'dueSoonAt'>, actor: Actor, data: Record<string, unknown>): Promise<void> {
    // Out of the "due soon" index: its range then holds the cases due soon, not every breached one (migration 0026).
    const changes: CaseChanges = {};
    if (!c.escalatedAt) changes.escalatedAt = this.at;
    if (c.dueSoonAt !== null) changes.dueSoonAt = null;
    if (Object.keys(changes).length) await this.update(c, changes);
    await this.record(c, 'deadline_breached', actor, data);
  }

  /**
   * A reply reached the customer: the deadline is met, the first response is
   * timed (and counted in the rollup), the case is "replied" and, for a real
   * problem, a follow-up check is scheduled.
   */
  async markAnswered(c: Case, actor: Actor, followUpAfterHours: number): Promise<void> {
    const at = this.at;
    const set: CaseChanges = {
      updatedAt: at,
      firstResponseAt: c.firstResponseAt ?? at,
      firstResponseMinutes: c.firstResponseAt
        ? c.firstResponseMinutes
        : Math.max(0, Math.round((this.now.getTime() - Date.parse(c.openedAt)) / 60_000)),
      responseDueAt: null,
      responseType: null,
      dueSoonAt: null,
      escalatedAt: null,
    };
    Object.assign(set, await this.moveIfAllowed(c, 'replied', null, actor));
    if (needsFollowUp({ kind: c.kind, fixRef: c.fixRef, followUpState: c.followUpState })) {
      set.followUpState = 'scheduled';
      set.followUpAt = iso(followUpAt(this.now, followUpAfterHours));
      set.followUpReason = null;
      await this.record(c, 'follow_up_scheduled', actor, { at: set.followUpAt });
    }
    await this.update(c, set);
    if (!c.firstResponseAt) await this.r.rollups.caseAnswered(c.brandId, c.openedAt, set.firstResponseMinutes ?? 0);
  }

  /** A call-back task on the case: stored, its due time counted in the case's deadline, recorded. */
  async addTask(c: CaseRef, task: CaseTask, actor: Actor): Promise<void> {
    await this.r.tasks.add(task);
    await this.update(c, { taskDueAt: await this.r.tasks.earliestOpenDue(c.id), updatedAt: this.at });
    await this.record(c, 'task_created', actor, {
      task_id: task.id,
      kind: task.kind,
      due_at: task.dueAt,
      assignee_id: task.assigneeId,
      phone: task.phone,
      note: task.note,
    });
  }

  /** A task is done: the case's deadline no longer counts it. False when it was done already. */
  async completeTask(c: CaseRef, task: CaseTask, actor: Actor): Promise<boolean> {
    if (!(await this.r.tasks.markDone(task.id, this.at, actorRef(actor).actor_id))) return false;
    await this.update(c, { taskDueAt: await this.r.tasks.earliestOpenDue(c.id), updatedAt: this.at });
    await this.record(c, 'task_done', actor, { task_id: task.id, kind: task.kind });
    return true;
  }

  /** A task's time came (its notification goes out once): recorded. False when another tick claimed it. */
  async markTaskDue(c: CaseRef, task: CaseTask, actor: Actor): Promise<boolean> {
    if (!(await this.r.tasks.markNotified(task.id, this.at))) return false;
    await this.record(c, 'task_due', actor, { task_id: task.id, kind: task.kind, due_at: task.dueAt });
    return true;
  }

  /** Links the internal fix. */
  async linkFix(c: Pick<Case, 'id' | 'brandId' | 'fixRef'>, ref: string, actor: Actor): Promise<void> {
    await this.update(c, { fixRef: ref, fixShippedAt: null, updatedAt: this.at });
    await this.record(c, 'fix_linked', actor, { ref, previous: c.fixRef });
  }

  /** The fix shipped: the customer is owed news, so a waiting case goes back to work. */
  async markFixShipped(c: Case, actor: Actor): Promise<void> {
    const set: CaseChanges = { fixShippedAt: this.at, updatedAt: this.at };
    // "Is it solved?" is asked after the customer hears the fix shipped, so the next reply schedules it anew.
    if (c.followUpState === 'scheduled' || c.followUpState === 'due') Object.assign(set, { followUpState: null, followUpAt: null });
    if (['replied', 'waiting'].includes(c.status))
      Object.assign(set, await this.moveIfAllowed(c, 'in_progress', 'the fix shipped: tell the customer', actor));
    await this.update(c, set);
    await this.record(c, 'fix_shipped', actor, { ref: c.fixRef });
  }

  /** The follow-up check fell due: ask the customer whether the problem is really gone. */
  async markFollowUpDue(c: Case, actor: Actor): Promise<void> {
    const set: CaseChanges = { followUpState: 'due', updatedAt: this.at };
    Object.assign(set, await this.moveIfAllowed(c, 'follow_up', 'ask the customer whether the problem is really gone', actor));
    await this.update(c, set);
    await this.record(c, 'follow_up_due', actor, { scheduled_for: c.followUpAt });
  }

  /** The answer to "is it solved?", moving the case to `to` when given. */
  async answerFollowUp(
    c: Pick<Case, 'id' | 'brandId' | 'status'>,
    outcome: FollowUpOutcome,
    reason: string | null,
    to: CaseStatus | null,
    actor: Actor,
  ): Promise<void> {
    const set: CaseChanges = { followUpState: outcome, followUpAt: null, followUpReason: reason, updatedAt: this.at };
    if (to) {
      set.status = to;
      set.statusReason = null;
      await this.record(c, 'status_changed', actor, { from: c.status, to, reason: null });
    }
    await this.update(c, set);
    await this.record(c, 'follow_up_answered', actor, { outcome, reason });
  }

  /** A manager puts the case on another playbook, and whether its replies need approval follows (the planner decides). */
  async switchPlaybook(
    c: Pick<Case, 'id' | 'brandId' | 'playbook' | 'repliesNeedApproval'>,
    situation: string,
    repliesNeedApproval: boolean,
    actor: Actor,
  ): Promise<void> {
    await this.update(c, { playbook: situation, repliesNeedApproval, updatedAt: this.at });
    await this.record(c, 'playbook_switched', actor, {
      from: c.playbook,
      to: situation,
      replies_need_approval: { from: c.repliesNeedApproval, to: repliesNeedApproval },
    });
  }

  /** A person corrected the classifier: the case follows (its labels, and its playbook with the situation). */
  async reclassify(c: CaseRef, labels: Partial<CaseLabels>, actor: Actor, data: Record<string, unknown>): Promise<void> {
    const set: CaseChanges = { updatedAt: this.at };
    if (labels.kind) set.kind = labels.kind;
    if (labels.sentiment) set.sentiment = labels.sentiment;
    if (labels.situation) {
      set.situation = labels.situation;
      set.playbook = labels.situation;
    }
    await this.update(c, set);
    await this.record(c, 'reclassified', actor, data);
  }

  /**
   * A person corrected the case's kind: the scheme is planned again for it —
   * flags, playbook, whether replies need approval, and the first-response
   * deadline while none was sent — recorded with what changed.
   */
  async replan(
    c: Pick<Case, 'id' | 'brandId' | 'flags' | 'playbook' | 'repliesNeedApproval' | 'responseDueAt'>,
    next: { flags: CaseFlag[]; playbook: string; repliesNeedApproval: boolean; deadline?: Deadline | null },
    actor: Actor,
    data: Record<string, unknown>,
  ): Promise<void> {
    const set: CaseChanges = { flags: next.flags, playbook: next.playbook, repliesNeedApproval: next.repliesNeedApproval, updatedAt: this.at };
    if (next.deadline !== undefined) Object.assign(set, deadlineFields(next.deadline));
    await this.update(c, set);
    await this.record(c, 'replanned', actor, {
      ...data,
      flags: { from: c.flags, to: next.flags },
      playbook: { from: c.playbook, to: next.playbook },
      replies_need_approval: { from: c.repliesNeedApproval, to: next.repliesNeedApproval },
      ...(next.deadline !== undefined ? { due_at: { from: c.responseDueAt, to: next.deadline ? iso(next.deadline.dueAt) : null } } : {}),
    });
  }

  /** The case is part of a coordinated campaign: flagged, and its replies are reviewed. */
  async linkCampaign(c: Case, actor: Actor, data: { campaign_id: string; mention_id: string; size: number }): Promise<void> {
    await this.update(c, { flags: mergeFlags(c.flags, ['campaign']), repliesNeedApproval: true, updatedAt: this.at });
    await this.record(c, 'campaign_linked', actor, data);
  }

  /**
   * Puts tags on the case and takes others off (normalised, domain/cases/tags.ts): `tagged` with the tags that were
   * new, `untagged` with those it carried, and nothing for the rest. Returns whether anything changed.
   */
  async tag(c: CaseRef, add: readonly string[], remove: readonly string[], actor: Actor): Promise<boolean> {
    const had = new Set(await this.r.tags.ofCase(c.id));
    const removed = [...new Set(remove)].filter((t) => had.has(t));
    const added = [...new Set(add)].filter((t) => !had.has(t) && !removed.includes(t));
    if (!added.length && !removed.length) return false;
    const by = actor.type === 'user' ? actor.userId : null;
    await this.r.tags.remove(c.id, removed);
    await this.r.tags.add(added.map((tag) => ({ brandId: c.brandId, caseId: c.id, tag, createdAt: this.at, createdBy: by })));
    if (added.length) await this.record(c, 'tagged', actor, { tags: added });
    if (removed.length) await this.record(c, 'untagged', actor, { tags: removed });
    await this.touch(c);
    return true;
  }

  /** An internal note on the case. */
  async addNote(c: CaseRef, note: Note, actor: Actor): Promise<void> {
    await this.r.cases.addNote(note);
    await this.record(c, 'note_added', actor, { note_id: note.id });
  }
}

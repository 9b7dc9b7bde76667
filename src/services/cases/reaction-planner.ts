/**
 * Applies the brand's reaction scheme to a case as its mentions arrive, in
 * the pipeline's transaction: playbook, flags, deadline (after any
 * cool-down), the troll policy, routing to a team or a person, escalation of
 * black PR and threats with the evidence, and the idea backlog.
 */
import { type AutomaticDecision, automaticAction } from '../../domain/classification/automatic-action.js';
import type { Classification } from '../../domain/classification/classifier.js';
import { type CaseStatus, checkTransition } from '../../domain/cases/case-status.js';
import type { Kind } from '../../domain/labels.js';
import { iso } from '../../domain/clock.js';
import { newId } from '../../domain/ids.js';
import { escalationMail } from '../../domain/reaction/escalation-mail.js';
import {
  type CaseFlag,
  type EscalationReason,
  escalationNeedsLegal,
  mergeFlags,
  planReaction,
  TROLL_POLICY_REASON,
} from '../../domain/reaction/kind-policy.js';
import { HISTORY_REASON, responseClockStart } from '../../domain/cases/history.js';
import { type PlaybookKey, playbookKeyFor } from '../../domain/playbooks/playbook.js';
import { dueAt, dueSoonAt, type ResponseKind, targetMinutes } from '../../domain/reaction/response-policy.js';
import { pickLeastLoaded, routeMention } from '../../domain/reaction/routing.js';
import { roleCan, type Role } from '../../domain/access/permissions.js';
import type { Mention } from '../../repositories/mention.repository.js';
import type { Repositories } from '../../repositories/store.js';
import { type Actor, SYSTEM } from '../access.js';
import type { BrandSettings } from '../brand-settings.js';
import { type CaseScheme, CaseWriter, type Deadline, type SchemeUpdate } from './case-writer.js';
import type { Notifier, Outbox } from '../people/notifier.js';
import { managerIds, teamResponders } from '../people/recipients.js';
import type { Case } from '../../repositories/case.repository.js';

export interface RouteDecision {
  rule: string;
  index: number;
  teamId: string | null;
  assignee: string | null;
}

export interface PlanContext {
  mention: Mention;
  cls: Classification;
  channelKey: string;
  settings: BrandSettings;
  outbox: Outbox;
  now: Date;
  /** Filed as history (domain/cases/history.ts): no deadline, routing, escalation or notification. */
  history?: boolean;
}

/** The scheme for a case about to open, and what to announce once it is. */
export interface PlannedCase {
  scheme: CaseScheme;
  route: RouteDecision | null;
  escalations: EscalationReason[];
  /** Whether the kind's automatic action may happen, with the confidence and threshold that decided it. */
  automatic: AutomaticDecision;
}

const EXCERPT = 500;

export class ReactionPlanner {
  constructor(private readonly notifier: Notifier) {}

  /**
   * What the scheme decides for a case about to be opened for this mention
   * (playbook, flags, review, cool-down, troll policy or deadline, routing),
   * so the case is opened once with all of it.
   */
  async planNewCase(r: Repositories, c: { brandId: string; isPublic: boolean }, ctx: PlanContext): Promise<PlannedCase> {
    const policy = ctx.settings.responsePolicy;
    const postedAt = new Date(ctx.mention.postedAt);
    const automatic = automaticAction(ctx.cls, ctx.settings.automaticThresholds);
    // Not sure enough to act alone: the case is handled as if the kind's policy did not apply, and a person reviews the kind.
    const plan = planReaction({
      kind: ctx.cls.kind,
      signals: ctx.cls.signals,
      postedAt,
      cooldownMinutes: policy.cooldownMinutes,
      automatic: !automatic.review,
    });
    if (ctx.history) {
      // History: the case opens closed, flagged, without deadline, hold, routing or escalation (nobody is told).
      const scheme: CaseScheme = {
        playbook: playbookKeyFor({ kind: ctx.cls.kind, situation: ctx.cls.situation, flags: plan.flags }),
        flags: mergeFlags(plan.flags, ['history']),
        repliesNeedApproval: plan.repliesNeedApproval,
        holdUntil: null,
        notEngagingReason: null,
        historyReason: HISTORY_REASON,
        deadline: null,
        teamId: null,
        assigneeId: null,
      };
      return { scheme, route: null, escalations: [], automatic: { ...automatic, action: null, review: false } };
    }
    const holding = plan.holdUntil && plan.holdUntil.getTime() > ctx.now.getTime() ? plan.holdUntil : null;
    const route = await this.route(r, c.brandId, ctx);
    const scheme: CaseScheme = {
      // Black PR and threats get their own playbooks; the rest follow the situation.
      playbook: playbookKeyFor({ kind: ctx.cls.kind, situation: ctx.cls.situation, flags: plan.flags }),
      flags: automatic.review ? mergeFlags(plan.flags, ['needs_review']) : plan.flags,
      repliesNeedApproval: plan.repliesNeedApproval,
      holdUntil: holding,
      notEngagingReason: plan.notEngagingReason ?? null,
      deadline: plan.notEngagingReason
        ? null
        : this.deadline(
            ctx,
            c.isPublic,
            'first',
            holding ??
              responseClockStart({
                postedAt: ctx.mention.postedAt,
                receivedAt: ctx.mention.receivedAt,
                backlog: ctx.mention.extra?.backlog === true,
              }),
          ),
      teamId: route ? route.teamId : null,
      assigneeId: route?.assignee ?? null,
    };
    return { scheme, route, escalations: plan.escalations, automatic };
  }

  /** Once the planned case is open: its audit trail, the assignee told, escalations, the idea backlog. */
  async announceNewCase(r: Repositories, c: Case, planned: PlannedCase, ctx: PlanContext): Promise<void> {
    const w = new CaseWriter(r, ctx.now);
    const { scheme, route } = planned;
    if (scheme.historyReason) {
      await w.record(c, 'policy_applied', SYSTEM, { policy: 'history', to: 'closed', reason: scheme.historyReason, mention_id: ctx.mention.id });
      await w.record(c, 'status_changed', SYSTEM, { from: 'new', to: 'closed', reason: scheme.historyReason });
      if (scheme.flags.length) await w.record(c, 'flagged', SYSTEM, { flags: scheme.flags, mention_id: ctx.mention.id });
      return;
    }
    if (scheme.holdUntil)
      await w.record(c, 'cooldown_started', SYSTEM, { until: iso(scheme.holdUntil), minutes: ctx.settings.responsePolicy.cooldownMinutes });
    if (scheme.notEngagingReason) {
      await w.record(c, 'policy_applied', SYSTEM, { policy: 'trolling', to: 'not_engaging', reason: scheme.notEngagingReason });
      await w.record(c, 'status_changed', SYSTEM, { from: 'new', to: 'not_engaging', reason: scheme.notEngagingReason });
    }
    await this.recordAutomatic(
      r,
      c,
      planned.automatic,
      { notEngaging: Boolean(scheme.notEngagingReason), held: Boolean(scheme.holdUntil), escalated: planned.escalations.includes('black_pr') },
      ctx,
    );
    if (route) await this.recordRoute(r, c, route, ctx);
    if (scheme.flags.length) await w.record(c, 'flagged', SYSTEM, { flags: scheme.flags, mention_id: ctx.mention.id });
    await this.escalate(r, c, planned.escalations, scheme.flags, ctx);
    if (ctx.cls.kind === 'idea') await this.logIdea(r, c, ctx);
  }

  /** A mention joined an existing case (and may have reopened it). */
  async applyToJoinedCase(r: Repositories, before: Case, reopened: boolean, ctx: PlanContext): Promise<void> {
    // History joins as a count: no new flags, deadline, escalation or idea.
    if (ctx.history) return;
    const policy = ctx.settings.responsePolicy;
    const automatic = automaticAction(ctx.cls, ctx.settings.automaticThresholds);
    // On a joined case only black PR's escalation would be automatic (no silence, no hold): only it asks for review.
    const review = automatic.review && automatic.action === 'escalation';
    const plan = planReaction({
      kind: ctx.cls.kind,
      signals: ctx.cls.signals,
      postedAt: new Date(ctx.mention.postedAt),
      cooldownMinutes: policy.cooldownMinutes,
      automatic: !review,
    });
    const current = before.flags;
    const flags = mergeFlags(current, review ? [...plan.flags, 'needs_review'] : plan.flags);
    const added = flags.filter((f) => !current.includes(f));
    const update: SchemeUpdate = {};
    if (added.length) update.flags = { all: flags, added };
    // A threat in a later message puts the case on the threat playbook (black PR keeps its own).
    const playbook = playbookKeyFor({ kind: before.kind, situation: before.situation, flags });
    if (playbook !== before.playbook && (playbook === 'threat' || playbook === 'black_pr')) update.playbook = playbook;
    if (plan.repliesNeedApproval && !before.repliesNeedApproval) update.repliesNeedApproval = true;
    const status = reopened ? 'in_progress' : before.status;
    // The customer wrote again: the team owes a response unless one is already due or the case is not engaged.
    if (status !== 'not_engaging' && !before.responseDueAt && ['new', 'waiting', 'in_progress'].includes(status)) {
      const deadline = this.deadline(ctx, before.isPublic, before.firstResponseAt ? 'next' : 'first', new Date(ctx.mention.postedAt));
      if (deadline) update.deadline = deadline;
    }
    await new CaseWriter(r, ctx.now).applyScheme(before, update, SYSTEM, ctx.mention.id);
    const updated = { ...before, status };
    // Only what is new on this case is escalated again: a second threat in the same thread is already known.
    const escalations = plan.escalations.filter((e) => added.includes(e as CaseFlag));
    if (added.includes('needs_review') || escalations.includes('black_pr')) {
      await this.recordAutomatic(r, updated, automatic, { notEngaging: false, held: false, escalated: escalations.includes('black_pr') }, ctx);
    }
    await this.escalate(r, updated, escalations, added, ctx);
    if (ctx.cls.kind === 'idea') await this.logIdea(r, updated, ctx);
  }

  /**
   * Why the desk acted on the kind by itself (`automatic_action`: the
   * managers' daily list reads these) or did not (`review_needed`: the case
   * keeps a normal deadline and is flagged for a person to confirm the kind).
   */
  private async recordAutomatic(
    r: Repositories,
    c: Case,
    d: AutomaticDecision,
    done: { notEngaging: boolean; held: boolean; escalated: boolean },
    ctx: PlanContext,
  ): Promise<void> {
    if (!d.action) return;
    const w = new CaseWriter(r, ctx.now);
    const base = { mention_id: ctx.mention.id, kind: d.kind, action: d.action, confidence: d.confidence, threshold: d.threshold };
    if (d.review) {
      const reason = `${d.kind} at confidence ${d.confidence.toFixed(2)}, below the brand's threshold ${d.threshold?.toFixed(2)}: no automatic ${d.action.replace('_', ' ')}; handled normally until a person confirms the kind`;
      await w.record(c, 'review_needed', SYSTEM, { ...base, reason });
      return;
    }
    const happened = d.action === 'not_engaging' ? done.notEngaging : d.action === 'cool_down' ? done.held : done.escalated;
    if (happened) await w.record(c, 'automatic_action', SYSTEM, base);
  }

  /**
   * A person confirmed or corrected the kind of a case that was waiting for
   * review: the scheme is applied again for that kind, now without the
   * confidence gate (a person decided). A troll goes to "not engaging" by
   * policy, an impulsive poster gets what is left of the cool-down, black PR
   * is escalated; other kinds keep the normal deadline they already have.
   */
  async replanReviewed(r: Repositories, c: Case, kind: Kind, actor: Actor, ctx: Omit<PlanContext, 'cls'> & { cls?: Classification }): Promise<void> {
    const w = new CaseWriter(r, ctx.now);
    const cls: Classification = { ...(ctx.cls ?? classificationOf(ctx.mention)), kind };
    const full: PlanContext = { ...ctx, cls };
    const policy = ctx.settings.responsePolicy;
    const plan = planReaction({ kind, signals: cls.signals, postedAt: new Date(ctx.mention.postedAt), cooldownMinutes: policy.cooldownMinutes });
    if (plan.notEngagingReason) {
      if (checkTransition(c.status as CaseStatus, 'not_engaging', plan.notEngagingReason).ok) {
        await w.move(c, 'not_engaging', plan.notEngagingReason, actor);
        await w.setDeadline(c, null);
        await w.record(c, 'policy_applied', actor, { policy: 'trolling', to: 'not_engaging', reason: TROLL_POLICY_REASON, after: 'review' });
      }
      return;
    }
    if (plan.holdUntil && plan.holdUntil.getTime() > ctx.now.getTime() && !c.firstResponseAt) {
      await w.hold(c, plan.holdUntil, this.deadline(full, c.isPublic, 'first', plan.holdUntil));
      await w.record(c, 'cooldown_started', actor, { until: iso(plan.holdUntil), minutes: policy.cooldownMinutes, after: 'review' });
    }
    if (kind === 'black_pr') {
      const current = c.flags;
      const flags = mergeFlags(current, plan.flags);
      const added = flags.filter((f) => !current.includes(f));
      await w.applyScheme(c, { ...(added.length ? { flags: { all: flags, added } } : {}), repliesNeedApproval: true }, actor, ctx.mention.id);
      await this.escalate(r, c, ['black_pr'], added.length ? added : ['black_pr'], full);
    }
  }

  /**
   * A person corrected the kind of a case (reviewed or not): its scheme
   * follows the new kind. The black PR flag goes with the kind; a churn flag
   * stays unless the case is now a smear or a troll; replies need approval for
   * black PR or a campaign; the playbook is the one for the kind, situation
   * and flags; and while no reply was sent the first-response deadline is the
   * new kind's target, counted from the case's opening (or the cool-down's end).
   */
  async replanForKind(r: Repositories, c: Case, from: string | null, kind: Kind, actor: Actor, ctx: Omit<PlanContext, 'cls'>): Promise<void> {
    const policy = ctx.settings.responsePolicy;
    const cls: Classification = { ...classificationOf(ctx.mention), kind };
    const plan = planReaction({ kind, signals: cls.signals, postedAt: new Date(ctx.mention.postedAt), cooldownMinutes: policy.cooldownMinutes });
    const keepChurn = c.flags.includes('churn') && kind !== 'black_pr' && kind !== 'trolling';
    const kept = c.flags.filter((f) => f !== 'black_pr' && f !== 'churn');
    const flags = mergeFlags(kept, [...plan.flags.filter((f) => f === 'black_pr' || f === 'churn'), ...(keepChurn ? (['churn'] as const) : [])]);
    const repliesNeedApproval = kind === 'black_pr' || flags.includes('campaign') || (c.repliesNeedApproval && from !== 'black_pr');
    const playbook = playbookKeyFor({ kind, situation: c.situation, flags });
    let deadline: Deadline | null | undefined;
    const open = ['new', 'waiting', 'in_progress'].includes(c.status);
    if (open && !c.firstResponseAt && (c.responseType === 'first' || c.responseType === null)) {
      const from = c.holdUntil && c.holdUntil > c.openedAt ? new Date(c.holdUntil) : new Date(c.openedAt);
      deadline = this.deadline({ ...ctx, cls }, c.isPublic, 'first', from);
    }
    const same =
      playbook === c.playbook &&
      repliesNeedApproval === c.repliesNeedApproval &&
      flags.join() === c.flags.join() &&
      (deadline === undefined || (deadline ? iso(deadline.dueAt) : null) === c.responseDueAt);
    if (same) return;
    await new CaseWriter(r, ctx.now).replan(c, { flags, playbook, repliesNeedApproval, deadline }, actor, { kind, mention_id: ctx.mention.id });
  }

  /**
   * A manager put the case on another playbook: what the playbook carries
   * follows, as a corrected kind's would. On black PR's playbook replies need
   * approval (one factual reply, approved); off it they keep needing it only
   * while the kind or a campaign asks for it. Switching to black PR's or a
   * threat's playbook tells the managers and legal with the evidence, unless
   * the case was escalated for that already (its flags say so).
   */
  async replanForPlaybook(r: Repositories, c: Case, to: PlaybookKey, actor: Actor, ctx: Omit<PlanContext, 'cls'>): Promise<void> {
    const repliesNeedApproval =
      to === 'black_pr' || c.kind === 'black_pr' || c.flags.includes('campaign') || (c.repliesNeedApproval && c.playbook !== 'black_pr');
    await new CaseWriter(r, ctx.now).switchPlaybook(c, to, repliesNeedApproval, actor);
    const known = (...flags: CaseFlag[]) => flags.some((f) => c.flags.includes(f));
    const reasons: EscalationReason[] =
      to === 'black_pr' && !known('black_pr') ? ['black_pr'] : to === 'threat' && !known('threat', 'legal_threat') ? ['threat'] : [];
    await this.escalate(r, c, reasons, [], { ...ctx, cls: classificationOf(ctx.mention) });
  }

  private deadline(ctx: PlanContext, isPublic: boolean, which: ResponseKind, from: Date): Deadline | null {
    const policy = ctx.settings.responsePolicy;
    const minutes = targetMinutes(policy, { channel: ctx.channelKey, kind: ctx.cls.kind, isPublic }, which);
    if (minutes === null) return null;
    const due = dueAt(policy, from, minutes);
    return { type: which, dueAt: due, dueSoonAt: dueSoonAt(policy, due, from) };
  }

  /** The first matching routing rule names a person, or a team whose least-loaded available responder gets the case. */
  private async route(r: Repositories, brandId: string, ctx: PlanContext): Promise<RouteDecision | null> {
    const match = routeMention(ctx.settings.routing.rules, {
      channel: ctx.channelKey,
      topics: ctx.cls.topics,
      kind: ctx.cls.kind,
      situation: ctx.cls.situation,
      language: ctx.cls.language,
    });
    if (!match) return null;
    const { rule, index } = match;
    let assignee: string | null = null;
    let teamId: string | null = null;
    if (rule.teamId) {
      const team = await r.teams.find(rule.teamId);
      if (team && team.brandId === brandId) {
        teamId = team.id;
        assignee = pickLeastLoaded(await teamResponders(r, brandId, team.id));
      }
    } else if (rule.userId) {
      const [m] = await r.members.loads(brandId, [rule.userId]);
      if (m && roleCan(m.role as Role, 'reply.write')) assignee = m.userId;
    }
    return { rule: rule.name, index, teamId, assignee };
  }

  private async recordRoute(r: Repositories, c: Case, d: RouteDecision, ctx: PlanContext): Promise<void> {
    const w = new CaseWriter(r, ctx.now);
    if (d.assignee) await r.users.updateMembership(d.assignee, c.brandId, { lastAssignedAt: iso(ctx.now) });
    await w.record(c, 'routed', SYSTEM, { rule: d.rule, rule_index: d.index, team_id: d.teamId, assignee_id: d.assignee });
    if (d.assignee) {
      await w.record(c, 'assigned', SYSTEM, { from: null, to: d.assignee });
      await this.notifier.notify(
        r,
        { brandId: c.brandId, userIds: [d.assignee], type: 'case.assigned', caseId: c.id, data: { rule: d.rule } },
        ctx.now,
      );
    }
  }

  /**
   * Tells the managers (and legal, for black PR and any threat) with the
   * evidence; legal's address gets it by e-mail: every message of the case,
   * with its author, link and time.
   */
  private async escalate(r: Repositories, c: Case, reasons: EscalationReason[], flags: CaseFlag[], ctx: PlanContext): Promise<void> {
    if (!reasons.length) return;
    const esc = ctx.settings.escalation;
    const legal = escalationNeedsLegal(reasons);
    const recipients = [...(await managerIds(r, c.brandId)), ...(legal ? esc.legalUserIds : []), ...(c.assigneeId ? [c.assigneeId] : [])];
    const evidence = {
      mention_id: ctx.mention.id,
      link: ctx.mention.link,
      posted_at: ctx.mention.postedAt,
      excerpt: ctx.mention.text.slice(0, EXCERPT),
      kind: ctx.cls.kind,
      signals: ctx.cls.signals,
      reasons: ctx.cls.reasons,
    };
    await this.notifier.notify(
      r,
      { brandId: c.brandId, userIds: recipients, type: 'case.escalated', caseId: c.id, data: { reasons, flags, evidence } },
      ctx.now,
    );
    await new CaseWriter(r, ctx.now).record(c, 'escalated', SYSTEM, { reasons, notified: [...new Set(recipients)], legal });
    ctx.outbox.add({
      brandId: c.brandId,
      event: 'case.escalated',
      body: { case_id: c.id, reasons, flags, evidence, legal_email: legal ? (esc.legalEmail ?? null) : null },
    });
    if (legal && esc.legalEmail) {
      const [brand, view, mentions] = await Promise.all([
        r.brands.findById(c.brandId),
        r.cases.findView(c.id),
        r.mentions.list({ brandId: c.brandId, caseId: c.id }, 50, undefined, 'asc'),
      ]);
      // The mention being processed may not be listed yet under the case (it joins in this transaction).
      const items = mentions.items.some((m) => m.id === ctx.mention.id) ? mentions.items : [...mentions.items, ctx.mention];
      const mail = escalationMail({
        brandName: brand?.name ?? c.brandId,
        caseId: c.id,
        caseUrl: null,
        reasons,
        signals: ctx.cls.signals,
        evidence: items.map((m) => ({
          author: view ? `${view.authorDisplayName ?? view.authorHandle} (${view.authorHandle})` : 'unknown',
          channel: view?.channelKey ?? ctx.channelKey,
          postedAt: m.postedAt,
          link: m.link,
          text: m.text,
        })),
      });
      ctx.outbox.mail({ brandId: c.brandId, caseId: c.id, to: [esc.legalEmail], ...mail });
      await new CaseWriter(r, ctx.now).record(c, 'legal_notified', SYSTEM, { to: esc.legalEmail, reasons, messages: items.length });
    }
  }

  private async logIdea(r: Repositories, c: Case, ctx: PlanContext): Promise<void> {
    const at = iso(ctx.now);
    const id = newId();
    const added = await r.ideas.add({
      id,
      brandId: c.brandId,
      caseId: c.id,
      mentionId: ctx.mention.id,
      summary: ctx.mention.text.slice(0, EXCERPT),
      status: 'new',
      statusNote: null,
      createdBy: null,
      createdAt: at,
      updatedAt: at,
      answeredAt: null,
      tellPrompt: null,
      promptedStatus: null,
    });
    if (added) await new CaseWriter(r, ctx.now).record(c, 'idea_logged', SYSTEM, { idea_id: id });
  }
}

/** The classification stored with a mention (as the pipeline saved it), for re-planning after a review. */
function classificationOf(m: Mention): Classification {
  const saved = m.classification ?? {};
  return {
    language: saved.language ?? m.language ?? 'und',
    sentiment: (saved.sentiment ?? m.sentiment ?? 'neutral') as Classification['sentiment'],
    kind: (saved.kind ?? m.kind ?? 'neutral') as Kind,
    situation: (saved.situation ?? m.situation ?? 'other') as Classification['situation'],
    topics: saved.topics ?? [],
    signals: saved.signals ?? m.signals,
    confidence: saved.confidence ?? { sentiment: 0, kind: 0 },
    reasons: saved.reasons ?? [],
    classifier: saved.classifier ?? 'stored',
  };
}

/**
 * Applies the brand's reaction scheme to a case as its mentions arrive, in
 * the pipeline's transaction: playbook, flags, deadline (after any
 * cool-down), the troll policy, routing to a team or a person, escalation of
 * black PR and threats with the evidence, and the idea backlog.
 */
import type { Classification } from '../../domain/classification/classifier.js';
import { iso } from '../../domain/clock.js';
import { newId } from '../../domain/ids.js';
import { type CaseFlag, type EscalationReason, mergeFlags, planReaction } from '../../domain/reaction/kind-policy.js';
import { dueAt, dueSoonAt, type ResponseKind, targetMinutes } from '../../domain/reaction/response-policy.js';
import { pickLeastLoaded, routeMention } from '../../domain/reaction/routing.js';
import { roleCan, type Role } from '../../domain/access/permissions.js';
import type { CaseRow, MentionRow } from '../../db/schema.js';
import { parseJson } from '../../repositories/json.js';
import type { Repositories } from '../../repositories/store.js';
import { SYSTEM } from '../access.js';
import type { BrandSettings } from '../brand-settings.js';
import { recordCaseEvent } from '../case-events.js';
import type { Notifier, Outbox } from '../notifier.js';

interface RouteDecision {
  rule: string;
  index: number;
  teamId: string | null;
  assignee: string | null;
}

export interface PlanContext {
  mention: MentionRow;
  cls: Classification;
  channelKey: string;
  settings: BrandSettings;
  outbox: Outbox;
  now: Date;
}

const EXCERPT = 500;

/** Managers of the brand (and admins holding a role in it): who hears of escalations. */
export function managerIds(r: Repositories, brandId: string): Promise<string[]> {
  return r.reaction.memberIdsWithRoles(brandId, ['manager', 'admin']);
}

/** Whoever answers for the case: its assignee, else the managers. */
export async function ownerIds(r: Repositories, c: { assignee_id: string | null; brand_id: string }): Promise<string[]> {
  return c.assignee_id ? [c.assignee_id] : managerIds(r, c.brand_id);
}

export class ReactionPlanner {
  constructor(private readonly notifier: Notifier) {}

  /**
   * The scheme's fields for a case about to be opened for this mention, so
   * the case is written once; `finish` records the events and notifications
   * once the case row exists.
   */
  async prepareNewCase(r: Repositories, c: CaseRow, ctx: PlanContext): Promise<{ row: CaseRow; finish: () => Promise<void> }> {
    const policy = ctx.settings.responsePolicy;
    const postedAt = new Date(ctx.mention.posted_at);
    const plan = planReaction({ kind: ctx.cls.kind, signals: ctx.cls.signals, postedAt, cooldownMinutes: policy.cooldownMinutes });
    const set: Partial<CaseRow> = {
      playbook: ctx.cls.situation,
      flags: JSON.stringify(plan.flags),
      replies_need_approval: plan.repliesNeedApproval ? 1 : 0,
    };
    const holding = plan.holdUntil && plan.holdUntil.getTime() > ctx.now.getTime() ? plan.holdUntil : null;
    if (holding) set.hold_until = iso(holding);
    if (plan.notEngagingReason) {
      set.status = 'not_engaging';
      set.status_reason = plan.notEngagingReason;
    } else {
      Object.assign(set, this.deadline(ctx, c, 'first', holding ?? postedAt));
    }
    const route = await this.route(r, c, ctx);
    if (route) Object.assign(set, { team_id: route.teamId, assignee_id: route.assignee ?? c.assignee_id });
    const row = { ...c, ...set };
    const finish = async () => {
      if (holding) await recordCaseEvent(r, c, 'cooldown_started', SYSTEM, { until: set.hold_until, minutes: policy.cooldownMinutes }, ctx.now);
      if (plan.notEngagingReason) {
        await recordCaseEvent(r, c, 'policy_applied', SYSTEM, { policy: 'trolling', to: 'not_engaging', reason: plan.notEngagingReason }, ctx.now);
        await recordCaseEvent(r, c, 'status_changed', SYSTEM, { from: c.status, to: 'not_engaging', reason: plan.notEngagingReason }, ctx.now);
      }
      if (route) await this.recordRoute(r, c, route, ctx);
      if (plan.flags.length) await recordCaseEvent(r, c, 'flagged', SYSTEM, { flags: plan.flags, mention_id: ctx.mention.id }, ctx.now);
      await this.escalate(r, row, plan.escalations, plan.flags, ctx);
      if (ctx.cls.kind === 'idea') await this.logIdea(r, row, ctx);
    };
    return { row, finish };
  }

  /** A mention joined an existing case (and may have reopened it). */
  async applyToJoinedCase(r: Repositories, before: CaseRow, reopened: boolean, ctx: PlanContext): Promise<void> {
    const policy = ctx.settings.responsePolicy;
    const plan = planReaction({ kind: ctx.cls.kind, signals: ctx.cls.signals, postedAt: new Date(ctx.mention.posted_at), cooldownMinutes: policy.cooldownMinutes });
    const current = parseJson<string[]>(before.flags, []);
    const flags = mergeFlags(current, plan.flags);
    const added = flags.filter((f) => !current.includes(f));
    const set: Partial<CaseRow> = {};
    if (added.length) set.flags = JSON.stringify(flags);
    if (plan.repliesNeedApproval && !before.replies_need_approval) set.replies_need_approval = 1;
    const status = reopened ? 'in_progress' : before.status;
    // The customer wrote again: the team owes a response unless one is already due or the case is not engaged.
    if (status !== 'not_engaging' && !before.response_due_at && ['new', 'waiting', 'in_progress'].includes(status)) {
      Object.assign(set, this.deadline(ctx, before, before.first_response_at ? 'next' : 'first', new Date(ctx.mention.posted_at)));
    }
    if (Object.keys(set).length) await r.cases.update(before.id, set);
    const updated = { ...before, ...set, status };
    if (added.length) await recordCaseEvent(r, before, 'flagged', SYSTEM, { flags: added, mention_id: ctx.mention.id }, ctx.now);
    // Only what is new on this case is escalated again: a second threat in the same thread is already known.
    await this.escalate(r, updated, plan.escalations.filter((e) => added.includes(e as CaseFlag)), added, ctx);
    if (ctx.cls.kind === 'idea') await this.logIdea(r, updated, ctx);
  }

  private deadline(ctx: PlanContext, c: CaseRow, which: ResponseKind, from: Date): Partial<CaseRow> {
    const policy = ctx.settings.responsePolicy;
    const minutes = targetMinutes(policy, { channel: ctx.channelKey, kind: ctx.cls.kind, isPublic: Boolean(c.is_public) }, which);
    if (minutes === null) return {};
    const due = dueAt(policy, from, minutes);
    return { response_due_at: iso(due), response_type: which, due_soon_at: iso(dueSoonAt(policy, due, from)), escalated_at: null };
  }

  /** The first matching routing rule names a person, or a team whose least-loaded available responder gets the case. */
  private async route(r: Repositories, c: CaseRow, ctx: PlanContext): Promise<RouteDecision | null> {
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
      const team = await r.reaction.findTeam(rule.teamId);
      if (team && team.brand_id === c.brand_id) {
        teamId = team.id;
        const loads = await r.reaction.memberLoads(c.brand_id, await r.reaction.teamMemberIds(team.id));
        assignee = pickLeastLoaded(loads.filter((m) => roleCan(m.role as Role, 'reply.write')));
      }
    } else if (rule.userId) {
      const [m] = await r.reaction.memberLoads(c.brand_id, [rule.userId]);
      if (m && roleCan(m.role as Role, 'reply.write')) assignee = m.userId;
    }
    return { rule: rule.name, index, teamId, assignee };
  }

  private async recordRoute(r: Repositories, c: CaseRow, d: RouteDecision, ctx: PlanContext): Promise<void> {
    if (d.assignee) await r.users.updateMembership(d.assignee, c.brand_id, { last_assigned_at: iso(ctx.now) });
    await recordCaseEvent(r, c, 'routed', SYSTEM, { rule: d.rule, rule_index: d.index, team_id: d.teamId, assignee_id: d.assignee }, ctx.now);
    if (d.assignee) {
      await recordCaseEvent(r, c, 'assigned', SYSTEM, { from: null, to: d.assignee }, ctx.now);
      await this.notifier.notify(r, { brandId: c.brand_id, userIds: [d.assignee], type: 'case.assigned', caseId: c.id, data: { rule: d.rule } }, ctx.now);
    }
  }

  /** Tells the managers (and legal, for black PR and legal threats) with the evidence. */
  private async escalate(r: Repositories, c: CaseRow, reasons: EscalationReason[], flags: CaseFlag[], ctx: PlanContext): Promise<void> {
    if (!reasons.length) return;
    const esc = ctx.settings.escalation;
    const legal = reasons.includes('black_pr') || reasons.includes('legal_threat');
    const recipients = [...(await managerIds(r, c.brand_id)), ...(legal ? esc.legalUserIds : []), ...(c.assignee_id ? [c.assignee_id] : [])];
    const evidence = {
      mention_id: ctx.mention.id,
      link: ctx.mention.link,
      posted_at: ctx.mention.posted_at,
      excerpt: ctx.mention.text.slice(0, EXCERPT),
      kind: ctx.cls.kind,
      signals: ctx.cls.signals,
      reasons: ctx.cls.reasons,
    };
    await this.notifier.notify(r, { brandId: c.brand_id, userIds: recipients, type: 'case.escalated', caseId: c.id, data: { reasons, flags, evidence } }, ctx.now);
    await recordCaseEvent(r, c, 'escalated', SYSTEM, { reasons, notified: [...new Set(recipients)], legal }, ctx.now);
    ctx.outbox.add({
      brandId: c.brand_id,
      event: 'case.escalated',
      body: { case_id: c.id, reasons, flags, evidence, legal_email: legal ? (esc.legalEmail ?? null) : null },
    });
  }

  private async logIdea(r: Repositories, c: CaseRow, ctx: PlanContext): Promise<void> {
    const at = iso(ctx.now);
    const id = newId();
    const added = await r.reaction.addIdea({
      id,
      brand_id: c.brand_id,
      case_id: c.id,
      mention_id: ctx.mention.id,
      summary: ctx.mention.text.slice(0, EXCERPT),
      status: 'new',
      status_note: null,
      created_by: null,
      created_at: at,
      updated_at: at,
      answered_at: null,
    });
    if (added) await recordCaseEvent(r, c, 'idea_logged', SYSTEM, { idea_id: id }, ctx.now);
  }
}

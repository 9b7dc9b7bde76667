/**
 * What the API shows of each stored thing: explicit fields, never raw rows.
 * Secrets (password hashes, token hashes) never leave through here.
 */
import type { BrandSettings } from '../../services/brand-settings.js';
import type { BrandModelStatus } from '../../services/classification/brand-model.service.js';
import type { BrandModelStatus as BrandModelStatusBody } from '../contract/index.js';
import type { Brand } from '../../repositories/brand.repository.js';
import type { CaseEvent, Note as StoredNote } from '../../repositories/case.repository.js';
import type { Campaign, SystemicAlert } from '../../repositories/detection.repository.js';
import type { Reply as StoredReply } from '../../repositories/reply.repository.js';
import type { ApiToken } from '../../repositories/token.repository.js';
import type { Channel, MentionView } from '../../repositories/mention.repository.js';
import type { CaseDetail, TimelineEntry as CaseTimelineEntry } from '../../services/cases/case.service.js';
import type { Breach } from '../../repositories/breach.repository.js';
import type { TeamView } from '../../services/people/team.service.js';
import type { Colleague } from '../../repositories/member.repository.js';
import type { IssuedLink } from '../../services/people/account.service.js';
import type { MemberListing } from '../../repositories/user.repository.js';
import type { Idea } from '../../repositories/idea.repository.js';
import type { NotificationListing } from '../../services/people/notification.service.js';
import type { CaseStatus } from '../../domain/cases/case-status.js';
import { isIdeaOutcome } from '../../domain/cases/follow-through.js';
import type { Case, Mention, Note, Reply, Task, TimelineEntry } from '../contract/index.js';
import type { CaseTask } from '../../repositories/task.repository.js';

export function presentMention(m: MentionView): Mention {
  const cls = m.classification;
  return {
    id: m.id,
    brand_id: m.brandId,
    channel: m.channelKey,
    external_id: m.externalId,
    author: { handle: m.authorHandle, name: m.authorDisplayName, url: m.authorProfileUrl },
    text: m.text,
    link: m.link,
    created_at: m.postedAt,
    received_at: m.receivedAt,
    public: m.isPublic,
    in_reply_to: m.inReplyTo,
    extra: m.extra,
    case_id: m.caseId,
    processed: m.processedAt !== null,
    classification: cls
      ? {
          language: m.language,
          sentiment: m.sentiment,
          kind: m.kind,
          situation: m.situation,
          topics: m.topics,
          signals: m.signals,
          confidence: cls.confidence ?? null,
          reasons: cls.reasons ?? [],
          reason_codes: cls.reasonCodes ?? [],
          classifier: cls.classifier ?? null,
          second_opinion: cls.second_opinion ?? null,
        }
      : null,
  };
}

export function presentCase(c: CaseDetail): Case {
  return {
    id: c.id,
    brand_id: c.brandId,
    channel: c.channelKey,
    author: { handle: c.authorHandle, name: c.authorDisplayName },
    status: c.status as CaseStatus,
    status_reason: c.statusReason,
    assignee: c.assigneeId ? { id: c.assigneeId, name: c.assigneeName } : null,
    subject: c.subject,
    kind: c.kind,
    sentiment: c.sentiment,
    language: c.language,
    situation: c.situation,
    topics: c.topics,
    tags: c.tags,
    public: c.isPublic,
    mention_count: c.mentionCount,
    opened_at: c.openedAt,
    last_mention_at: c.lastMentionAt,
    updated_at: c.updatedAt,
    playbook: c.playbook,
    team_id: c.teamId,
    team: c.teamId ? { id: c.teamId, name: c.teamName } : null,
    flags: c.flags,
    deadline: c.deadline ? { ...c.deadline, escalated: c.escalatedAt !== null } : null,
    call_back_due_at: c.taskDueAt ?? null,
    due_at: c.dueAt ?? null,
    cooldown_until: c.holdUntil,
    first_response_at: c.firstResponseAt,
    replies_need_approval: c.repliesNeedApproval,
    fix: c.fixRef ? { ref: c.fixRef, shipped_at: c.fixShippedAt } : null,
    follow_up: c.followUpState ? { state: c.followUpState, at: c.followUpAt, reason: c.followUpReason } : null,
    snoozed_until: c.snoozedUntil,
    delivery: c.delivery,
    private_delivery: c.privateDelivery,
    resolution_needs_reason: c.resolutionNeedsReason,
    priority: c.priority,
  };
}

export function presentReply(r: StoredReply): Reply {
  return {
    id: r.id,
    case_id: r.caseId,
    author_id: r.authorId,
    body: r.body,
    status: r.status,
    created_at: r.createdAt,
    sent_at: r.sentAt,
    send_at: r.sendAt,
    approval:
      r.approvalReason || r.reviewedBy
        ? { reason: r.approvalReason, reviewed_by: r.reviewedBy, reviewed_at: r.reviewedAt, note: r.reviewNote }
        : null,
    delivery: r.deliveryChannel
      ? {
          channel: r.deliveryChannel,
          status: r.deliveryStatus,
          attempts: r.deliveryAttempts,
          error: r.deliveryError,
          delivered_at: r.deliveredAt,
          external_id: r.externalId,
          link: r.externalLink,
        }
      : null,
    findings: r.checkedFindings,
    visibility: r.visibility === 'private' ? 'private' : 'public',
    pair_id: r.pairId,
  };
}

export function presentTask(t: CaseTask): Task {
  return {
    id: t.id,
    case_id: t.caseId,
    kind: 'call_back',
    phone: t.phone,
    note: t.note,
    due_at: t.dueAt,
    assignee_id: t.assigneeId,
    created_by: t.createdBy,
    created_at: t.createdAt,
    done_at: t.doneAt,
    done_by: t.doneBy,
    notified_at: t.notifiedAt,
  };
}

export function presentIdea(i: Idea) {
  return {
    id: i.id,
    case_id: i.caseId,
    mention_id: i.mentionId,
    summary: i.summary,
    status: i.status,
    status_note: i.statusNote,
    created_by: i.createdBy,
    created_at: i.createdAt,
    updated_at: i.updatedAt,
    customer_answered_at: i.answeredAt,
    tell_customer: isIdeaOutcome(i.tellPrompt) ? i.tellPrompt : null,
  };
}

export function presentNotification(n: NotificationListing) {
  return {
    id: n.id,
    brand_id: n.brandId,
    type: n.type,
    case_id: n.caseId,
    case: n.case,
    data: n.data,
    created_at: n.createdAt,
    read_at: n.readAt,
  };
}

export function presentNote(n: StoredNote): Note {
  return { id: n.id, case_id: n.caseId, author_id: n.authorId, body: n.body, created_at: n.createdAt };
}

export function presentEvent(e: CaseEvent) {
  return {
    id: e.id,
    type: e.type,
    actor: { type: e.actorType, id: e.actorId },
    data: e.data,
    at: e.createdAt,
  };
}

export function presentTimelineEntry(t: CaseTimelineEntry): TimelineEntry {
  return {
    ...presentEvent(t.event),
    ...(t.mention ? { mention: presentMention(t.mention) } : {}),
    ...(t.reply ? { reply: presentReply(t.reply) } : {}),
    ...(t.note ? { note: presentNote(t.note) } : {}),
  };
}

export function presentMember(m: MemberListing) {
  return {
    id: m.id,
    email: m.email,
    name: m.name,
    role: m.role,
    disabled: m.disabled,
    deactivated: m.deactivatedAt !== null,
    status: m.disabled || m.deactivatedAt ? ('deactivated' as const) : ('active' as const),
    ...(m.isAdmin ? { admin: true } : {}),
    last_sign_in_at: m.lastSignInAt,
    since: m.createdAt,
  };
}

export function presentIssuedLink(l: IssuedLink) {
  return { id: l.id, email: l.email, link: l.link, mailed: l.mailed, expires_at: l.expiresAt };
}

export function presentBrand(b: Brand & { role?: string | null }) {
  return { id: b.id, slug: b.slug, name: b.name, created_at: b.createdAt, ...(b.role !== undefined ? { role: b.role } : {}) };
}

export function presentColleague(c: Colleague) {
  return { id: c.userId, name: c.name, role: c.role, teams: c.teams };
}

export function presentTeam(t: TeamView) {
  return { id: t.id, brand_id: t.brandId, name: t.name, created_at: t.createdAt, member_ids: t.memberIds };
}

export function presentBreach(b: Breach) {
  return {
    id: b.id,
    brand_id: b.brandId,
    case_id: b.caseId,
    response_type: b.responseType,
    channel_id: b.channelId,
    kind: b.kind,
    due_at: b.dueAt,
    breached_at: b.breachedAt,
    responded_at: b.respondedAt,
  };
}

export function presentChannel(c: Channel) {
  return { id: c.id, key: c.key, name: c.name, created_at: c.createdAt };
}

export function presentToken(t: ApiToken) {
  return { id: t.id, name: t.name, prefix: t.prefix, created_at: t.createdAt, last_used_at: t.lastUsedAt, revoked_at: t.revokedAt };
}

export function presentCampaign(c: Campaign) {
  return {
    id: c.id,
    brand_id: c.brandId,
    sample: c.sample,
    size: c.size,
    authors: c.authors,
    first_at: c.firstAt,
    last_at: c.lastAt,
    created_at: c.createdAt,
  };
}

export function presentAlert(a: SystemicAlert) {
  return {
    id: a.id,
    brand_id: a.brandId,
    series: a.series,
    window_start: a.windowStart,
    observed: a.observed,
    expected: a.expected,
    p_value: a.pValue,
    examples: a.examples,
    created_at: a.createdAt,
  };
}

export function presentBrandModelStatus(s: BrandModelStatus): BrandModelStatusBody {
  return {
    learning: s.learning,
    retrain_every: s.retrainEvery,
    corrections: s.corrections,
    min_corrections: s.minCorrections,
    layer: s.layer
      ? {
          version: s.layer.version,
          trained_at: s.layer.trainedAt,
          trained_on: s.layer.trainedOn,
          examples: s.layer.examples,
          agreement: s.layer.agreement,
        }
      : null,
    broken: s.broken,
  };
}

/**
 * Secrets are shown once, when they are set, and to no one after: settings as
 * read (by any role) say of each webhook and webhook delivery only whether a
 * secret is set.
 */
export function presentSettings(s: BrandSettings) {
  const hide = <T extends { secret?: string | null }>({ secret, ...rest }: T) => ({ ...rest, secret_set: Boolean(secret) });
  return {
    ...s,
    webhooks: s.webhooks.map(hide),
    delivery: Object.fromEntries(Object.entries(s.delivery).map(([k, d]) => [k, d.type === 'webhook' ? hide(d) : d])),
  };
}

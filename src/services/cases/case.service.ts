/**
 * The inbox and the work on a case: status, assignment, replies and internal
 * notes. Every change is written with its audit-trail event in one
 * transaction; the timeline is read back from that trail.
 */
import { type Permission, roleCan, type Role } from '../../domain/access/permissions.js';
import { type CaseStatus, checkTransition } from '../../domain/cases/case-status.js';
import { resolutionBlocker } from '../../domain/cases/follow-through.js';
import { checkResolution, resolutionNeedsReason, type ResolutionReason } from '../../domain/cases/resolution.js';
import type { Kind } from '../../domain/labels.js';
import { casePriority, type CasePriority } from '../../domain/reaction/kind-policy.js';
import { pickLeastLoaded } from '../../domain/reaction/routing.js';
import { type DeadlineView, deadlineView, dueAt, dueSoonAt, targetMinutes } from '../../domain/reaction/response-policy.js';
import { type Clock, iso } from '../../domain/clock.js';
import { newId } from '../../domain/ids.js';
import { AppError, conflict, notFound, validationError } from '../../errors.js';
import { type BrandSettings, brandSettings } from '../brand-settings.js';
import type { Notifier } from '../people/notifier.js';
import { teamResponders } from '../people/recipients.js';
import type { AuthorCase, Case, CaseEvent, CaseFilter, CaseSort, CaseView, Note } from '../../repositories/case.repository.js';
import type { Reply } from '../../repositories/reply.repository.js';
import type { MentionView } from '../../repositories/mention.repository.js';
import { decodeCursor, type Page } from '../../repositories/pagination.js';
import type { Repositories, Store } from '../../repositories/store.js';
import type { Connection } from '../../repositories/connection.repository.js';
import type { ReplyPublishing } from '../replies/reply-channel.js';
import { type Actor, actorRef, authorize } from '../access.js';
import { checkDateOrder } from '../date-range.js';
import { CaseWriter, type Deadline } from './case-writer.js';
import { inCausalOrder } from '../../domain/cases/timeline-order.js';
import { MAX_TAGS_PER_CASE, normalizeTag } from '../../domain/cases/tags.js';
import type { TagCount } from '../../repositories/tag.repository.js';

export interface CaseQuery extends Omit<CaseFilter, 'brandId' | 'teamIds'> {
  brandId: string;
  /** A team id, `mine` (the teams the caller is on; a token is on none), or `none` (cases with no team). */
  team?: string;
  limit: number;
  cursor?: string;
  /** Most recent activity first (the default), or the soonest response deadline first. */
  sort?: CaseSort;
}

/** A page of the inbox: `total` is exact unless `totalCapped`, when at least that many match. */
export interface CasePage extends Page<CaseDetail> {
  total: number;
  totalCapped: boolean;
}

/** One case of a bulk change: changed (with the case as it is now) or refused (with why). */
export type BulkChangeResult =
  { id: string; ok: true; case: CaseDetail } | { id: string; ok: false; error: { id: string; message: string; field?: string } };

export interface CaseChange {
  status?: CaseStatus;
  reason?: string | null;
  /** Resolving an unanswered complaint: why no reply was sent (domain/cases/resolution.ts). */
  reasonCode?: ResolutionReason | null;
  /** A user id, or null to unassign. */
  assigneeId?: string | null;
  /**
   * A team of the brand, or null to take the case from its team. Given without `assigneeId`, the person follows the
   * team as routing picks one: the current assignee when they are on it, else its least-loaded available responder,
   * else nobody (the team's queue).
   */
  teamId?: string | null;
  /** Tags to put on the case (normalised, domain/cases/tags.ts); at most MAX_TAGS_PER_CASE on a case. */
  addTags?: string[];
  /** Tags to take off it. */
  removeTags?: string[];
}

/** The change puts tags on or takes them off. */
const tagging = (change: CaseChange): boolean => Boolean(change.addTags?.length || change.removeTags?.length);

export type CaseDelivery = 'manual' | 'webhook' | 'email' | 'channel';

/** A case as the desk shows it: the row, its names, and its deadline now. */
export interface CaseDetail extends CaseView {
  deadline: DeadlineView | null;
  /** Topics of the case's mentions. */
  topics: string[];
  /** The team's tags on the case, in alphabetical order. */
  tags: string[];
  /**
   * How a reply goes out on the case's channel: `channel` published through the brand's connection (its connector),
   * `webhook` / `email` through the brand's delivery setting, or by hand (the responder posts it and confirms).
   */
  delivery: CaseDelivery;
  /** The same for a private message (going private): `manual` when the channel cannot send one from the desk. */
  privateDelivery: CaseDelivery;
  /** Resolving it needs a reason: an unanswered complaint. */
  resolutionNeedsReason: boolean;
  /** From its flags: a threat of harm is urgent; a legal threat, black PR or a customer leaving is high. */
  priority: CasePriority;
}

export interface TimelineEntry {
  event: CaseEvent;
  mention?: MentionView;
  reply?: Reply;
  note?: Note;
}

/**
 * Who wrote a case, as the case page's "About the author" panel shows them.
 * Per author record (one handle on one channel): the same handle on another
 * channel may be someone else, so it is not merged. An erased author keeps
 * their counts, kinds and dates but no handle, name, link or subjects.
 */
export interface AuthorContext {
  id: string;
  channelKey: string;
  handle: string | null;
  displayName: string | null;
  profileUrl: string | null;
  firstSeenAt: string;
  erasedAt: string | null;
  mentions: number;
  cases: number;
  lastSentiment: string | null;
  lastKind: string | null;
  lastMentionAt: string | null;
  /** The author's other cases, newest opened first (at most AUTHOR_OTHER_CASES). */
  otherCases: Array<Omit<AuthorCase, 'subject' | 'erased'> & { subject: string | null }>;
}

/** How many of the author's other cases the panel lists. */
export const AUTHOR_OTHER_CASES = 20;

/** Statuses in which the team owes nothing more. */
const DONE_STATUSES: readonly CaseStatus[] = ['resolved', 'closed', 'not_engaging'];

export class CaseService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly notifier: Notifier,
    private readonly options: { countCap: number } = { countCap: 1_000 },
    /** Which connections publish replies (the channel service); absent: the brand's delivery settings only. */
    private readonly publishing?: ReplyPublishing,
  ) {}

  async list(actor: Actor, q: CaseQuery): Promise<CasePage> {
    authorize(actor, q.brandId, 'case.read');
    checkDateOrder(q.from, q.to);
    const { limit, cursor, sort = 'recent', team, ...rest } = q;
    const after = decodeCursor(cursor);
    if (after && (after.sort ?? 'recent') !== sort) throw validationError(`cursor was made for another sort than ${sort}`, 'cursor');
    const filter: CaseFilter = { ...rest, teamIds: await this.teamIdsOf(actor, q.brandId, team), now: iso(this.clock.now()) };
    // The brand's settings and connections do not depend on the page: asked at the same time (a round trip fewer).
    const [{ page, ...count }, settings, connections] = await Promise.all([
      this.store.repos.cases.inbox(filter, limit, this.options.countCap, after, sort),
      this.settingsOf(q.brandId),
      this.connectionsOf(q.brandId),
    ]);
    const now = this.clock.now();
    const ids = page.items.map((c) => c.id);
    const [topics, tags] = await Promise.all([this.store.repos.cases.topicsOf(ids), this.store.repos.tags.ofCases(ids)]);
    return {
      ...page,
      items: page.items.map((c) => this.detail(c, settings, now, topics.get(c.id) ?? [], tags.get(c.id) ?? [], connections)),
      total: count.total,
      totalCapped: count.capped,
    };
  }

  private async teamIdsOf(actor: Actor, brandId: string, team: string | undefined): Promise<string[] | null | undefined> {
    if (team === undefined) return undefined;
    if (team === 'none') return null;
    if (team !== 'mine') return [team];
    return actor.type === 'user' ? this.store.repos.teams.idsOfMember(brandId, actor.userId) : [];
  }

  /** The brand's active connections, when connectors publish replies. */
  private async connectionsOf(brandId: string): Promise<Connection[]> {
    if (!this.publishing) return [];
    return (await this.store.repos.connections.list([brandId])).filter((x) => x.status === 'active');
  }

  private detail(c: CaseView, settings: BrandSettings, now: Date, topics: string[], tags: string[], connections: Connection[]): CaseDetail {
    const via = (isPrivate: boolean): CaseDelivery =>
      connections.some((x) => x.channelId === c.channelId && this.publishing!.canPublish(x, isPrivate))
        ? 'channel'
        : (settings.delivery[c.channelKey]?.type ?? 'manual');
    return {
      ...c,
      topics,
      tags,
      deadline: deadlineView(settings.responsePolicy, now, c.responseDueAt, c.responseType),
      // A reply on a private conversation (e-mail, a direct message) is a private one.
      delivery: via(!c.isPublic),
      privateDelivery: via(true),
      resolutionNeedsReason: resolutionNeedsReason(c),
      priority: casePriority(c.flags),
    };
  }

  /** Loads a case the caller may read, or "not found" whatever the reason. */
  async load(actor: Actor, id: string, permission: Permission): Promise<Case> {
    const c = await this.store.repos.cases.findById(id);
    if (!c) throw notFound('Case');
    authorize(actor, c.brandId, permission);
    return c;
  }

  async get(actor: Actor, id: string): Promise<CaseDetail> {
    const c = await this.load(actor, id, 'case.read');
    const [topics, tags] = await Promise.all([this.store.repos.cases.topicsOf([id]), this.store.repos.tags.ofCase(id)]);
    return this.detail(
      (await this.store.repos.cases.findView(id))!,
      await this.settingsOf(c.brandId),
      this.clock.now(),
      topics.get(id) ?? [],
      tags,
      await this.connectionsOf(c.brandId),
    );
  }

  /** The case's author: who they are, how often they wrote, their other cases. */
  async author(actor: Actor, id: string): Promise<AuthorContext> {
    const c = await this.load(actor, id, 'case.read');
    const repos = this.store.repos;
    const [a, activity, cases, others] = await Promise.all([
      repos.mentions.findAuthorWithChannel(c.authorId),
      repos.mentions.authorActivity(c.authorId),
      repos.cases.countOfAuthor(c.authorId),
      repos.cases.otherCasesOfAuthor(c.authorId, c.id, AUTHOR_OTHER_CASES),
    ]);
    if (!a) throw notFound('Author');
    const erased = Boolean(a.erasedAt);
    return {
      id: a.id,
      channelKey: a.channelKey,
      handle: erased ? null : a.handle,
      displayName: erased ? null : a.displayName,
      profileUrl: erased ? null : a.profileUrl,
      firstSeenAt: a.createdAt,
      erasedAt: a.erasedAt ?? null,
      mentions: activity.mentions,
      cases,
      lastSentiment: activity.lastSentiment,
      lastKind: activity.lastKind,
      lastMentionAt: activity.lastAt,
      otherCases: others.map(({ erased: caseErased, subject, ...o }) => ({ ...o, subject: erased || caseErased ? null : subject })),
    };
  }

  /** The case's history, oldest first: each event with the mention, reply or note it concerns. */
  async timeline(actor: Actor, id: string): Promise<TimelineEntry[]> {
    const c = await this.load(actor, id, 'case.read');
    const repos = this.store.repos;
    const [events, mentions, replies, notes] = await Promise.all([
      repos.cases.events(id),
      repos.mentions.list({ brandId: c.brandId, caseId: id }, 10_000, undefined, 'asc'),
      repos.replies.forCase(id),
      repos.cases.notes(id),
    ]);
    const byId = <T extends { id: string }>(rows: T[]) => new Map(rows.map((r) => [r.id, r]));
    const m = byId(mentions.items);
    const rp = byId(replies);
    const nt = byId(notes);
    return inCausalOrder(events).map((event) => {
      const data = event.data;
      const entry: TimelineEntry = { event };
      if (event.type === 'case_opened' || event.type === 'mention_added') entry.mention = m.get(String(data.mention_id));
      if (event.type === 'reply_added') entry.reply = rp.get(String(data.reply_id));
      if (event.type === 'note_added') entry.note = nt.get(String(data.note_id));
      return entry;
    });
  }

  /**
   * The same change on many cases (the inbox's bulk actions). Each case is changed on its own, with its own checks
   * and events, so one that cannot take the change (another brand's, a complaint resolved without a reason, a case
   * changed meanwhile) is reported with its reason and the others go through.
   */
  async changeMany(actor: Actor, brandId: string, ids: readonly string[], change: CaseChange): Promise<BulkChangeResult[]> {
    authorize(actor, brandId, change.status === undefined && !tagging(change) ? 'case.assign' : 'case.update');
    const out: BulkChangeResult[] = [];
    for (const id of new Set(ids)) {
      try {
        // Only the brand's own cases: another brand's is "not found", whatever the caller may do there.
        if ((await this.store.repos.cases.findById(id))?.brandId !== brandId) throw notFound('Case');
        out.push({ id, ok: true, case: await this.change(actor, id, change) });
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        out.push({ id, ok: false, error: { id: err.id, message: err.message, ...(err.field ? { field: err.field } : {}) } });
      }
    }
    return out;
  }

  async change(actor: Actor, id: string, change: CaseChange): Promise<CaseDetail> {
    const assigning = change.assigneeId !== undefined || change.teamId !== undefined;
    const c = await this.load(actor, id, assigning && change.status === undefined && !tagging(change) ? 'case.assign' : 'case.update');
    if (assigning) authorize(actor, c.brandId, 'case.assign');
    const addTags = change.addTags ?? [];
    const removeTags = change.removeTags ?? [];
    const both = addTags.find((t) => removeTags.includes(t));
    if (both !== undefined)
      throw validationError(`"${both}" is both put on and taken off: give it once`, 'tags', { problem: 'tag_both', params: { tag: both } });
    if (change.assigneeId) await this.assertAssignable(c.brandId, change.assigneeId);
    if (change.teamId) await this.assertTeam(c.brandId, change.teamId);
    if (change.status !== undefined) {
      const check = checkTransition(c.status as CaseStatus, change.status, change.reason);
      if (!check.ok) throw conflict(check.reason, change.status === 'not_engaging' && !change.reason ? 'reason' : 'status');
      if (c.status === 'not_engaging' && change.status !== 'closed' && !change.reason?.trim()) {
        throw conflict('overriding "not engaging" needs a reason', 'reason');
      }
      if (change.status === 'resolved') {
        const idea = await this.store.repos.ideas.ofCase(c.id);
        const openCallBacks = await this.store.repos.tasks.countOpen(c.id, 'call_back');
        const blocker = resolutionBlocker({ followUpState: c.followUpState, idea: idea ? { answeredAt: idea.answeredAt } : null, openCallBacks });
        if (blocker) throw conflict(blocker, 'status');
        const why = checkResolution(c, change.reasonCode, change.reason);
        if (!why.ok) throw validationError(why.message, why.field);
      }
    }
    const now = this.clock.now();
    const settings = change.status !== undefined ? await this.settingsOf(c.brandId) : null;
    await this.store.transaction(async (r) => {
      // Tagging locks the case, so two people tagging it at once cannot take it past the most tags a case carries.
      const fresh = (tagging(change) ? await r.cases.lockById(id) : await r.cases.findById(id))!;
      if (fresh.status !== c.status || fresh.assigneeId !== c.assigneeId || fresh.teamId !== c.teamId) {
        throw conflict('the case changed meanwhile; reload and try again');
      }
      if (addTags.length) {
        const had = await r.tags.ofCase(id);
        const after = new Set([...had.filter((t) => !removeTags.includes(t)), ...addTags]).size;
        if (after > MAX_TAGS_PER_CASE)
          throw validationError(`a case carries at most ${MAX_TAGS_PER_CASE} tags (this one has ${had.length}; it would have ${after})`, 'tags', {
            problem: 'too_many_items',
            params: { max: MAX_TAGS_PER_CASE },
          });
      }
      const w = new CaseWriter(r, now);
      let changed = false;
      if (tagging(change) && (await w.tag(c, addTags, removeTags, actor))) changed = true;
      if (change.status !== undefined) {
        const reason = change.reason?.trim() || null;
        const code = change.status === 'resolved' && resolutionNeedsReason(c) ? (change.reasonCode ?? null) : null;
        await w.move(c, change.status, reason, actor, code ? { reason_code: code, unanswered: true } : undefined);
        changed = true;
        if (DONE_STATUSES.includes(change.status)) {
          // Nothing is owed any more: no deadline, no escalation.
          await w.setDeadline(c, null);
          // A person closing a case the classifier was unsure of has decided it: the review is done (the banner and
          // the "needs review" queue no longer ask for it), recorded with their decision; the kind stays as it was.
          if (actor.type === 'user') await w.clearReview(fresh, actor, { kind: c.kind, decided: change.status });
        } else if (c.status === 'not_engaging' && !c.firstResponseAt && settings) {
          // A person overrode the troll policy: the first-response clock starts now.
          const channelKey = (await r.cases.findView(c.id))?.channelKey ?? '';
          const deadline = firstResponseDeadline(settings, channelKey, c, now);
          if (deadline) await w.setDeadline(c, deadline);
          await w.record(c, 'policy_applied', actor, { policy: 'override', from: 'not_engaging', reason });
        }
      }
      if (change.teamId !== undefined && change.teamId !== c.teamId) {
        await w.assignTeam(c, change.teamId, actor);
        changed = true;
      }
      const assignee = change.assigneeId !== undefined ? change.assigneeId : change.teamId ? await this.teamAssignee(r, c, change.teamId) : undefined;
      if (assignee !== undefined && assignee !== c.assigneeId) {
        await w.assign(c, assignee, actor);
        changed = true;
        if (assignee && actorId(actor) !== assignee) {
          await this.notifier.notify(
            r,
            {
              brandId: c.brandId,
              userIds: [assignee],
              type: 'case.assigned',
              caseId: c.id,
              data: { by: actorId(actor), ...(change.teamId ? { team_id: change.teamId } : {}) },
            },
            now,
          );
        }
      }
      if (!changed) await w.touch(c);
    });
    return this.get(actor, id);
  }

  /** Puts tags on a case and takes others off (normalised); the case as it is now. */
  tag(actor: Actor, id: string, add: string[], remove: string[]): Promise<CaseDetail> {
    return this.change(actor, id, { addTags: add, removeTags: remove });
  }

  /** The brand's tags with how many cases carry each, the most used first; with `prefix`, those starting with it. */
  async brandTags(actor: Actor, brandId: string, prefix: string | undefined, limit: number): Promise<TagCount[]> {
    authorize(actor, brandId, 'case.read');
    return this.store.repos.tags.ofBrand(brandId, limit, prefix ? normalizeTag(prefix) : undefined);
  }

  /** Puts the case aside until `until` (status "waiting"); it comes back by itself then, or when the customer writes. The deadline keeps running. */
  async snooze(actor: Actor, id: string, until: Date): Promise<CaseDetail> {
    const c = await this.load(actor, id, 'case.update');
    const now = this.clock.now();
    if (until.getTime() <= now.getTime()) throw validationError('must be in the future', 'until');
    if (until.getTime() - now.getTime() > 30 * 86_400_000) throw validationError('at most 30 days ahead', 'until');
    if (!['new', 'waiting', 'in_progress', 'replied', 'follow_up'].includes(c.status))
      throw conflict(`a ${c.status} case cannot be snoozed`, 'status');
    await this.store.transaction((r) => new CaseWriter(r, now).snooze(c, until, actor));
    return this.get(actor, id);
  }

  private async assertTeam(brandId: string, teamId: string): Promise<void> {
    const team = await this.store.repos.teams.find(teamId);
    if (team?.brandId !== brandId) throw validationError('must be a team of this brand', 'team_id');
  }

  /** Who on the team gets the case: its assignee if on the team, else the least-loaded available member who may reply, else nobody. */
  /**
   * Who takes a case handed to a team: its assignee when they are on the team, else the team's least-loaded
   * available responder. When nobody on the team can take it (no members who may reply, or none available) the
   * case keeps whoever has it, so that it is never left unowned by the hand-over; a case with nobody waits in
   * the team's queue.
   */
  private async teamAssignee(r: Repositories, c: Case, teamId: string): Promise<string | null> {
    const loads = await teamResponders(r, c.brandId, teamId);
    if (c.assigneeId && loads.some((m) => m.userId === c.assigneeId)) return c.assigneeId;
    return pickLeastLoaded(loads) ?? c.assigneeId;
  }

  private async assertAssignable(brandId: string, userId: string): Promise<void> {
    const m = await this.store.repos.users.findMembership(userId, brandId);
    if (!m || !roleCan(m.role as Role, 'reply.write')) throw validationError('must be a member of this brand who may reply', 'assignee_id');
  }

  async settingsOf(brandId: string): Promise<BrandSettings> {
    return brandSettings((await this.store.repos.brands.findById(brandId))?.settings);
  }

  /** An internal note: seen by the team only, never sent to the customer. */
  async addNote(actor: Actor, id: string, body: string): Promise<Note> {
    const c = await this.load(actor, id, 'note.write');
    if (actor.type !== 'user') throw validationError('notes are written by people', 'actor');
    const now = this.clock.now();
    const note: Note = { id: newId(), brandId: c.brandId, caseId: c.id, authorId: actor.userId, body, createdAt: iso(now) };
    await this.store.transaction(async (r) => {
      const w = new CaseWriter(r, now);
      await w.addNote(c, note, actor);
      await w.touch(c);
    });
    return note;
  }
}

/** The first-response deadline of a case whose clock starts at `from` (a person brought it back to work). */
export function firstResponseDeadline(settings: BrandSettings, channelKey: string, c: Pick<Case, 'kind' | 'isPublic'>, from: Date): Deadline | null {
  const minutes = targetMinutes(settings.responsePolicy, { channel: channelKey, kind: (c.kind ?? 'neutral') as Kind, isPublic: c.isPublic }, 'first');
  if (minutes === null) return null;
  const due = dueAt(settings.responsePolicy, from, minutes);
  return { type: 'first', dueAt: due, dueSoonAt: dueSoonAt(settings.responsePolicy, due, from) };
}

const actorId = (a: Actor): string | null => actorRef(a).actor_id;

/**
 * The inbox and the work on a case: status, assignment, replies and internal
 * notes. Every change is written with its audit-trail event in one
 * transaction; the timeline is read back from that trail.
 */
import { roleCan, type Role } from '../domain/access/permissions.js';
import { type CaseStatus, checkTransition } from '../domain/cases/case-status.js';
import { type Clock, iso } from '../domain/clock.js';
import { newId } from '../domain/ids.js';
import { conflict, notFound, validationError } from '../errors.js';
import type { CaseEventRow, CaseRow } from '../db/schema.js';
import type { CaseFilter, CaseView, NoteRow, ReplyRow } from '../repositories/case.repository.js';
import type { MentionView } from '../repositories/mention.repository.js';
import { decodeCursor, type Page } from '../repositories/pagination.js';
import type { Store } from '../repositories/store.js';
import { type Actor, authorize } from './access.js';
import { recordCaseEvent } from './case-events.js';

export interface CaseQuery extends Omit<CaseFilter, 'brandId'> {
  brandId: string;
  limit: number;
  cursor?: string;
}

export interface CaseChange {
  status?: CaseStatus;
  reason?: string | null;
  /** A user id, or null to unassign. */
  assigneeId?: string | null;
}

export interface TimelineEntry {
  event: CaseEventRow;
  mention?: MentionView;
  reply?: ReplyRow;
  note?: NoteRow;
}

export class CaseService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  async list(actor: Actor, q: CaseQuery): Promise<Page<CaseView> & { total: number }> {
    authorize(actor, q.brandId, 'case.read');
    const { limit, cursor, ...filter } = q;
    const [page, total] = await Promise.all([
      this.store.repos.cases.list(filter, limit, decodeCursor(cursor)),
      this.store.repos.cases.count(filter),
    ]);
    return { ...page, total };
  }

  /** Loads a case the caller may read, or "not found" whatever the reason. */
  private async load(actor: Actor, id: string, permission: 'case.read' | 'case.update' | 'case.assign' | 'reply.write' | 'note.write'): Promise<CaseRow> {
    const c = await this.store.repos.cases.findById(id);
    if (!c) throw notFound('Case');
    authorize(actor, c.brand_id, permission);
    return c;
  }

  async get(actor: Actor, id: string): Promise<CaseView> {
    await this.load(actor, id, 'case.read');
    return (await this.store.repos.cases.findView(id))!;
  }

  /** The case's history, oldest first: each event with the mention, reply or note it concerns. */
  async timeline(actor: Actor, id: string): Promise<TimelineEntry[]> {
    const c = await this.load(actor, id, 'case.read');
    const repos = this.store.repos;
    const [events, mentions, replies, notes] = await Promise.all([
      repos.cases.events(id),
      repos.mentions.list({ brandId: c.brand_id, caseId: id }, 10_000, undefined, 'asc'),
      repos.cases.replies(id),
      repos.cases.notes(id),
    ]);
    const byId = <T extends { id: string }>(rows: T[]) => new Map(rows.map((r) => [r.id, r]));
    const m = byId(mentions.items);
    const rp = byId(replies);
    const nt = byId(notes);
    return events.map((event) => {
      const data = JSON.parse(event.data) as Record<string, unknown>;
      const entry: TimelineEntry = { event };
      if (event.type === 'case_opened' || event.type === 'mention_added') entry.mention = m.get(String(data.mention_id));
      if (event.type === 'reply_added') entry.reply = rp.get(String(data.reply_id));
      if (event.type === 'note_added') entry.note = nt.get(String(data.note_id));
      return entry;
    });
  }

  async update(actor: Actor, id: string, change: CaseChange): Promise<CaseView> {
    const c = await this.load(actor, id, change.assigneeId !== undefined && change.status === undefined ? 'case.assign' : 'case.update');
    if (change.assigneeId !== undefined) authorize(actor, c.brand_id, 'case.assign');
    if (change.assigneeId) await this.assertAssignable(c.brand_id, change.assigneeId);
    if (change.status !== undefined) {
      const check = checkTransition(c.status as CaseStatus, change.status, change.reason);
      if (!check.ok) throw conflict(check.reason, change.status === 'not_engaging' && !change.reason ? 'reason' : 'status');
    }
    const now = this.clock.now();
    await this.store.transaction(async (r) => {
      const fresh = (await r.cases.findById(id))!;
      if (fresh.status !== c.status || fresh.assignee_id !== c.assignee_id) throw conflict('the case changed meanwhile; reload and try again');
      const set: Partial<CaseRow> = { updated_at: iso(now) };
      if (change.status !== undefined) {
        set.status = change.status;
        set.status_reason = change.reason?.trim() || null;
        await recordCaseEvent(r, c, 'status_changed', actor, { from: c.status, to: change.status, reason: set.status_reason }, now);
      }
      if (change.assigneeId !== undefined && change.assigneeId !== c.assignee_id) {
        set.assignee_id = change.assigneeId;
        await recordCaseEvent(r, c, 'assigned', actor, { from: c.assignee_id, to: change.assigneeId }, now);
      }
      await r.cases.update(id, set);
    });
    return (await this.store.repos.cases.findView(id))!;
  }

  private async assertAssignable(brandId: string, userId: string): Promise<void> {
    const m = await this.store.repos.users.findMembership(userId, brandId);
    if (!m || !roleCan(m.role as Role, 'reply.write')) throw validationError('must be a member of this brand who may reply', 'assignee_id');
  }

  /**
   * Records a reply. `sent` means it was posted by hand on the channel and
   * moves the case to "replied"; a draft changes nothing else. (Checking,
   * approval and channel delivery belong to the reply studio.)
   */
  async addReply(actor: Actor, id: string, input: { body: string; sent: boolean }): Promise<ReplyRow> {
    const c = await this.load(actor, id, 'reply.write');
    if (actor.type !== 'user') throw validationError('replies are written by people', 'actor');
    if (c.status === 'awaiting_approval') throw conflict('a reply on this case is awaiting approval');
    const now = this.clock.now();
    const reply: ReplyRow = {
      id: newId(),
      brand_id: c.brand_id,
      case_id: c.id,
      author_id: actor.userId,
      body: input.body,
      status: input.sent ? 'sent' : 'draft',
      created_at: iso(now),
      sent_at: input.sent ? iso(now) : null,
    };
    await this.store.transaction(async (r) => {
      await r.cases.addReply(reply);
      await recordCaseEvent(r, c, 'reply_added', actor, { reply_id: reply.id, status: reply.status }, now);
      const set: Partial<CaseRow> = { updated_at: iso(now) };
      if (input.sent && c.status !== 'replied') {
        const check = checkTransition(c.status as CaseStatus, 'replied');
        if (check.ok) {
          set.status = 'replied';
          set.status_reason = null;
          await recordCaseEvent(r, c, 'status_changed', actor, { from: c.status, to: 'replied', reason: null }, now);
        }
      }
      await r.cases.update(c.id, set);
    });
    return reply;
  }

  /** An internal note: seen by the team only, never sent to the customer. */
  async addNote(actor: Actor, id: string, body: string): Promise<NoteRow> {
    const c = await this.load(actor, id, 'note.write');
    if (actor.type !== 'user') throw validationError('notes are written by people', 'actor');
    const now = this.clock.now();
    const note: NoteRow = { id: newId(), brand_id: c.brand_id, case_id: c.id, author_id: actor.userId, body, created_at: iso(now) };
    await this.store.transaction(async (r) => {
      await r.cases.addNote(note);
      await recordCaseEvent(r, c, 'note_added', actor, { note_id: note.id }, now);
      await r.cases.update(c.id, { updated_at: iso(now) });
    });
    return note;
  }
}

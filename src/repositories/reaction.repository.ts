/**
 * Storage for the reaction scheme: teams, playbook progress, notifications,
 * deadline breaches, ideas, and the "what is due now" queries the scheduler
 * runs after every restart.
 */
import type { Insertable, Kysely } from 'kysely';
import { OPEN_STATUSES } from '../domain/cases/case-status.js';
import type {
  BreachRow,
  CaseRow,
  CaseStepsTable,
  DeadlineBreachesTable,
  DefuseDatabase,
  IdeaRow,
  IdeasTable,
  NotificationRow,
  NotificationsTable,
  TeamRow,
} from '../db/schema.js';
import type { ReplyRow } from './case.repository.js';

export interface MemberLoad {
  userId: string;
  role: string;
  available: boolean;
  isNew: boolean;
  lastAssignedAt: string | null;
  openCases: number;
}

export class ReactionRepository {
  constructor(private readonly db: Kysely<DefuseDatabase>) {}

  // Teams

  async createTeam(row: TeamRow): Promise<void> {
    await this.db.insertInto('teams').values(row).execute();
  }

  findTeam(id: string): Promise<TeamRow | undefined> {
    return this.db.selectFrom('teams').selectAll().where('id', '=', id).executeTakeFirst();
  }

  listTeams(brandId: string): Promise<TeamRow[]> {
    return this.db.selectFrom('teams').selectAll().where('brand_id', '=', brandId).orderBy('name').execute();
  }

  async setTeamMembers(team: TeamRow, userIds: string[]): Promise<void> {
    await this.db.deleteFrom('team_members').where('team_id', '=', team.id).execute();
    if (userIds.length) {
      await this.db
        .insertInto('team_members')
        .values(userIds.map((u) => ({ team_id: team.id, user_id: u, brand_id: team.brand_id })))
        .execute();
    }
  }

  async teamMemberIds(teamId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('team_members').select('user_id').where('team_id', '=', teamId).execute();
    return rows.map((r) => r.user_id);
  }

  async deleteTeam(id: string): Promise<void> {
    await this.db.deleteFrom('teams').where('id', '=', id).execute();
  }

  /** Members of a brand (optionally only these users) with their availability and count of open cases. */
  async memberLoads(brandId: string, userIds?: string[]): Promise<MemberLoad[]> {
    if (userIds && !userIds.length) return [];
    let q = this.db
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .leftJoin('cases as c', (j) =>
        j.onRef('c.assignee_id', '=', 'm.user_id').onRef('c.brand_id', '=', 'm.brand_id').on('c.status', 'in', [...OPEN_STATUSES]),
      )
      .select((eb) => ['m.user_id', 'm.role', 'm.available', 'm.is_new', 'm.last_assigned_at', eb.fn.count<number>('c.id').as('open_cases')])
      .where('m.brand_id', '=', brandId)
      .where('u.disabled', '=', 0)
      .groupBy(['m.user_id', 'm.role', 'm.available', 'm.is_new', 'm.last_assigned_at']);
    if (userIds) q = q.where('m.user_id', 'in', userIds);
    const rows = await q.execute();
    return rows.map((r) => ({
      userId: r.user_id,
      role: r.role,
      available: Boolean(r.available),
      isNew: Boolean(r.is_new),
      lastAssignedAt: r.last_assigned_at,
      openCases: Number(r.open_cases),
    }));
  }

  async memberIdsWithRoles(brandId: string, roles: string[]): Promise<string[]> {
    const rows = await this.db
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select('m.user_id')
      .where('m.brand_id', '=', brandId)
      .where('m.role', 'in', roles)
      .where('u.disabled', '=', 0)
      .execute();
    return rows.map((r) => r.user_id);
  }

  // Playbook progress

  async addStep(row: Insertable<CaseStepsTable>): Promise<boolean> {
    const r = await this.db
      .insertInto('case_steps')
      .values(row)
      .onConflict((oc) => oc.columns(['case_id', 'playbook', 'step_key']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  steps(caseId: string, playbook: string) {
    return this.db.selectFrom('case_steps').selectAll().where('case_id', '=', caseId).where('playbook', '=', playbook).orderBy('done_at').execute();
  }

  // Notifications

  async addNotifications(rows: Insertable<NotificationsTable>[]): Promise<void> {
    if (rows.length) await this.db.insertInto('notifications').values(rows).execute();
  }

  notifications(userId: string, opts: { unreadOnly: boolean; limit: number; brandIds: string[] }): Promise<NotificationRow[]> {
    if (!opts.brandIds.length) return Promise.resolve([]);
    let q = this.db.selectFrom('notifications').selectAll().where('user_id', '=', userId).where('brand_id', 'in', opts.brandIds);
    if (opts.unreadOnly) q = q.where('read_at', 'is', null);
    return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(opts.limit).execute();
  }

  async markRead(userId: string, ids: string[], at: string): Promise<number> {
    if (!ids.length) return 0;
    const r = await this.db
      .updateTable('notifications')
      .set({ read_at: at })
      .where('user_id', '=', userId)
      .where('id', 'in', ids)
      .where('read_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  // Deadlines

  /** Records a breach once per case, response and due time; false if it was already recorded. */
  async addBreach(row: Insertable<DeadlineBreachesTable>): Promise<boolean> {
    const r = await this.db
      .insertInto('deadline_breaches')
      .values(row)
      .onConflict((oc) => oc.columns(['case_id', 'response_type', 'due_at']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async markBreachResponded(caseId: string, at: string): Promise<void> {
    await this.db.updateTable('deadline_breaches').set({ responded_at: at }).where('case_id', '=', caseId).where('responded_at', 'is', null).execute();
  }

  breaches(brandId: string, from?: string, to?: string): Promise<BreachRow[]> {
    let q = this.db.selectFrom('deadline_breaches').selectAll().where('brand_id', '=', brandId);
    if (from) q = q.where('breached_at', '>=', from);
    if (to) q = q.where('breached_at', '<', to);
    return q.orderBy('breached_at').execute();
  }

  casesDueSoon(now: string, limit: number): Promise<CaseRow[]> {
    return this.db
      .selectFrom('cases')
      .selectAll()
      .where('due_soon_at', '<=', now)
      .where('escalated_at', 'is', null)
      .where('response_due_at', 'is not', null)
      .orderBy('due_soon_at')
      .limit(limit)
      .execute();
  }

  /** Cases past their deadline whose breach is not recorded yet. */
  casesBreached(now: string, limit: number): Promise<CaseRow[]> {
    return this.db
      .selectFrom('cases as c')
      .selectAll('c')
      .where('c.response_due_at', '<=', now)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('deadline_breaches as b')
              .select('b.id')
              .whereRef('b.case_id', '=', 'c.id')
              .whereRef('b.due_at', '=', 'c.response_due_at')
              .whereRef('b.response_type', '=', 'c.response_type'),
          ),
        ),
      )
      .orderBy('c.response_due_at')
      .limit(limit)
      .execute();
  }

  casesCooledDown(now: string, limit: number): Promise<CaseRow[]> {
    return this.db.selectFrom('cases').selectAll().where('hold_until', '<=', now).orderBy('hold_until').limit(limit).execute();
  }

  casesSnoozeEnded(now: string, limit: number): Promise<CaseRow[]> {
    return this.db.selectFrom('cases').selectAll().where('snoozed_until', '<=', now).orderBy('snoozed_until').limit(limit).execute();
  }

  casesFollowUpDue(now: string, limit: number): Promise<CaseRow[]> {
    return this.db
      .selectFrom('cases')
      .selectAll()
      .where('follow_up_state', '=', 'scheduled')
      .where('follow_up_at', '<=', now)
      .orderBy('follow_up_at')
      .limit(limit)
      .execute();
  }

  repliesDue(now: string, limit: number): Promise<ReplyRow[]> {
    return this.db.selectFrom('replies').selectAll().where('status', '=', 'scheduled').where('send_at', '<=', now).orderBy('send_at').limit(limit).execute();
  }

  // Ideas

  async addIdea(row: Insertable<IdeasTable>): Promise<boolean> {
    const r = await this.db.insertInto('ideas').values(row).onConflict((oc) => oc.column('case_id').doNothing()).executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  findIdea(id: string): Promise<IdeaRow | undefined> {
    return this.db.selectFrom('ideas').selectAll().where('id', '=', id).executeTakeFirst();
  }

  ideaOfCase(caseId: string): Promise<IdeaRow | undefined> {
    return this.db.selectFrom('ideas').selectAll().where('case_id', '=', caseId).executeTakeFirst();
  }

  async updateIdea(id: string, changes: Partial<IdeaRow>): Promise<void> {
    await this.db.updateTable('ideas').set(changes).where('id', '=', id).execute();
  }

  listIdeas(brandId: string, statuses: string[] | undefined, limit: number): Promise<IdeaRow[]> {
    let q = this.db.selectFrom('ideas').selectAll().where('brand_id', '=', brandId);
    if (statuses?.length) q = q.where('status', 'in', statuses);
    return q.orderBy('created_at', 'desc').limit(limit).execute();
  }

  // Replies

  findReply(id: string): Promise<ReplyRow | undefined> {
    return this.db.selectFrom('replies').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async updateReply(id: string, changes: Partial<ReplyRow>): Promise<void> {
    await this.db.updateTable('replies').set(changes).where('id', '=', id).execute();
  }

  /** Replies sent or on their way out (awaiting approval, scheduled, ready to post, being delivered): drafts, rejected and failed ones do not count. */
  async countOutgoingReplies(caseId: string): Promise<number> {
    const r = await this.db
      .selectFrom('replies')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('case_id', '=', caseId)
      .where('status', 'in', ['sent', 'scheduled', 'pending_approval', 'approved', 'ready', 'sending'])
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }
}

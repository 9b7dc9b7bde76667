/**
 * Zones of responsibility: teams of a brand, each member's availability and
 * "new responder" mark (whose replies are reviewed), and asking a specialist
 * a question inside a case.
 */
import { roleCan, type Role } from '../../domain/access/permissions.js';
import { type Clock, iso } from '../../domain/clock.js';
import { newId } from '../../domain/ids.js';
import type { Team } from '../../repositories/team.repository.js';
import { conflict, notFound, validationError } from '../../errors.js';
import type { Note } from '../../repositories/case.repository.js';
import type { Colleague, MemberLoad } from '../../repositories/member.repository.js';
import type { Store } from '../../repositories/store.js';
import { type Actor, authorize } from '../access.js';
import { CaseWriter } from '../cases/case-writer.js';
import type { CaseService } from '../cases/case.service.js';
import type { Notifier } from './notifier.js';

export interface TeamView extends Team {
  memberIds: string[];
}

export class TeamService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly cases: CaseService,
    private readonly notifier: Notifier,
  ) {}

  async list(actor: Actor, brandId: string): Promise<TeamView[]> {
    authorize(actor, brandId, 'case.read');
    const teams = await this.store.repos.teams.list(brandId);
    return Promise.all(teams.map(async (t) => ({ ...t, memberIds: await this.store.repos.teams.memberIds(t.id) })));
  }

  async create(actor: Actor, brandId: string, input: { name: string; memberIds: string[] }): Promise<TeamView> {
    authorize(actor, brandId, 'policy.manage');
    await this.assertMembers(brandId, input.memberIds);
    const team: Team = { id: newId(), brandId, name: input.name, createdAt: iso(this.clock.now()) };
    await this.assertNameFree(brandId, input.name);
    await this.store.transaction(async (r) => {
      await r.teams.create(team);
      await r.teams.setMembers(team, [...new Set(input.memberIds)]);
    });
    return { ...team, memberIds: [...new Set(input.memberIds)] };
  }

  async setMembers(actor: Actor, teamId: string, memberIds: string[]): Promise<TeamView> {
    const team = await this.store.repos.teams.find(teamId);
    if (!team) throw notFound('Team');
    authorize(actor, team.brandId, 'policy.manage');
    await this.assertMembers(team.brandId, memberIds);
    await this.store.transaction((r) => r.teams.setMembers(team, [...new Set(memberIds)]));
    return { ...team, memberIds: [...new Set(memberIds)] };
  }

  /** Renames a team; its members, cases and the routing rules that name it by id stay as they are. */
  async rename(actor: Actor, teamId: string, name: string): Promise<TeamView> {
    const team = await this.store.repos.teams.find(teamId);
    if (!team) throw notFound('Team');
    authorize(actor, team.brandId, 'policy.manage');
    if (name !== team.name) await this.assertNameFree(team.brandId, name, teamId);
    await this.store.repos.teams.rename(teamId, name);
    return { ...team, name, memberIds: await this.store.repos.teams.memberIds(teamId) };
  }

  private async assertNameFree(brandId: string, name: string, except?: string): Promise<void> {
    if ((await this.store.repos.teams.list(brandId)).some((t) => t.id !== except && t.name.toLowerCase() === name.toLowerCase())) {
      throw conflict('a team with this name exists', 'name');
    }
  }

  async remove(actor: Actor, teamId: string): Promise<void> {
    const team = await this.store.repos.teams.find(teamId);
    if (!team) throw notFound('Team');
    authorize(actor, team.brandId, 'policy.manage');
    const now = this.clock.now();
    // Its cases stay with their people and leave the team, each with the event that says so.
    await this.store.transaction(async (r) => {
      const w = new CaseWriter(r, now);
      for (const c of await r.cases.withTeam(teamId)) await w.assignTeam(c, null, actor, `team ${team.name} deleted`);
      await r.teams.delete(teamId);
    });
  }

  private async assertMembers(brandId: string, userIds: string[]): Promise<void> {
    const loads = await this.store.repos.members.loads(brandId, [...new Set(userIds)]);
    const known = new Set(loads.map((l) => l.userId));
    const missing = userIds.find((u) => !known.has(u));
    if (missing) throw validationError(`${missing} is not an active member of this brand`, 'member_ids');
  }

  /** Members with their availability, open cases and "new" mark: the routing view. */
  async workload(actor: Actor, brandId: string): Promise<MemberLoad[]> {
    authorize(actor, brandId, 'case.read');
    return this.store.repos.members.loads(brandId);
  }

  /**
   * The brand's active colleagues a member may ask inside a case (anyone who
   * may write a note: the same check as asking), with their role and teams;
   * no e-mails, unlike the managers' member list.
   */
  async colleagues(actor: Actor, brandId: string): Promise<Colleague[]> {
    authorize(actor, brandId, 'note.write');
    return this.store.repos.members.colleagues(brandId);
  }

  /** A member sets their own availability; a manager sets anyone's, and the "new responder" mark. */
  async setMemberStatus(actor: Actor, brandId: string, userId: string, input: { available?: boolean; isNew?: boolean }): Promise<MemberLoad> {
    const self = actor.type === 'user' && actor.userId === userId;
    authorize(actor, brandId, self && input.isNew === undefined ? 'case.read' : 'policy.manage');
    const m = await this.store.repos.users.findMembership(userId, brandId);
    if (!m) throw notFound('Member');
    await this.store.repos.users.updateMembership(userId, brandId, { available: input.available, isNew: input.isNew });
    return (await this.store.repos.members.loads(brandId, [userId]))[0]!;
  }

  /**
   * Asks a specialist a question inside the case: an internal note naming
   * them, and a notification. Specialists answer in notes; they never reply
   * to the customer.
   */
  async askSpecialist(actor: Actor, caseId: string, input: { userId: string; question: string }): Promise<Note> {
    const c = await this.cases.load(actor, caseId, 'note.write');
    if (actor.type !== 'user') throw validationError('questions are asked by people', 'actor');
    const m = await this.store.repos.users.findMembership(input.userId, c.brandId);
    // A disabled account cannot sign in to answer: refused as the colleagues list leaves it out.
    const who = m && (await this.store.repos.users.findById(input.userId));
    if (!m || !who || who.disabled) throw validationError('must be a member of this brand', 'user_id');
    if (input.userId === actor.userId) throw validationError('ask someone else', 'user_id');
    const now = this.clock.now();
    const note: Note = {
      id: newId(),
      brandId: c.brandId,
      caseId: c.id,
      authorId: actor.userId,
      body: `@${who.name}: ${input.question}`,
      createdAt: iso(now),
    };
    await this.store.transaction(async (r) => {
      const w = new CaseWriter(r, now);
      await w.addNote(c, note, actor);
      await w.record(c, 'specialist_asked', actor, {
        note_id: note.id,
        specialist_id: input.userId,
        // Named in the timeline as the desk shows people; the id stays the reference.
        specialist_name: who.name,
        may_reply: roleCan(m.role as Role, 'reply.write'),
      });
      await this.notifier.notify(
        r,
        {
          brandId: c.brandId,
          userIds: [input.userId],
          type: 'specialist.asked',
          caseId: c.id,
          data: { note_id: note.id, from: actor.userId, question: input.question.slice(0, 500) },
        },
        now,
      );
      await w.touch(c);
    });
    return note;
  }
}

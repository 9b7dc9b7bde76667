/**
 * Tasks on a case: a call-back promised to the customer when going private
 * is a phone call (a number, a due time, who calls). An open call-back keeps
 * the case from being resolved and its due time counts as the case's
 * deadline (`cases.due_at`); when it comes due, its assignee (else the
 * managers) is told once (ReactionScheduler.tick). Written through the
 * CaseWriter, with the case's events.
 */
import { type Role, roleCan } from '../../domain/access/permissions.js';
import { MAX_CALL_BACK_DAYS, normalizePhone, phoneProblem, type TaskKind } from '../../domain/cases/call-back.js';
import { type Clock, iso } from '../../domain/clock.js';
import { newId } from '../../domain/ids.js';
import { conflict, notFound, validationError } from '../../errors.js';
import type { Case } from '../../repositories/case.repository.js';
import type { Repositories, Store } from '../../repositories/store.js';
import type { CaseTask } from '../../repositories/task.repository.js';
import { type Actor, actorRef } from '../access.js';
import { CaseWriter } from './case-writer.js';
import type { CaseService } from './case.service.js';
import type { Notifier } from '../people/notifier.js';

export interface NewCallBack {
  phone: string;
  note?: string | null;
  dueAt: Date;
  /** Who calls; null: nobody named (the managers are told when it is due). */
  assigneeId?: string | null;
}

/** Checks a call-back and builds its row (the caller adds it through the CaseWriter, in its transaction). */
export async function buildCallBack(r: Repositories, c: Case, actor: Actor, input: NewCallBack, now: Date): Promise<CaseTask> {
  const problem = phoneProblem(input.phone);
  if (problem) throw validationError(problem, 'phone');
  if (Number.isNaN(input.dueAt.getTime())) throw validationError('must be a date-time', 'due_at');
  if (input.dueAt.getTime() <= now.getTime()) throw validationError('must be in the future', 'due_at');
  if (input.dueAt.getTime() - now.getTime() > MAX_CALL_BACK_DAYS * 86_400_000)
    throw validationError(`at most ${MAX_CALL_BACK_DAYS} days ahead`, 'due_at');
  const assigneeId = input.assigneeId ?? null;
  if (assigneeId) {
    const m = await r.users.findMembership(assigneeId, c.brandId);
    if (!m || !roleCan(m.role as Role, 'reply.write')) throw validationError('must be a member of this brand who may reply', 'assignee_id');
  }
  const kind: TaskKind = 'call_back';
  return {
    id: newId(),
    brandId: c.brandId,
    caseId: c.id,
    kind,
    phone: normalizePhone(input.phone),
    note: input.note?.trim() || null,
    dueAt: iso(input.dueAt),
    assigneeId,
    createdBy: actorRef(actor).actor_id,
    doneAt: null,
    doneBy: null,
    notifiedAt: null,
    createdAt: iso(now),
  };
}

export class TaskService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly cases: CaseService,
    private readonly notifier: Notifier,
  ) {}

  async list(actor: Actor, caseId: string): Promise<CaseTask[]> {
    await this.cases.load(actor, caseId, 'case.read');
    return this.store.repos.tasks.forCase(caseId);
  }

  async create(actor: Actor, caseId: string, input: NewCallBack): Promise<CaseTask> {
    const c = await this.cases.load(actor, caseId, 'case.update');
    if (['resolved', 'closed'].includes(c.status)) throw conflict(`a ${c.status} case takes no new call-back; reopen it first`, 'status');
    const now = this.clock.now();
    const task = await this.store.transaction(async (r) => {
      const t = await buildCallBack(r, c, actor, input, now);
      await new CaseWriter(r, now).addTask(c, t, actor);
      if (t.assigneeId && t.assigneeId !== actorRef(actor).actor_id) {
        await this.notifier.notify(
          r,
          { brandId: c.brandId, userIds: [t.assigneeId], type: 'task.assigned', caseId: c.id, data: { task_id: t.id, due_at: t.dueAt } },
          now,
        );
      }
      return t;
    });
    return task;
  }

  async done(actor: Actor, taskId: string): Promise<CaseTask> {
    const task = await this.store.repos.tasks.find(taskId);
    if (!task) throw notFound('Task');
    const c = await this.cases.load(actor, task.caseId, 'case.update');
    if (task.doneAt) throw conflict('this task is done already', 'task');
    const now = this.clock.now();
    await this.store.transaction(async (r) => {
      if (!(await new CaseWriter(r, now).completeTask(c, task, actor))) throw conflict('this task is done already', 'task');
    });
    return (await this.store.repos.tasks.find(taskId))!;
  }
}

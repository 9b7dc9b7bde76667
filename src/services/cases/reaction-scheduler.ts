/**
 * The reaction scheme's clock. Every due moment lives in the database
 * (due-soon, deadline, end of cool-down, scheduled reply, follow-up check), so
 * `tick()` — run every 30 seconds by the worker, and at once after a restart —
 * finds what fell due while nobody looked and acts on it, each case in its own
 * transaction. Running it twice does nothing twice.
 */
import type { Logger } from 'pino';
import { type Clock, iso } from '../../domain/clock.js';
import { newId } from '../../domain/ids.js';

import type { Repositories, Store } from '../../repositories/store.js';
import type { Actor } from '../access.js';
import { type BrandSettings, brandSettings } from '../brand-settings.js';
import { CaseWriter } from './case-writer.js';
import { type Notifier, Outbox } from '../people/notifier.js';
import { managerIds, ownerIds } from '../people/recipients.js';
import { releaseReply } from '../replies/reply-flow.js';
import type { ReplyPublishing } from '../replies/reply-channel.js';
import type { Case } from '../../repositories/case.repository.js';

const BATCH = 200;
const SCHEDULER: Actor = { type: 'system', name: 'scheduler' };

export interface TickReport {
  dueSoon: number;
  breached: number;
  cooledDown: number;
  repliesSent: number;
  followUpsDue: number;
  snoozesEnded: number;
  /** Call-back tasks whose time came (their assignee, else the managers, told once). */
  tasksDue: number;
}

export class ReactionScheduler {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly notifier: Notifier,
    private readonly logger: Logger,
    private readonly publishing?: ReplyPublishing,
  ) {}

  async tick(): Promise<TickReport> {
    const now = this.clock.now();
    const at = iso(now);
    const repos = this.store.repos;
    const report: TickReport = { dueSoon: 0, breached: 0, cooledDown: 0, repliesSent: 0, followUpsDue: 0, snoozesEnded: 0, tasksDue: 0 };
    for (const c of await repos.cases.breached(at, BATCH))
      if (await this.onCase(c.id, (r, fresh, o, s) => this.breach(r, fresh, now, o, s))) report.breached++;
    for (const c of await repos.cases.dueSoon(at, BATCH))
      if (await this.onCase(c.id, (r, fresh, o) => this.dueSoon(r, fresh, now, o))) report.dueSoon++;
    for (const rp of await repos.replies.due(at, BATCH)) {
      if (
        await this.onCase(rp.caseId, async (r, fresh, o, s) => {
          const reply = await r.replies.find(rp.id);
          if (reply?.status !== 'scheduled' || !reply.sendAt || reply.sendAt > at) return false;
          await releaseReply(r, fresh, reply, {
            actor: SCHEDULER,
            now,
            settings: s,
            outbox: o,
            notifier: this.notifier,
            publishing: this.publishing,
            postedByHand: false,
          });
          return true;
        })
      )
        report.repliesSent++;
    }
    for (const c of await repos.cases.cooledDown(at, BATCH))
      if (await this.onCase(c.id, (r, fresh) => this.coolDownEnded(r, fresh, now))) report.cooledDown++;
    for (const c of await repos.cases.followUpDue(at, BATCH))
      if (await this.onCase(c.id, (r, fresh, o) => this.followUpDue(r, fresh, now, o))) report.followUpsDue++;
    for (const c of await repos.cases.snoozeEnded(at, BATCH))
      if (await this.onCase(c.id, (r, fresh) => this.snoozeEnded(r, fresh, now))) report.snoozesEnded++;
    for (const t of await repos.tasks.dueUnnotified(at, BATCH)) {
      if (
        await this.onCase(t.caseId, async (r, fresh) => {
          const task = await r.tasks.find(t.id);
          if (!task || task.doneAt || task.notifiedAt || task.dueAt > at) return false;
          if (!(await new CaseWriter(r, now).markTaskDue(fresh, task, SCHEDULER))) return false;
          const to = task.assigneeId ? [task.assigneeId] : await managerIds(r, fresh.brandId);
          const data = { task_id: task.id, kind: task.kind, due_at: task.dueAt };
          await this.notifier.notify(r, { brandId: fresh.brandId, userIds: to, type: 'task.due', caseId: fresh.id, data }, now);
          return true;
        })
      )
        report.tasksDue++;
    }
    const total = Object.values<number>({ ...report }).reduce((a, b) => a + b, 0);
    if (total) this.logger.info(report, 'reaction scheduler acted');
    return report;
  }

  /** Runs `fn` on the current row of the case in a transaction, then queues its webhooks. */
  private async onCase(
    caseId: string,
    fn: (r: Repositories, c: Case, outbox: Outbox, settings: BrandSettings) => Promise<boolean>,
  ): Promise<boolean> {
    const outbox = new Outbox();
    try {
      const done = await this.store.transaction(async (r) => {
        const c = await r.cases.findById(caseId);
        if (!c) return false;
        const settings = brandSettings((await r.brands.findById(c.brandId))?.settings);
        return fn(r, c, outbox, settings);
      });
      await this.notifier.flush(outbox, async (b) => brandSettings((await this.store.repos.brands.findById(b))?.settings));
      return done;
    } catch (err) {
      this.logger.error({ err, caseId }, 'reaction scheduler failed on a case');
      return false;
    }
  }

  private async recipients(r: Repositories, c: Case): Promise<string[]> {
    return [...(await managerIds(r, c.brandId)), ...(c.assigneeId ? [c.assigneeId] : [])];
  }

  private async dueSoon(r: Repositories, c: Case, now: Date, outbox: Outbox): Promise<boolean> {
    if (c.escalatedAt || !c.responseDueAt || !c.dueSoonAt || c.dueSoonAt > iso(now)) return false;
    const data = { reason: 'due_soon', due_at: c.responseDueAt, response_type: c.responseType };
    await new CaseWriter(r, now).markDueSoon(c, SCHEDULER, data);
    await this.notifier.notify(r, { brandId: c.brandId, userIds: await this.recipients(r, c), type: 'deadline.due_soon', caseId: c.id, data }, now);
    outbox.add({ brandId: c.brandId, event: 'deadline.due_soon', body: { case_id: c.id, ...data } });
    return true;
  }

  private async breach(r: Repositories, c: Case, now: Date, outbox: Outbox, _settings: BrandSettings): Promise<boolean> {
    if (!c.responseDueAt || c.responseDueAt > iso(now)) return false;
    const recorded = await r.breaches.add({
      id: newId(),
      brandId: c.brandId,
      caseId: c.id,
      responseType: c.responseType ?? 'first',
      channelId: c.channelId,
      kind: c.kind,
      dueAt: c.responseDueAt,
      breachedAt: iso(now),
      respondedAt: null,
    });
    if (!recorded) return false;
    const data = { due_at: c.responseDueAt, response_type: c.responseType };
    await new CaseWriter(r, now).markBreached(c, SCHEDULER, data);
    await this.notifier.notify(r, { brandId: c.brandId, userIds: await this.recipients(r, c), type: 'deadline.breached', caseId: c.id, data }, now);
    outbox.add({ brandId: c.brandId, event: 'deadline.breached', body: { case_id: c.id, ...data } });
    return true;
  }

  private async coolDownEnded(r: Repositories, c: Case, now: Date): Promise<boolean> {
    if (!c.holdUntil || c.holdUntil > iso(now)) return false;
    await new CaseWriter(r, now).endCooldown(c, SCHEDULER);
    const to = await ownerIds(r, c);
    await this.notifier.notify(r, { brandId: c.brandId, userIds: to, type: 'cooldown.ended', caseId: c.id, data: { held_until: c.holdUntil } }, now);
    return true;
  }

  private async snoozeEnded(r: Repositories, c: Case, now: Date): Promise<boolean> {
    if (!c.snoozedUntil || c.snoozedUntil > iso(now)) return false;
    await new CaseWriter(r, now).endSnooze(c, SCHEDULER);
    const to = await ownerIds(r, c);
    await this.notifier.notify(r, { brandId: c.brandId, userIds: to, type: 'case.snooze_ended', caseId: c.id, data: {} }, now);
    return true;
  }

  private async followUpDue(r: Repositories, c: Case, now: Date, outbox: Outbox): Promise<boolean> {
    if (c.followUpState !== 'scheduled' || !c.followUpAt || c.followUpAt > iso(now)) return false;
    await new CaseWriter(r, now).markFollowUpDue(c, SCHEDULER);
    const to = await ownerIds(r, c);
    await this.notifier.notify(r, { brandId: c.brandId, userIds: to, type: 'follow_up.due', caseId: c.id, data: { fix_ref: c.fixRef } }, now);
    outbox.add({ brandId: c.brandId, event: 'follow_up.due', body: { case_id: c.id, fix_ref: c.fixRef } });
    return true;
  }
}

/**
 * Following a case through (PRODUCT.md rule 8) and the idea backlog: link the
 * internal fix, mark it shipped (the responder is reminded to tell the
 * customer), answer or dismiss the "is it solved?" check, and keep ideas with
 * their status until their authors have had an answer.
 */
import { type CaseStatus, checkTransition } from '../../domain/cases/case-status.js';
import { checkFollowUpAnswer, type FollowUpOutcome, ideaPromptAfter, type IdeaStatus } from '../../domain/cases/follow-through.js';
import { type Clock, iso } from '../../domain/clock.js';
import { newId } from '../../domain/ids.js';
import type { Breach } from '../../repositories/breach.repository.js';
import type { Case } from '../../repositories/case.repository.js';
import type { Idea } from '../../repositories/idea.repository.js';
import { conflict, notFound, validationError } from '../../errors.js';
import type { Store } from '../../repositories/store.js';
import { type Actor, actorRef, authorize } from '../access.js';
import { brandSettings } from '../brand-settings.js';
import { CaseWriter } from './case-writer.js';
import type { CaseService } from './case.service.js';
import { type Notifier, Outbox } from '../people/notifier.js';
import { ownerIds } from '../people/recipients.js';
import { checkDateOrder } from '../date-range.js';

export class FollowThroughService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly cases: CaseService,
    private readonly notifier: Notifier,
  ) {}

  /** Links the internal fix: a URL or an id in the team's tracker. */
  async linkFix(actor: Actor, caseId: string, ref: string): Promise<Case> {
    const c = await this.cases.load(actor, caseId, 'case.update');
    const now = this.clock.now();
    await this.store.transaction(async (r) => {
      await new CaseWriter(r, now).linkFix(c, ref, actor);
    });
    return (await this.store.repos.cases.findById(c.id))!;
  }

  /** The fix shipped: remind whoever answers the customer to tell them. */
  async fixShipped(actor: Actor, caseId: string): Promise<Case> {
    const c = await this.cases.load(actor, caseId, 'case.update');
    if (!c.fixRef) throw conflict('link the fix first', 'fix_ref');
    if (c.fixShippedAt) throw conflict('the fix is already marked shipped');
    const now = this.clock.now();
    const outbox = new Outbox();
    await this.store.transaction(async (r) => {
      await new CaseWriter(r, now).markFixShipped(c, actor);
      const to = await ownerIds(r, c);
      await this.notifier.notify(
        r,
        { brandId: c.brandId, userIds: to, type: 'fix.shipped', caseId: c.id, data: { fix_ref: c.fixRef, todo: 'tell the customer' } },
        now,
      );
      outbox.add({ brandId: c.brandId, event: 'fix.shipped', body: { case_id: c.id, fix_ref: c.fixRef } });
    });
    await this.notifier.flush(outbox, async (b) => brandSettings((await this.store.repos.brands.findById(b))?.settings));
    return (await this.store.repos.cases.findById(c.id))!;
  }

  /**
   * The answer to "is it solved?": solved resolves the case; not solved puts
   * it back to work; dismissed (with a reason) lets it be resolved by hand.
   */
  async answerFollowUp(actor: Actor, caseId: string, outcome: FollowUpOutcome, reason?: string | null): Promise<Case> {
    const c = await this.cases.load(actor, caseId, 'case.update');
    const check = checkFollowUpAnswer(c.followUpState, outcome, reason);
    if (!check.ok) throw conflict(check.reason, outcome === 'dismissed' ? 'reason' : 'outcome');
    const now = this.clock.now();
    await this.store.transaction(async (r) => {
      let to: CaseStatus | null = outcome === 'solved' ? 'resolved' : outcome === 'not_solved' ? 'in_progress' : null;
      if (to && (c.status === to || !checkTransition(c.status as CaseStatus, to).ok)) to = null;
      if (to === 'resolved') {
        // An idea's author must have had an answer before the case resolves.
        const idea = await r.ideas.ofCase(c.id);
        if (idea && !idea.answeredAt) to = null;
        // A promised call keeps the case open: the answer is recorded, the case is resolved by hand after the call.
        if (await r.tasks.countOpen(c.id, 'call_back')) to = null;
      }
      await new CaseWriter(r, now).answerFollowUp(c, outcome, reason?.trim() || null, to, actor);
    });
    return (await this.store.repos.cases.findById(c.id))!;
  }

  /** Breached deadlines, for the reports. */
  async breaches(actor: Actor, brandId: string, from?: string, to?: string): Promise<Breach[]> {
    authorize(actor, brandId, 'case.read');
    checkDateOrder(from, to);
    return this.store.repos.breaches.list(brandId, from, to);
  }

  // Ideas

  async listIdeas(actor: Actor, brandId: string, statuses: IdeaStatus[] | undefined, limit: number): Promise<Idea[]> {
    authorize(actor, brandId, 'case.read');
    return this.store.repos.ideas.list(brandId, statuses, limit);
  }

  /** A person marks the case as an idea (the classifier missed it). */
  async markIdea(actor: Actor, caseId: string, summary: string): Promise<Idea> {
    const c = await this.cases.load(actor, caseId, 'idea.manage');
    const now = this.clock.now();
    const id = newId();
    await this.store.transaction(async (r) => {
      const added = await r.ideas.add({
        id,
        brandId: c.brandId,
        caseId: c.id,
        mentionId: null,
        summary,
        status: 'new',
        statusNote: null,
        createdBy: actorRef(actor).actor_id,
        createdAt: iso(now),
        updatedAt: iso(now),
        answeredAt: null,
        tellPrompt: null,
        promptedStatus: null,
      });
      if (!added) throw conflict('this case already has an idea in the backlog');
      await new CaseWriter(r, now).record(c, 'idea_logged', actor, { idea_id: id });
    });
    return (await this.store.repos.ideas.find(id))!;
  }

  async updateIdea(actor: Actor, ideaId: string, input: { status: IdeaStatus; note?: string | null }): Promise<Idea> {
    const idea = await this.store.repos.ideas.find(ideaId);
    if (!idea) throw notFound('Idea');
    authorize(actor, idea.brandId, 'idea.manage');
    if (idea.status === input.status) throw validationError(`the idea is already ${input.status}`, 'status');
    const now = this.clock.now();
    const c = (await this.store.repos.cases.findById(idea.caseId))!;
    await this.store.transaction(async (r) => {
      await r.ideas.update(idea.id, {
        status: input.status,
        statusNote: input.note?.trim() || null,
        updatedAt: iso(now),
        // Declined or done: the case page prompts once to tell the customer.
        ...ideaPromptAfter(idea, input.status),
      });
      await new CaseWriter(r, now).record(c, 'idea_status_changed', actor, {
        idea_id: idea.id,
        from: idea.status,
        to: input.status,
        note: input.note?.trim() || null,
      });
    });
    return (await this.store.repos.ideas.find(idea.id))!;
  }

  /** The case's idea, if it has one. */
  async ideaOfCase(actor: Actor, caseId: string): Promise<Idea | null> {
    await this.cases.load(actor, caseId, 'case.read');
    return (await this.store.repos.ideas.ofCase(caseId)) ?? null;
  }

  /** The person will not tell the customer from the prompt (they were told another way): it closes, for good. */
  async dismissIdeaPrompt(actor: Actor, ideaId: string): Promise<Idea> {
    const idea = await this.store.repos.ideas.find(ideaId);
    if (!idea) throw notFound('Idea');
    authorize(actor, idea.brandId, 'idea.manage');
    if (!idea.tellPrompt) throw conflict('there is no prompt to tell the customer on this idea', 'status');
    const now = this.clock.now();
    const c = (await this.store.repos.cases.findById(idea.caseId))!;
    await this.store.transaction(async (r) => {
      await r.ideas.update(idea.id, { tellPrompt: null, updatedAt: iso(now) });
      await new CaseWriter(r, now).record(c, 'idea_prompt_dismissed', actor, { idea_id: idea.id, outcome: idea.tellPrompt });
    });
    return (await this.store.repos.ideas.find(idea.id))!;
  }
}

/**
 * A person corrects the classifier: the correction is kept (with what the
 * model said) as a labelled example for retraining, and the case follows it —
 * its kind, sentiment and situation, its playbook, and the idea backlog.
 * The mention itself is evidence and keeps the model's original output.
 */
import { type Clock, iso } from '../domain/clock.js';
import { newId } from '../domain/ids.js';
import type { Kind, Sentiment, Situation, Topic } from '../domain/labels.js';
import { notFound, validationError } from '../errors.js';
import type { ClassificationCorrection } from '../repositories/correction.repository.js';
import type { Case } from '../repositories/case.repository.js';
import type { Mention } from '../repositories/mention.repository.js';
import type { Repositories, Store } from '../repositories/store.js';
import { type Actor, authorize } from './access.js';
import { brandSettings } from './brand-settings.js';
import { CaseWriter } from './cases/case-writer.js';
import type { ReactionPlanner } from './cases/reaction-planner.js';
import { type Notifier, Outbox } from './people/notifier.js';

export interface Correction {
  kind?: Kind;
  sentiment?: Sentiment;
  situation?: Situation;
  topics?: Topic[];
}

export interface LabelledExample {
  text: string;
  lang: string | null;
  kind: string | null;
  sentiment: string | null;
  situation: string | null;
  topics: string[] | null;
  corrected_at: string;
}

export class CorrectionService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly planner: ReactionPlanner,
    private readonly notifier: Notifier,
    /** Told after each correction is stored (the brand layer's retraining trigger). */
    private readonly onCorrected?: (brandId: string) => Promise<unknown>,
  ) {}

  async correct(actor: Actor, mentionId: string, input: Correction): Promise<ClassificationCorrection> {
    const m = await this.store.repos.mentions.findById(mentionId);
    if (!m) throw notFound('Mention');
    authorize(actor, m.brandId, 'case.update');
    if (!input.kind && !input.sentiment && !input.situation && !input.topics)
      throw validationError('give kind, sentiment, situation or topics', 'kind');
    const now = this.clock.now();
    const outbox = new Outbox();
    const row = await this.store.transaction((r) => this.correctIn(r, actor, m, input, now, outbox, { replan: true }));
    await this.notifier.flush(outbox, async (brandId) => brandSettings((await this.store.repos.brands.findById(brandId))?.settings));
    await this.onCorrected?.(m.brandId);
    return row;
  }

  /**
   * Stores the correction and has the case follow it, inside the caller's
   * transaction (the caller has checked access). With `replan`, a case
   * waiting for review of its kind gets the scheme for the person's kind.
   */
  async correctIn(
    r: Repositories,
    actor: Actor,
    m: Mention,
    input: Correction,
    now: Date,
    outbox: Outbox,
    opts: { replan: boolean },
  ): Promise<ClassificationCorrection> {
    if (actor.type !== 'user') throw validationError('corrections are made by people', 'actor');
    const row: ClassificationCorrection = {
      id: newId(),
      brandId: m.brandId,
      mentionId: m.id,
      userId: actor.userId,
      kind: input.kind ?? null,
      sentiment: input.sentiment ?? null,
      situation: input.situation ?? null,
      topics: input.topics ?? null,
      original: { kind: m.kind, sentiment: m.sentiment, situation: m.situation, language: m.language },
      createdAt: iso(now),
    };
    await r.corrections.add(row);
    if (!m.caseId) return row;
    const c = (await r.cases.findById(m.caseId))!;
    const w = new CaseWriter(r, now);
    await caseFollowsReclassification(r, w, c, m, input, actor, row.original, now);
    const kind = (input.kind ?? c.kind ?? 'neutral') as Kind;
    const planCtx = async () => ({
      mention: m,
      channelKey: (await r.mentions.findChannel(c.channelId))?.key ?? '',
      settings: brandSettings((await r.brands.findById(c.brandId))?.settings),
      outbox,
      now,
    });
    // The classifier was unsure of this case's kind: the person's answer settles it, and the scheme is applied for it.
    if (c.flags.includes('needs_review')) {
      await w.clearReview(c, actor, { mention_id: m.id, model_kind: m.kind, kind, confirmed: kind === m.kind });
      if (opts.replan) {
        const ctx = await planCtx();
        await this.planner.replanReviewed(r, (await r.cases.findById(c.id))!, kind, actor, ctx);
        await this.planner.replanForKind(r, (await r.cases.findById(c.id))!, c.kind, kind, actor, ctx);
      }
    } else if (opts.replan && ((input.kind && input.kind !== c.kind) || input.situation)) {
      // A person corrected the case's kind (or situation): it is planned again for it (flags, playbook, approval, deadline).
      const ctx = await planCtx();
      if (input.kind && input.kind !== c.kind) await this.planner.replanReviewed(r, (await r.cases.findById(c.id))!, kind, actor, ctx);
      await this.planner.replanForKind(r, (await r.cases.findById(c.id))!, c.kind, kind, actor, ctx);
    }
    return row;
  }

  /** The brand's corrections as labelled examples (text and the people's labels), oldest first: input for retraining. */
  async export(actor: Actor, brandId: string): Promise<LabelledExample[]> {
    authorize(actor, brandId, 'policy.manage');
    const rows = await this.store.repos.corrections.withText(brandId);
    return rows.map((r) => ({
      text: r.text,
      lang: r.language,
      kind: r.kind ?? r.original.kind ?? null,
      sentiment: r.sentiment ?? r.original.sentiment ?? null,
      situation: r.situation ?? r.original.situation ?? null,
      topics: r.topics,
      corrected_at: r.createdAt,
    }));
  }
}

/**
 * The case follows a new reading of one of its mentions — its kind, sentiment
 * and situation (and so its playbook), the idea backlog — recorded as
 * `reclassified` by `actor` through the case writer. A person's correction
 * (above) and the second opinion (a machine's: actor `system`, no correction
 * row) both go through here.
 */
export async function caseFollowsReclassification(
  r: Repositories,
  w: CaseWriter,
  c: Pick<Case, 'id' | 'brandId'>,
  m: { id: string; text: string },
  change: Correction,
  actor: Actor,
  from: unknown,
  now: Date,
  extra: Record<string, unknown> = {},
): Promise<void> {
  await w.reclassify(c, { kind: change.kind, sentiment: change.sentiment, situation: change.situation }, actor, {
    mention_id: m.id,
    from,
    to: change,
    ...extra,
  });
  if (change.kind === 'idea' && !(await r.ideas.ofCase(c.id))) {
    const id = newId();
    const createdBy = actor.type === 'user' ? actor.userId : null;
    await r.ideas.add({
      id,
      brandId: c.brandId,
      caseId: c.id,
      mentionId: m.id,
      summary: m.text.slice(0, 500),
      status: 'new',
      statusNote: null,
      createdBy,
      createdAt: iso(now),
      updatedAt: iso(now),
      answeredAt: null,
      tellPrompt: null,
      promptedStatus: null,
    });
    await w.record(c, 'idea_logged', actor, { idea_id: id });
  }
}

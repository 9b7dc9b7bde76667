/**
 * A person corrects the classifier: the correction is kept (with what the
 * model said) as a labelled example for retraining, and the case follows it —
 * its kind, sentiment and situation, its playbook, and the idea backlog.
 * The mention itself is evidence and keeps the model's original output.
 */
import { type Clock, iso } from '../domain/clock.js';
import { newId } from '../domain/ids.js';
import type { Kind, Sentiment, Situation, Topic } from '../domain/labels.js';
import type { CorrectionRow } from '../db/schema.js';
import { notFound, validationError } from '../errors.js';
import { parseJson } from '../repositories/json.js';
import type { Store } from '../repositories/store.js';
import { type Actor, authorize } from './access.js';
import { recordCaseEvent } from './case-events.js';

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
    /** Told after each correction is stored (the brand layer's retraining trigger). */
    private readonly onCorrected?: (brandId: string) => Promise<unknown>,
  ) {}

  async correct(actor: Actor, mentionId: string, input: Correction): Promise<CorrectionRow> {
    const m = await this.store.repos.mentions.findById(mentionId);
    if (!m) throw notFound('Mention');
    authorize(actor, m.brand_id, 'case.update');
    if (actor.type !== 'user') throw validationError('corrections are made by people', 'actor');
    if (!input.kind && !input.sentiment && !input.situation && !input.topics) throw validationError('give kind, sentiment, situation or topics', 'kind');
    const now = this.clock.now();
    const row: CorrectionRow = {
      id: newId(),
      brand_id: m.brand_id,
      mention_id: m.id,
      user_id: actor.userId,
      kind: input.kind ?? null,
      sentiment: input.sentiment ?? null,
      situation: input.situation ?? null,
      topics: input.topics ? JSON.stringify(input.topics) : null,
      original: JSON.stringify({ kind: m.kind, sentiment: m.sentiment, situation: m.situation, language: m.language }),
      created_at: iso(now),
    };
    await this.store.transaction(async (r) => {
      await r.corrections.add(row);
      if (!m.case_id) return;
      const c = (await r.cases.findById(m.case_id))!;
      const set: Record<string, string> = { updated_at: iso(now) };
      if (input.kind) set.kind = input.kind;
      if (input.sentiment) set.sentiment = input.sentiment;
      if (input.situation) {
        set.situation = input.situation;
        set.playbook = input.situation;
      }
      await r.cases.update(c.id, set);
      await recordCaseEvent(r, c, 'reclassified', actor, { mention_id: m.id, from: parseJson(row.original, {}), to: input }, now);
      if (input.kind === 'idea' && !(await r.reaction.ideaOfCase(c.id))) {
        const id = newId();
        await r.reaction.addIdea({ id, brand_id: c.brand_id, case_id: c.id, mention_id: m.id, summary: m.text.slice(0, 500), status: 'new', status_note: null, created_by: actor.userId, created_at: iso(now), updated_at: iso(now), answered_at: null });
        await recordCaseEvent(r, c, 'idea_logged', actor, { idea_id: id }, now);
      }
    });
    await this.onCorrected?.(m.brand_id);
    return row;
  }

  /** The brand's corrections as labelled examples (text and the people's labels), oldest first: input for retraining. */
  async export(actor: Actor, brandId: string): Promise<LabelledExample[]> {
    authorize(actor, brandId, 'policy.manage');
    const rows = await this.store.repos.corrections.withText(brandId);
    return rows.map((r) => {
      const original = parseJson<{ kind?: string; sentiment?: string; situation?: string }>(r.original, {});
      return {
        text: r.text,
        lang: r.language,
        kind: r.kind ?? original.kind ?? null,
        sentiment: r.sentiment ?? original.sentiment ?? null,
        situation: r.situation ?? original.situation ?? null,
        topics: r.topics ? parseJson<string[]>(r.topics, []) : null,
        corrected_at: r.created_at,
      };
    });
  }
}

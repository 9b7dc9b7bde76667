/**
 * The optional second opinion. When a brand turns it on and an
 * OpenAI-compatible endpoint is configured (the drafts' endpoint, or the brand's own),
 * each mention the desk would not act on by itself (`review: true`) is also
 * read by the language model — as a job after processing, so ingest and
 * processing never wait on the network. The prompt is LABELS.md; the answer
 * must be one JSON object matching the schema, and is used only then.
 *
 * A valid answer is kept with its reasons in the mention's stored
 * classification (`second_opinion`) and as a `second_opinion` case event;
 * when it changes the kind, the case follows it the way a person's
 * correction does, as a machine's (`system` actor `second-opinion`, no row
 * in the people's corrections). A time-out, an error or an invalid answer
 * changes nothing: the model's reading stands; it is logged and counted.
 * A per-brand rate limit (calls a rolling minute: later ones reserve the next
 * free slot and wait for it) and daily cap (calls a UTC day, reserved ones
 * included: later ones are skipped) are counted from the database, so a
 * restart resets neither.
 */
import type { Logger } from 'pino';
import type { Classification } from '../../domain/classification/classifier.js';
import { automaticAction } from '../../domain/classification/automatic-action.js';
import {
  needsReviewByConfidence,
  nextSlot,
  type QuotaDecision,
  quotaDecision,
  RATE_WINDOW_MS,
  SECOND_OPINION_JSON_SCHEMA,
  type SecondOpinionAnswer,
  utcDayStart,
} from '../../domain/classification/second-opinion.js';
import { buildSecondOpinionPrompt, parseSecondOpinion } from '../../domain/classification/second-opinion-prompt.js';
import { type Clock, iso } from '../../domain/clock.js';
import { newId } from '../../domain/ids.js';
import { type Kind, NEGATIVE_KINDS } from '../../domain/labels.js';
import type { Mention, StoredSecondOpinion } from '../../repositories/mention.repository.js';
import type { JobQueue } from '../../jobs/job-queue.js';
import type { Case } from '../../repositories/case.repository.js';
import type { Repositories, Store } from '../../repositories/store.js';
import { type Actor, authorize } from '../access.js';
import { type BrandSettings, brandSettings } from '../brand-settings.js';
import { CaseWriter } from '../cases/case-writer.js';
import { caseFollowsReclassification } from '../correction.service.js';
import { type ChatMessage, type LlmCallOptions, type LlmClientFactory, type LlmConnection, LlmHttpError } from '../ports.js';

/**
 * Whether the desk would not act on this reading by itself. The default holds
 * the kind's confidence against the brand's `secondOpinion.reviewBelow` (or
 * takes a classification's own `review` flag); the calibrated per-kind rule
 * replaces it at the container.
 */
export type NeedsReview = (classification: Classification, settings: BrandSettings) => boolean;
/**
 * Asked about: what the desk would not act on by itself (a troll, an impulsive post or black PR below the brand's
 * calibrated threshold: `review` in `defuse classify`), and any reading whose kind confidence is below `reviewBelow`.
 */
export const needsReviewDefault: NeedsReview = (c, s) =>
  automaticAction(c, s.automaticThresholds).review || needsReviewByConfidence(c, s.secondOpinion.reviewBelow);

/** The machine's actor on the audit trail: told apart from a person's correction by type and name. */
export const SECOND_OPINION_ACTOR: Actor = { type: 'system', name: 'second-opinion' };

export type SecondOpinionOutcome = 'agreed' | 'changed' | 'invalid' | 'timeout' | 'error' | 'capped' | 'deferred' | 'skipped';

const RESPONSE_FORMAT = { type: 'json_schema', json_schema: { name: 'mention_labels', strict: true, schema: SECOND_OPINION_JSON_SCHEMA } };
const CHAT_OPTIONS: LlmCallOptions = { temperature: 0, maxTokens: 600 };

export class SecondOpinionService {
  /** Endpoints that refused `response_format` once: asked without it from then on (the schema is in the prompt too). */
  private readonly withoutSchema = new Set<string>();

  constructor(
    private readonly store: Store,
    private readonly queue: JobQueue,
    private readonly clock: Clock,
    /** The language model's clients (the container's; it keeps the installation's API key to the installation's endpoint). */
    private readonly llm: LlmClientFactory,
    private readonly logger: Logger,
    /** The label guide the prompt is built from (the container hands in the shipped LABELS.md). */
    private readonly guide: () => string,
    private readonly needsReview: NeedsReview = needsReviewDefault,
  ) {}

  /** The brand's endpoint (its own, or the installation's), or null when the brand has it off or no endpoint is configured. */
  endpointFor(settings: BrandSettings): LlmConnection | null {
    const so = settings.secondOpinion;
    if (!so.enabled) return null;
    return this.llm({ baseUrl: so.baseUrl, model: so.model });
  }

  /** After a mention is processed (and committed): queues the job when it qualifies (recent and unsure). Never throws. */
  async consider(mention: { id: string; postedAt: string }, cls: Classification, settings: BrandSettings): Promise<boolean> {
    if (!this.endpointFor(settings) || !this.needsReview(cls, settings)) return false;
    if (this.clock.now().getTime() - new Date(mention.postedAt).getTime() > settings.secondOpinion.maxAgeHours * 3_600_000) return false;
    const mentionId = mention.id;
    try {
      await this.queue.enqueue('classification.second_opinion', { mentionId }, { maxAttempts: 3 });
      return true;
    } catch (err) {
      this.logger.error({ err, mentionId }, 'could not queue a second opinion');
      return false;
    }
  }

  /** The job: asks once, within the brand's limits; failures leave the model's reading as it is. */
  async run(mentionId: string): Promise<SecondOpinionOutcome> {
    const m = await this.store.repos.mentions.findById(mentionId);
    if (!m || !m.processedAt) return 'skipped';
    const settings = brandSettings((await this.store.repos.brands.findById(m.brandId))?.settings);
    const endpoint = this.endpointFor(settings);
    const stored = m.classification;
    if (!endpoint || !stored || stored.second_opinion) return 'skipped';

    const now = this.clock.now();
    const { perMinute, perDay } = settings.secondOpinion;
    const reservation = await this.store.transaction(
      async (r): Promise<{ action: 'done' } | { action: 'call'; id: string } | Exclude<QuotaDecision, { action: 'call' }>> => {
        await r.secondOpinions.lockBrand(m.brandId);
        const earlier = await r.secondOpinions.attemptOf(m.id);
        if (earlier) {
          // A slot reserved before: its time has come (or not yet: wait again), unless the call was made already.
          if (earlier.outcome !== 'scheduled') return { action: 'done' };
          if (earlier.requestedAt > iso(now)) return { action: 'wait', until: new Date(earlier.requestedAt) };
          return (await r.secondOpinions.start(earlier.id)) ? { action: 'call', id: earlier.id } : { action: 'done' };
        }
        // Calls line up one after another within the rolling minute; the cap counts the slot's UTC day.
        const reserved = await r.secondOpinions.reservedAfter(m.brandId, iso(new Date(now.getTime() - RATE_WINDOW_MS)), perMinute);
        const slot = nextSlot(
          reserved.map((t) => new Date(t)),
          perMinute,
          now,
        );
        const day = utcDayStart(slot);
        const used = await r.secondOpinions.usedBetween(m.brandId, iso(day), iso(new Date(day.getTime() + 86_400_000)));
        const decision = quotaDecision(slot, used, perDay, now);
        const attempt = {
          id: newId(),
          brandId: m.brandId,
          mentionId: m.id,
          requestedAt: iso(slot),
          model: endpoint.model,
          latencyMs: null,
          detail: null,
        };
        if (decision.action === 'call') {
          await r.secondOpinions.add({ ...attempt, outcome: 'pending' });
          return { action: 'call', id: attempt.id };
        }
        if (decision.action === 'wait') await r.secondOpinions.add({ ...attempt, outcome: 'scheduled' });
        else await r.secondOpinions.add({ ...attempt, requestedAt: iso(now), outcome: 'capped', detail: `daily cap of ${perDay}` });
        return decision;
      },
    );
    if (reservation.action === 'done') return 'skipped';
    if (reservation.action === 'wait') {
      await this.queue.enqueue('classification.second_opinion', { mentionId }, { runAt: reservation.until, maxAttempts: 3 });
      this.logger.debug({ mentionId, until: iso(reservation.until) }, 'second opinion waits for the rate limit');
      return 'deferred';
    }
    if (reservation.action === 'skip') {
      this.logger.info({ mentionId, brandId: m.brandId, cap: perDay }, 'second opinion skipped: daily cap reached');
      return 'capped';
    }

    const channelKey = (await this.store.repos.mentions.findChannel(m.channelId))?.key;
    const messages = buildSecondOpinionPrompt(this.guide(), {
      text: m.text,
      language: m.language ?? stored.language ?? 'und',
      channel: channelKey,
      competitors: settings.competitors,
    });
    const started = performance.now();
    let answer: SecondOpinionAnswer | undefined;
    let failure: { outcome: 'invalid' | 'timeout' | 'error'; detail: string } | undefined;
    try {
      const parsed = parseSecondOpinion(await this.ask(endpoint, messages));
      if (parsed.ok) answer = parsed.answer;
      else failure = { outcome: 'invalid', detail: parsed.reason };
    } catch (err) {
      const e = err as Error;
      failure =
        e.name === 'TimeoutError'
          ? { outcome: 'timeout', detail: `no answer within ${endpoint.timeoutMs} ms` }
          : { outcome: 'error', detail: e.message.slice(0, 300) };
    }
    const latency = Math.round(performance.now() - started);
    if (!answer) {
      const f = failure!;
      await this.store.repos.secondOpinions.finish(reservation.id, { outcome: f.outcome, latencyMs: latency, detail: f.detail });
      this.logger.warn(
        { mentionId, brandId: m.brandId, outcome: f.outcome, detail: f.detail },
        "second opinion not used; the model's reading stands",
      );
      return f.outcome;
    }
    const given = answer;
    return this.store.transaction(async (r) => {
      const at = this.clock.now();
      const fresh = (await r.mentions.findById(m.id)) ?? m;
      const from = { kind: m.kind, sentiment: m.sentiment, situation: m.situation };
      const changed = given.kind !== m.kind;
      const c = fresh.caseId ? await r.cases.findById(fresh.caseId) : undefined;
      const applied = Boolean(changed && c && (await this.caseFollows(r, c, m, given.kind)));
      const record: StoredSecondOpinion = { ...given, model: endpoint.model, at: iso(at), from, changed, applied };
      await r.mentions.saveClassification(m.id, {
        ...fresh.classification,
        second_opinion: record,
      });
      if (c) {
        const w = new CaseWriter(r, at);
        const to = { kind: given.kind, sentiment: given.sentiment, situation: given.situation, topics: given.topics, signals: given.signals };
        await w.record(c, 'second_opinion', SECOND_OPINION_ACTOR, {
          mention_id: m.id,
          from,
          to,
          reasons: given.reasons,
          model: endpoint.model,
          applied,
        });
        if (applied) {
          await caseFollowsReclassification(
            r,
            w,
            c,
            m,
            { kind: given.kind, sentiment: given.sentiment, situation: given.situation },
            SECOND_OPINION_ACTOR,
            { kind: c.kind, sentiment: c.sentiment, situation: c.situation },
            at,
            {
              source: 'second_opinion',
              reasons: given.reasons,
            },
          );
        }
      }
      await r.secondOpinions.finish(reservation.id, { outcome: changed ? 'changed' : 'agreed', latencyMs: latency, detail: null });
      return changed ? 'changed' : 'agreed';
    });
  }

  /** Attempts of a brand since the start of the UTC day, by outcome (pending, agreed, changed, invalid, timeout, error, capped). */
  today(brandId: string): Promise<Record<string, number>> {
    return this.store.repos.secondOpinions.outcomes(brandId, iso(utcDayStart(this.clock.now())));
  }

  /** For the brand's managers: whether it runs, where, within which limits, and how today went. */
  async usage(actor: Actor, brandId: string) {
    authorize(actor, brandId, 'policy.manage');
    const settings = brandSettings((await this.store.repos.brands.findById(brandId))?.settings);
    const endpoint = this.endpointFor(settings);
    const outcomes = await this.today(brandId);
    const so = settings.secondOpinion;
    return {
      enabled: so.enabled,
      endpoint: endpoint ? (so.baseUrl ? ('brand' as const) : ('installation' as const)) : null,
      model: endpoint?.model ?? null,
      review_below: so.reviewBelow,
      per_minute: so.perMinute,
      per_day: so.perDay,
      calls_today: Object.entries(outcomes).reduce((n, [outcome, count]) => (outcome === 'capped' ? n : n + count), 0),
      outcomes_today: outcomes,
    };
  }

  private async ask(endpoint: LlmConnection, messages: ChatMessage[]): Promise<string> {
    if (this.withoutSchema.has(endpoint.baseUrl)) return endpoint.client.complete(messages, CHAT_OPTIONS);
    try {
      return await endpoint.client.complete(messages, { ...CHAT_OPTIONS, responseFormat: RESPONSE_FORMAT });
    } catch (err) {
      // A server that does not know json_schema answers 400/422: ask again without it, and remember.
      if (!(err instanceof LlmHttpError) || (err.status !== 400 && err.status !== 422)) throw err;
      this.withoutSchema.add(endpoint.baseUrl);
      this.logger.info({ baseUrl: endpoint.baseUrl }, 'the endpoint refused response_format json_schema; asking with the schema in the prompt only');
      return endpoint.client.complete(messages, CHAT_OPTIONS);
    }
  }

  /**
   * Whether the case takes the second opinion's kind: never over a person's
   * correction; yes when this mention opened the case and still sets its
   * kind; otherwise only when it makes the case sharper (as a new mention would).
   */
  private async caseFollows(r: Repositories, c: Case, m: Mention, kind: Kind): Promise<boolean> {
    const events = await r.cases.events(c.id);
    if (events.some((e) => e.type === 'reclassified' && e.actorType === 'user')) return false;
    const opened = events.find((e) => e.type === 'case_opened');
    if (opened && opened.data.mention_id === m.id && c.kind === m.kind) return true;
    return NEGATIVE_KINDS.includes(kind) && !NEGATIVE_KINDS.includes((c.kind ?? 'neutral') as Kind);
  }
}

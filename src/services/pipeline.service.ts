/**
 * What happens to a mention after it is stored: it is classified and threaded
 * into a case, in one transaction per mention, with the case's audit trail.
 * Exactly once: the transaction first claims the mention (a row lock on
 * PostgreSQL; SQLite's write lock is taken when the transaction begins) and
 * skips it if it was processed, so a retried, swept or duplicated job — in any
 * process — does nothing; every count it bumps commits with the claim.
 */
import type { Logger } from 'pino';
import type { CaseStatus } from '../domain/cases/case-status.js';
import { isHistory } from '../domain/cases/history.js';
import { type CaseCandidate, decideThread } from '../domain/cases/threading.js';
import type { Classification, Classifier } from '../domain/classification/classifier.js';
import { type Clock, iso } from '../domain/clock.js';

import type { JobQueue } from '../jobs/job-queue.js';
import type { Mention } from '../repositories/mention.repository.js';
import type { Repositories, Store } from '../repositories/store.js';
import { SYSTEM } from './access.js';
import { type BrandSettings, brandSettings } from './brand-settings.js';
import { type CaseLabels, CaseWriter } from './cases/case-writer.js';
import { type Notifier, Outbox } from './people/notifier.js';
import type { PlanContext, ReactionPlanner } from './cases/reaction-planner.js';
import type { DetectionService } from './detection/detection.service.js';
import type { Case } from '../repositories/case.repository.js';
import type { ProcessingMetrics } from './ports.js';

const SUBJECT_MAX = 500;
const SWEEP_BATCH = 500;

export interface PipelineSettings {
  threadWindowHours: number;
  /** A mention stored this long ago and still unprocessed is queued again by the sweep (a second queueing is harmless). */
  sweepAfterMs: number;
}

interface BatchLookups {
  settings: Map<string, BrandSettings>;
  classifiers?: Map<string, Classifier>;
  channelKeys: Map<string, string | undefined>;
}

const toCandidate = (c: Case | undefined): CaseCandidate | null =>
  c ? { id: c.id, status: c.status as CaseStatus, lastMentionAt: new Date(c.lastMentionAt) } : null;

export class PipelineService {
  constructor(
    private readonly store: Store,
    private readonly classifier: Classifier,
    private readonly queue: JobQueue,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly settings: PipelineSettings,
    private readonly planner: ReactionPlanner,
    private readonly notifier: Notifier,
    private readonly detection: DetectionService,
    /** Told of each mention once it is processed and committed (the second opinion queues its job there). */
    private readonly afterProcessed?: { consider(mention: Mention, cls: Classification, settings: BrandSettings): Promise<unknown> },
    /** Each brand's classifier adapted from its corrections (the shipped one when it has none). */
    private readonly brandModels?: { classifierFor(brandId: string, repos: Repositories): Promise<Classifier> },
    /** Counts and times each mention for `/metrics`. */
    private readonly metrics?: ProcessingMetrics,
  ) {}

  /** Processes each mention in its own transaction; throws at the end if any failed, so the job retries them. */
  async processMentions(ids: string[]): Promise<void> {
    const failures: string[] = [];
    // A batch usually comes from one brand and a few channels: look those up once.
    const lookups: BatchLookups = { settings: new Map(), channelKeys: new Map() };
    for (const id of ids) {
      const started = performance.now();
      try {
        const done = await this.processOne(id, lookups);
        this.metrics?.mentionProcessed(done ? 'processed' : 'skipped', (performance.now() - started) / 1000);
      } catch (err) {
        this.metrics?.mentionProcessed('failed', (performance.now() - started) / 1000);
        this.logger.error({ err, mentionId: id }, 'mention processing failed');
        failures.push(id);
      }
    }
    if (failures.length) throw new Error(`${failures.length} of ${ids.length} mentions failed to process`);
  }

  /** Returns whether this call processed the mention (false: already processed, or gone). */
  private async processOne(id: string, lookups: BatchLookups): Promise<boolean> {
    const outbox = new Outbox();
    let processed: { mention: Mention; cls: Classification; settings: BrandSettings } | undefined;
    await this.store.transaction(async (r) => {
      // The claim: waits for any other transaction processing this mention, then sees its commit.
      const mention = await r.mentions.claimForProcessing(id);
      if (!mention || mention.processedAt) return;
      if (!lookups.channelKeys.has(mention.channelId))
        lookups.channelKeys.set(mention.channelId, (await r.mentions.findChannel(mention.channelId))?.key);
      if (!lookups.settings.has(mention.brandId)) {
        lookups.settings.set(mention.brandId, brandSettings((await r.brands.findById(mention.brandId))?.settings));
      }
      const settings = lookups.settings.get(mention.brandId)!;
      const channelKey = lookups.channelKeys.get(mention.channelId) ?? '';
      const classifiers = (lookups.classifiers ??= new Map<string, Classifier>());
      if (!classifiers.has(mention.brandId))
        classifiers.set(
          mention.brandId,
          this.brandModels && settings.learning.enabled ? await this.brandModels.classifierFor(mention.brandId, r) : this.classifier,
        );
      const cls = classifiers.get(mention.brandId)!.classify({
        text: mention.text,
        channel: channelKey || undefined,
        competitors: settings.competitors,
      });
      await r.cases.lockAuthor(mention.authorId);

      const parentMention = mention.inReplyTo ? await r.mentions.findByExternal(mention.brandId, mention.channelId, mention.inReplyTo) : undefined;
      const parentCase = parentMention?.caseId ? await r.cases.findById(parentMention.caseId) : undefined;
      const latest = await r.cases.latestForAuthor(mention.brandId, mention.channelId, mention.authorId);
      const postedAt = new Date(mention.postedAt);
      const decision = decideThread({
        postedAt,
        parentCase: toCandidate(parentCase),
        authorLatestCase: toCandidate(latest),
        windowHours: this.settings.threadWindowHours,
      });
      const now = this.clock.now();

      const w = new CaseWriter(r, now);
      const history = isHistory({ imported: mention.history, postedAt: mention.postedAt, horizonDays: settings.historyHorizonDays, now });
      const ctx: PlanContext = { mention, cls, channelKey, settings, outbox, now, history };
      const labels: CaseLabels = { kind: cls.kind, sentiment: cls.sentiment, language: cls.language, situation: cls.situation };
      let caseId: string;
      if (decision.action === 'open') {
        const planned = await this.planner.planNewCase(r, { brandId: mention.brandId, isPublic: mention.isPublic }, ctx);
        const opened = await w.open(
          {
            brandId: mention.brandId,
            channelId: mention.channelId,
            authorId: mention.authorId,
            threadKey: mention.inReplyTo ?? mention.externalId,
            subject: mention.text.slice(0, SUBJECT_MAX),
            isPublic: mention.isPublic,
            postedAt: mention.postedAt,
            labels,
            scheme: planned.scheme,
          },
          SYSTEM,
          { mention_id: mention.id, rule: decision.rule },
        );
        caseId = opened.id;
        await this.planner.announceNewCase(r, opened, planned, ctx);
      } else {
        caseId = decision.caseId;
        // Locked and read again: a reply in a thread may join another author's case, which that author's lock
        // does not cover, and the counts below are added to what is stored now.
        const existing = (await r.cases.lockById(decision.caseId))!;
        // History joins its thread without reopening it or asking for a response.
        const reopened = await w.join(existing, labels, mention.postedAt, SYSTEM, { mention_id: mention.id, rule: decision.rule }, { history });
        await this.planner.applyToJoinedCase(r, (await r.cases.findById(existing.id))!, reopened, ctx);
      }
      await w.record({ id: caseId, brandId: mention.brandId }, 'classified', SYSTEM, { mention_id: mention.id, ...summary(cls) });
      await r.mentions.saveProcessing(
        mention.id,
        {
          caseId,
          processedAt: iso(now),
          language: cls.language,
          sentiment: cls.sentiment,
          kind: cls.kind,
          situation: cls.situation,
          signals: cls.signals,
          classification: cls,
        },
        mention.brandId,
        [...new Set(cls.topics)],
      );
      await r.rollups.count(
        {
          brandId: mention.brandId,
          channelId: mention.channelId,
          postedAt: mention.postedAt,
          kind: cls.kind,
          sentiment: cls.sentiment,
          language: cls.language,
        },
        cls.topics,
      );
      // History is not watched for campaigns as they happen (that would alert the managers about the past).
      if (!history) await this.detection.onMentionProcessed(r, { ...mention, caseId }, caseId, outbox, now);
      processed = { mention, cls, settings };
    });
    await this.notifier.flush(outbox, async (brandId) => brandSettings((await this.store.repos.brands.findById(brandId))?.settings));
    if (processed && this.afterProcessed) await this.afterProcessed.consider(processed.mention, processed.cls, processed.settings);
    return processed !== undefined;
  }

  /** Queues processing for mentions accepted more than `sweepAfterMs` ago (ten minutes by default) and still unprocessed. */
  async sweep(): Promise<number> {
    const before = iso(new Date(this.clock.now().getTime() - this.settings.sweepAfterMs));
    const ids = await this.store.repos.mentions.unprocessedIds(before, SWEEP_BATCH);
    if (ids.length) {
      this.logger.info({ count: ids.length }, 'sweeper re-queued unprocessed mentions');
      await this.queue.enqueue('mention.process', { mentionIds: ids });
    }
    return ids.length;
  }
}

function summary(c: Classification) {
  return {
    language: c.language,
    sentiment: c.sentiment,
    kind: c.kind,
    situation: c.situation,
    topics: c.topics,
    signals: c.signals,
    classifier: c.classifier,
  };
}

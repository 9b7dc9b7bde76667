/**
 * What happens to a mention after it is stored: it is classified and threaded
 * into a case, with the case's audit trail. Mentions are processed in batches,
 * one transaction per batch (a mention that fails is rolled back alone and
 * retried by the job: see Store.transactionEach), a batch ending after
 * `batchSize` mentions or `batchMs` of work, whichever comes first: one commit
 * for many mentions, and the write lock (SQLite) or the daily-count rows
 * (PostgreSQL) held only briefly. Exactly once: each mention is first claimed
 * (a row lock on PostgreSQL; SQLite's write lock is taken when the transaction
 * begins) and skipped if it was processed, so a retried, swept or duplicated
 * job — in any process — does nothing; every count it bumps commits with the
 * claim. Mentions are claimed CLAIM_CHUNK at a time, in one statement; one
 * that another transaction holds is claimed alone when its turn comes, waiting
 * for that transaction as before.
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
import type { CaseChangeFeed, ProcessingMetrics } from './ports.js';

const SUBJECT_MAX = 500;
/** Mentions claimed by one statement (their row and author locks are held to the batch's end, processed or not). */
const CLAIM_CHUNK = 20;
const SWEEP_BATCH = 500;

export interface PipelineSettings {
  threadWindowHours: number;
  /** A mention stored this long ago and still unprocessed is queued again by the sweep (a second queueing is harmless). */
  sweepAfterMs: number;
  /** At most this many mentions per transaction. */
  batchSize: number;
  /** A batch's transaction commits once its mentions have taken this long (the write lock is not held longer). */
  batchMs: number;
  /** Monotonic milliseconds the budget is measured with; performance.now by default (tests step their own). */
  stopwatch?: () => number;
}

interface Processed {
  mention: Mention;
  cls: Classification;
  settings: BrandSettings;
  outbox: Outbox;
  startedAt: number;
}

interface BatchLookups {
  settings: Map<string, BrandSettings>;
  classifiers?: Map<string, Classifier>;
  channelKeys: Map<string, string | undefined>;
  /** Authors another worker's transaction held when this batch reached them: their mentions wait for the next batch. */
  busyAuthors: Set<string>;
  /** How many times each mention was set aside: after SET_ASIDE_TRIES the next batch waits for its author's lock. */
  setAside: Map<string, number>;
  /**
   * A mention of this batch holds what other workers' batches are likely to want next — a campaign's row and its
   * other members' cases, or an author waited for: the batch commits after it instead of holding them to its end.
   */
  commitSoon: boolean;
  /** The batch's mentions claimed ahead (claimChunk), by id; taken out when used. */
  claims: Map<string, { mention: Mention; authorLocked: boolean }>;
  /** The batch's items up to this index have been claimed ahead. */
  claimedTo: number;
}

/** processIn's answer for a mention whose author another transaction holds: left for the next batch. */
const SET_ASIDE = Symbol('set aside');
/** Batches a mention may be set aside in before one waits for its author. */
const SET_ASIDE_TRIES = 3;

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
    /** Told which cases each committed batch changed (the live inbox's events). */
    private readonly changes?: CaseChangeFeed,
  ) {}

  /** Processes the mentions in batches (see above); throws at the end if any failed, so the job retries them. */
  async processMentions(ids: string[]): Promise<void> {
    const failures: string[] = [];
    // A batch usually comes from one brand and a few channels: look those up once.
    const lookups: BatchLookups = {
      settings: new Map(),
      channelKeys: new Map(),
      busyAuthors: new Set(),
      setAside: new Map(),
      commitSoon: false,
      claims: new Map(),
      claimedTo: 0,
    };
    let rest = ids;
    while (rest.length) {
      const done = new Map<string, Processed>();
      const skipped: { id: string; startedAt: number }[] = [];
      const asideNow: string[] = [];
      const batch = rest.slice(0, this.settings.batchSize);
      // What a batch learnt in its transaction, forgotten when that transaction is rolled back to be run again.
      const restart = () => {
        done.clear();
        skipped.length = 0;
        asideNow.length = 0;
        lookups.busyAuthors.clear();
        lookups.commitSoon = false;
        lookups.claims.clear();
        lookups.claimedTo = 0;
      };
      restart();
      const stopwatch = this.settings.stopwatch ?? (() => performance.now());
      const batchStarted = performance.now();
      const budgetStarted = stopwatch();
      let result: { taken: number; failures: Map<string, unknown> };
      try {
        result = await this.store.transactionEach(
          batch,
          async (r, id, run) => {
            const startedAt = performance.now();
            const p = await this.processIn(r, id, lookups, run.isolated ? undefined : { batch, index: run.index });
            if (p === SET_ASIDE) asideNow.push(id);
            else if (p) done.set(id, { ...p, startedAt });
            else skipped.push({ id, startedAt });
          },
          // On SQLite a campaign's mention holds nothing another batch waits for that the batch does not hold anyway
          // (one writer at a time): committing early there only cost commits (one every ~9 mentions of the stream).
          () => stopwatch() - budgetStarted >= this.settings.batchMs || (lookups.commitSoon && this.store.dialect === 'postgres'),
          restart,
        );
      } catch (err) {
        // The batch's transaction itself failed (its commit, the counts): none of it was processed. The job is
        // retried with all its mentions (those processed meanwhile are skipped then).
        this.logger.error({ err, count: rest.length }, 'mention batch failed to commit');
        this.metrics?.mentionProcessed('failed', (performance.now() - batchStarted) / 1000);
        failures.push(...rest);
        break;
      }
      for (const [id, err] of result.failures) {
        done.delete(id);
        this.metrics?.mentionProcessed('failed', (performance.now() - batchStarted) / 1000);
        this.logger.error({ err, mentionId: id }, 'mention processing failed');
        failures.push(id);
      }
      const committedAt = performance.now();
      for (const s of skipped) if (!result.failures.has(s.id)) this.metrics?.mentionProcessed('skipped', (committedAt - s.startedAt) / 1000);
      // Committed: now what must not happen for a rolled-back mention — webhooks, mails, the second opinion.
      for (const p of done.values()) {
        this.metrics?.mentionProcessed('processed', (committedAt - p.startedAt) / 1000);
        await this.notifier.flush(p.outbox, async (brandId) => brandSettings((await this.store.repos.brands.findById(brandId))?.settings));
        if (this.afterProcessed) await this.afterProcessed.consider(p.mention, p.cls, p.settings);
      }
      if (done.size) this.changes?.casesChanged(caseChanges([...done.values()]));
      // Mentions whose author was busy go first in the next batch, which waits for the lock (their order kept).
      for (const id of asideNow) lookups.setAside.set(id, (lookups.setAside.get(id) ?? 0) + 1);
      rest = [...asideNow, ...rest.slice(result.taken)];
    }
    if (failures.length) throw new Error(`${failures.length} of ${ids.length} mentions failed to process`);
  }

  /**
   * Claims the mention at `ahead.index` of the batch: from the chunk claimed ahead, claiming the next CLAIM_CHUNK
   * first when the batch has reached them; alone (waiting for the transaction holding it) when the chunk left it out.
   * Each claim is used once: an id twice in a batch is claimed again the second time, and seen processed then.
   */
  private async claimAhead(
    r: Repositories,
    id: string,
    lookups: BatchLookups,
    ahead: { batch: readonly string[]; index: number },
  ): Promise<{ mention: Mention; authorLocked: boolean } | undefined> {
    if (ahead.index >= lookups.claimedTo) {
      const next = new Set(ahead.batch.slice(ahead.index, ahead.index + CLAIM_CHUNK));
      // A mention that waits for its author is claimed on its own (below, in processIn).
      for (const x of next) if ((lookups.setAside.get(x) ?? 0) >= SET_ASIDE_TRIES) next.delete(x);
      for (const [k, v] of await r.mentions.claimChunk([...next], lookups.busyAuthors)) lookups.claims.set(k, v);
      lookups.claimedTo = ahead.index + CLAIM_CHUNK;
    }
    const claimed = lookups.claims.get(id);
    if (!claimed) return r.mentions.claimTryingAuthor(id, lookups.busyAuthors);
    lookups.claims.delete(id);
    return claimed;
  }

  /**
   * Processes one mention in the batch's transaction; undefined when it was already processed (or is gone). `ahead`:
   * claimed with the next ones in one statement (a batch without savepoints; under a savepoint of its own a mention
   * is claimed alone, since a rolled-back savepoint would let go of the row locks of all those claimed in it).
   */
  private async processIn(
    r: Repositories,
    id: string,
    lookups: BatchLookups,
    ahead?: { batch: readonly string[]; index: number },
  ): Promise<Omit<Processed, 'startedAt'> | typeof SET_ASIDE | undefined> {
    const outbox = new Outbox();
    // The claim: waits for any other transaction processing this mention, then sees its commit. With it (one round
    // trip), the author's lock, taken before any work. Another worker's batch holding it would make this whole batch
    // wait (a popular author's mentions spread over every worker): the mention is set aside for the next batch
    // instead, and so are the author's later ones in this batch, so that the author's mentions keep their order.
    // Set aside SET_ASIDE_TRIES times, it waits for the lock.
    const waitForAuthor = (lookups.setAside.get(id) ?? 0) >= SET_ASIDE_TRIES;
    const claimed = waitForAuthor
      ? await r.mentions.claimForProcessing(id).then((mention) => mention && { mention, authorLocked: false })
      : ahead
        ? await this.claimAhead(r, id, lookups, ahead)
        : await r.mentions.claimTryingAuthor(id, lookups.busyAuthors);
    const mention = claimed?.mention;
    if (!claimed || !mention || mention.processedAt) return undefined;
    if (waitForAuthor) {
      await r.cases.lockAuthor(mention.authorId);
      lookups.commitSoon = true;
    } else if (!claimed.authorLocked || lookups.busyAuthors.has(mention.authorId)) {
      // (Claimed ahead, an author set aside since keeps the rest of its mentions in this batch behind it too.)
      lookups.busyAuthors.add(mention.authorId);
      return SET_ASIDE;
    }
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

    const parentCase = mention.inReplyTo ? await r.cases.ofMentionExternal(mention.brandId, mention.channelId, mention.inReplyTo) : undefined;
    // A reply joins its parent's case whatever the author's latest is; otherwise the latest decides, and is read locked
    // (it is the case a mention joins most often, and the join is counted on it as stored now).
    const latest = parentCase ? undefined : await r.cases.latestForAuthor(mention.brandId, mention.channelId, mention.authorId, { lock: true });
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
    const classified = (id: string) => w.record({ id, brandId: mention.brandId }, 'classified', SYSTEM, { mention_id: mention.id, ...summary(cls) });
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
      // The classification is recorded before what it caused (playbook, cool-down, not engaging, flags), so the
      // timeline reads cause before effect; see domain/cases/timeline-order.ts for events stored before this.
      await classified(caseId);
      await this.planner.announceNewCase(r, opened, planned, ctx);
    } else {
      caseId = decision.caseId;
      // Locked and read again (the author's latest was read locked): a reply in a thread may join another author's
      // case, which that author's lock does not cover, and the counts below are added to what is stored now.
      const existing = decision.caseId === latest?.id ? latest : (await r.cases.lockById(decision.caseId))!;
      // History joins its thread without reopening it or asking for a response.
      const joined = await w.join(existing, labels, mention.postedAt, SYSTEM, { mention_id: mention.id, rule: decision.rule }, { history });
      await classified(caseId);
      await this.planner.applyToJoinedCase(r, joined.now, joined.reopened, ctx);
    }
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
      { channelId: mention.channelId, externalId: mention.externalId },
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
    if (!history && (await this.detection.onMentionProcessed(r, { ...mention, caseId }, caseId, outbox, now))) lookups.commitSoon = true;
    return { mention: { ...mention, caseId }, cls, settings, outbox };
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

/** The cases a batch touched, per brand, for the live inbox. */
function caseChanges(done: Processed[]): { brandId: string; caseIds: string[] }[] {
  const byBrand = new Map<string, Set<string>>();
  for (const p of done) {
    if (!p.mention.caseId) continue;
    let ids = byBrand.get(p.mention.brandId);
    if (!ids) byBrand.set(p.mention.brandId, (ids = new Set()));
    ids.add(p.mention.caseId);
  }
  return [...byBrand].map(([brandId, ids]) => ({ brandId, caseIds: [...ids] }));
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

/**
 * What happens to a mention after it is stored: it is classified and threaded
 * into a case, in one transaction per mention, with the case's audit trail.
 * Idempotent: a mention already processed is skipped, so a retried or
 * duplicated job does no harm.
 */
import type { Logger } from 'pino';
import type { CaseStatus } from '../domain/cases/case-status.js';
import { statusOnNewMention } from '../domain/cases/case-status.js';
import { type CaseCandidate, decideThread } from '../domain/cases/threading.js';
import type { Classification, Classifier } from '../domain/classification/classifier.js';
import { type Clock, iso } from '../domain/clock.js';
import { newId } from '../domain/ids.js';
import { NEGATIVE_KINDS, type Kind } from '../domain/labels.js';
import type { CaseRow } from '../db/schema.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { Repositories, Store } from '../repositories/store.js';
import { SYSTEM } from './access.js';
import { type BrandSettings, brandSettings } from './brand-settings.js';
import { recordCaseEvent } from './case-events.js';
import { type Notifier, Outbox } from './notifier.js';
import type { ReactionPlanner } from './reaction/reaction-planner.js';
import type { DetectionService } from './reports/detection.service.js';

const SUBJECT_MAX = 500;
/** Long enough that a mention still waiting in a busy queue is not queued twice. */
const SWEEP_AFTER_MS = 10 * 60_000;
const SWEEP_BATCH = 500;

interface BatchLookups {
  settings: Map<string, BrandSettings>;
  classifiers?: Map<string, Classifier>;
  channelKeys: Map<string, string | undefined>;
}

const toCandidate = (c: CaseRow | undefined): CaseCandidate | null =>
  c ? { id: c.id, status: c.status as CaseStatus, lastMentionAt: new Date(c.last_mention_at) } : null;

export class PipelineService {
  constructor(
    private readonly store: Store,
    private readonly classifier: Classifier,
    private readonly queue: JobQueue,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly threadWindowHours: number,
    private readonly planner: ReactionPlanner,
    private readonly notifier: Notifier,
    private readonly detection: DetectionService,
    /** Each brand's classifier adapted from its corrections (the shipped one when it has none). */
    private readonly brandModels?: { classifierFor(brandId: string, repos: Repositories): Promise<Classifier> },
  ) {}

  /** Processes each mention in its own transaction; throws at the end if any failed, so the job retries them. */
  async processMentions(ids: string[]): Promise<void> {
    const failures: string[] = [];
    // A batch usually comes from one brand and a few channels: look those up once.
    const lookups: BatchLookups = { settings: new Map(), channelKeys: new Map() };
    for (const id of ids) {
      try {
        await this.processOne(id, lookups);
      } catch (err) {
        this.logger.error({ err, mentionId: id }, 'mention processing failed');
        failures.push(id);
      }
    }
    if (failures.length) throw new Error(`${failures.length} of ${ids.length} mentions failed to process`);
  }

  private async processOne(id: string, lookups: BatchLookups): Promise<void> {
    const outbox = new Outbox();
    await this.store.transaction(async (r) => {
      const mention = await r.mentions.findById(id);
      if (!mention || mention.processed_at) return;
      if (!lookups.channelKeys.has(mention.channel_id)) lookups.channelKeys.set(mention.channel_id, (await r.mentions.findChannel(mention.channel_id))?.key);
      if (!lookups.settings.has(mention.brand_id)) {
        lookups.settings.set(mention.brand_id, brandSettings((await r.brands.findById(mention.brand_id))?.settings));
      }
      const settings = lookups.settings.get(mention.brand_id)!;
      const channelKey = lookups.channelKeys.get(mention.channel_id) ?? '';
      const classifiers = (lookups.classifiers ??= new Map<string, Classifier>());
      if (!classifiers.has(mention.brand_id)) classifiers.set(mention.brand_id, this.brandModels && settings.learning.enabled ? await this.brandModels.classifierFor(mention.brand_id, r) : this.classifier);
      const cls = classifiers.get(mention.brand_id)!.classify({
        text: mention.text,
        channel: channelKey || undefined,
        competitors: settings.competitors,
      });
      await r.cases.lockAuthor(mention.author_id);

      const parentMention = mention.in_reply_to ? await r.mentions.findByExternal(mention.brand_id, mention.channel_id, mention.in_reply_to) : undefined;
      const parentCase = parentMention?.case_id ? await r.cases.findById(parentMention.case_id) : undefined;
      const latest = await r.cases.latestForAuthor(mention.brand_id, mention.channel_id, mention.author_id);
      const postedAt = new Date(mention.posted_at);
      const decision = decideThread({
        postedAt,
        parentCase: toCandidate(parentCase),
        authorLatestCase: toCandidate(latest),
        windowHours: this.threadWindowHours,
      });
      const now = this.clock.now();

      let caseId: string;
      if (decision.action === 'open') {
        caseId = newId();
        const row: CaseRow = {
          id: caseId,
          brand_id: mention.brand_id,
          channel_id: mention.channel_id,
          author_id: mention.author_id,
          thread_key: mention.in_reply_to ?? mention.external_id,
          status: 'new',
          status_reason: null,
          assignee_id: null,
          subject: mention.text.slice(0, SUBJECT_MAX),
          kind: cls.kind,
          sentiment: cls.sentiment,
          language: cls.language,
          situation: cls.situation,
          is_public: mention.is_public,
          mention_count: 1,
          opened_at: mention.posted_at,
          last_mention_at: mention.posted_at,
          updated_at: iso(now),
          playbook: cls.situation,
          team_id: null,
          flags: '[]',
          hold_until: null,
          response_due_at: null,
          response_type: null,
          due_soon_at: null,
          escalated_at: null,
          first_response_at: null,
          replies_need_approval: 0,
          fix_ref: null,
          fix_shipped_at: null,
          follow_up_state: null,
          follow_up_at: null,
          follow_up_reason: null,
          snoozed_until: null,
          first_response_minutes: null,
        };
        const planned = await this.planner.prepareNewCase(r, row, { mention, cls, channelKey, settings, outbox, now });
        await r.cases.create(planned.row);
        await r.rollups.caseOpened(row.brand_id, row.opened_at);
        await recordCaseEvent(r, row, 'case_opened', SYSTEM, { mention_id: mention.id, rule: decision.rule }, now);
        await planned.finish();
      } else {
        caseId = decision.caseId;
        const existing = (decision.rule === 'reply_in_thread' ? parentCase : latest)!;
        const reopened = await this.joinCase(r, existing, cls, mention.posted_at, now, { mention_id: mention.id, rule: decision.rule });
        await this.planner.applyToJoinedCase(r, (await r.cases.findById(existing.id))!, reopened, { mention, cls, channelKey, settings, outbox, now });
      }
      await recordCaseEvent(r, { id: caseId, brand_id: mention.brand_id }, 'classified', SYSTEM, { mention_id: mention.id, ...summary(cls) }, now);
      await r.mentions.saveProcessing(
        mention.id,
        {
          case_id: caseId,
          processed_at: iso(now),
          language: cls.language,
          sentiment: cls.sentiment,
          kind: cls.kind,
          situation: cls.situation,
          signals: JSON.stringify(cls.signals),
          classification: JSON.stringify(cls),
        },
        mention.brand_id,
        [...new Set(cls.topics)],
      );
      await r.rollups.count({ brand_id: mention.brand_id, channel_id: mention.channel_id, posted_at: mention.posted_at, kind: cls.kind, sentiment: cls.sentiment, language: cls.language }, cls.topics);
      await this.detection.onMentionProcessed(r, { ...mention, case_id: caseId }, caseId, outbox, now);
    });
    await this.notifier.flush(outbox, async (brandId) => brandSettings((await this.store.repos.brands.findById(brandId))?.settings));
  }

  /** Adds the mention to the case; true if that reopened it. */
  private async joinCase(r: Repositories, c: CaseRow, cls: Classification, postedAt: string, now: Date, data: Record<string, unknown>): Promise<boolean> {
    const reopenTo = statusOnNewMention(c.status as CaseStatus);
    // A case keeps the sharpest kind seen: a complaint followed by "thanks" stays a complaint.
    const sharper = NEGATIVE_KINDS.includes(cls.kind) && !NEGATIVE_KINDS.includes((c.kind ?? 'neutral') as Kind);
    await r.cases.update(c.id, {
      mention_count: c.mention_count + 1,
      last_mention_at: postedAt > c.last_mention_at ? postedAt : c.last_mention_at,
      updated_at: iso(now),
      // Reopened: the pending "is it solved?" check is moot; the next reply schedules a new one.
      ...(reopenTo ? { status: reopenTo, status_reason: null, ...(c.follow_up_state === 'scheduled' || c.follow_up_state === 'due' ? { follow_up_state: null, follow_up_at: null } : {}) } : {}),
      ...(sharper ? { kind: cls.kind, sentiment: cls.sentiment, situation: cls.situation } : {}),
      ...(c.language === 'und' && cls.language !== 'und' ? { language: cls.language } : {}),
      // The customer wrote: a snoozed case is awake again.
      ...(c.snoozed_until ? { snoozed_until: null, ...(c.status === 'waiting' ? { status: 'in_progress', status_reason: null } : {}) } : {}),
    });
    await recordCaseEvent(r, c, 'mention_added', SYSTEM, data, now);
    if (reopenTo) await recordCaseEvent(r, c, 'reopened', SYSTEM, { from: c.status, to: reopenTo, mention_id: data.mention_id }, now);
    return reopenTo !== null;
  }

  /** Queues processing for mentions accepted more than ten minutes ago and still unprocessed. */
  async sweep(): Promise<number> {
    const before = iso(new Date(this.clock.now().getTime() - SWEEP_AFTER_MS));
    const ids = await this.store.repos.mentions.unprocessedIds(before, SWEEP_BATCH);
    if (ids.length) {
      this.logger.info({ count: ids.length }, 'sweeper re-queued unprocessed mentions');
      await this.queue.enqueue('mention.process', { mentionIds: ids });
    }
    return ids.length;
  }
}

function summary(c: Classification) {
  return { language: c.language, sentiment: c.sentiment, kind: c.kind, situation: c.situation, topics: c.topics, signals: c.signals, classifier: c.classifier };
}

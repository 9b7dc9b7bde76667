/**
 * Finds what no single case shows: coordinated campaigns (near-identical posts
 * from different authors within hours — linked in each case, flagged, and
 * escalated) and systemic problems (a topic rising well above its own weekly
 * baseline — an alert with the count, the baseline and examples). Campaigns
 * are checked as each mention is processed; spikes by a periodic job.
 */
import type { Logger } from 'pino';
import { type Clock, iso } from '../../domain/clock.js';
import { newId } from '../../domain/ids.js';
import {
  bandKeys,
  DEFAULT_CAMPAIGN_OPTIONS,
  decodeSignature,
  encodeSignature,
  estimateJaccard,
  signatureOf,
} from '../../domain/reports/near-duplicates.js';
import { DEFAULT_SPIKE_OPTIONS, detectSpike, HOURS_PER_WEEK } from '../../domain/reports/spike-detector.js';
import type { Mention } from '../../repositories/mention.repository.js';
import type { Campaign, SystemicAlert } from '../../repositories/detection.repository.js';
import { notFound } from '../../errors.js';
import type { Repositories, Store } from '../../repositories/store.js';
import { type Actor, authorize, SYSTEM } from '../access.js';
import { brandSettings } from '../brand-settings.js';
import { CaseWriter } from '../cases/case-writer.js';
import { type Notifier, Outbox } from '../people/notifier.js';
import { managerIds } from '../people/recipients.js';

const HOUR = 3_600_000;
/** A systemic alert for the same series is not repeated within this time. */
const REALERT_HOURS = 24;

export class DetectionService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly notifier: Notifier,
    private readonly logger: Logger,
  ) {}

  /**
   * In the pipeline's transaction: index the mention and link it into a campaign if it completes or joins one. True
   * when it did (the campaign's row, and the cases it flagged, are locked until the transaction ends).
   */
  async onMentionProcessed(r: Repositories, m: Mention, caseId: string, outbox: Outbox, now: Date): Promise<boolean> {
    const o = DEFAULT_CAMPAIGN_OPTIONS;
    const sig = signatureOf(m.text);
    if (!sig) return false;
    const keys = bandKeys(sig);
    const since = iso(new Date(Date.parse(m.postedAt) - o.windowHours * HOUR));
    const until = iso(new Date(Date.parse(m.postedAt) + o.windowHours * HOUR));
    const candidates = await r.detection.indexAndFindCandidates(
      { mentionId: m.id, brandId: m.brandId, authorId: m.authorId, postedAt: m.postedAt, signature: encodeSignature(sig) },
      keys,
      since,
      until,
    );
    const near = candidates.filter((c) => estimateJaccard(sig, decodeSignature(c.signature)) >= o.threshold);
    const group = [{ mentionId: m.id, authorId: m.authorId, postedAt: m.postedAt }, ...near];
    const authors = new Set(group.map((g) => g.authorId)).size;
    if (group.length < o.minSize || authors < o.minAuthors) return false;

    const existing = await r.detection.campaignOf(group.map((g) => g.mentionId));
    const times = group.map((g) => g.postedAt).sort();
    let campaignId = existing?.id;
    if (!existing) {
      campaignId = newId();
      await r.detection.createCampaign({
        id: campaignId,
        brandId: m.brandId,
        sample: m.text.slice(0, 500),
        size: 0,
        authors: 0,
        firstAt: times[0]!,
        lastAt: times.at(-1)!,
        createdAt: iso(now),
      });
    }
    // Running totals: only the newly linked mentions are read, however large the campaign has grown; the campaign
    // is locked first so that two workers linking to it at once both count.
    const before = existing ? await r.detection.lockCampaign(campaignId!) : undefined;
    const linked = await r.detection.linkMentions(
      campaignId!,
      group.map((g) => g.mentionId),
    );
    if (!linked.length) return Boolean(existing); // all already in it: nothing to count, no case to flag (and the campaign is not new)
    const linkedTimes = linked.map((l) => l.postedAt).sort();
    const earliest = linkedTimes[0]!;
    const latest = linkedTimes.at(-1)!;
    const stats = {
      size: (before?.size ?? 0) + linked.length,
      authors:
        (before?.authors ?? 0) +
        (await r.detection.newAuthors(
          campaignId!,
          linked.map((l) => l.authorId),
          linked.map((l) => l.mentionId),
        )),
      firstAt: before && before.firstAt < earliest ? before.firstAt : earliest,
      lastAt: before && before.lastAt > latest ? before.lastAt : latest,
    };
    await r.detection.updateCampaign(campaignId!, stats);
    for (const l of linked) {
      if (!l.caseId) continue;
      const c = await r.cases.findById(l.caseId);
      if (!c) continue;
      await new CaseWriter(r, now).linkCampaign(c, SYSTEM, { campaign_id: campaignId!, mention_id: l.mentionId, size: stats.size });
    }
    if (!existing) {
      const data = { campaign_id: campaignId, size: stats.size, authors: stats.authors, sample: m.text.slice(0, 300), first_at: stats.firstAt };
      await this.notifier.notify(r, { brandId: m.brandId, userIds: await managerIds(r, m.brandId), type: 'campaign.detected', caseId, data }, now);
      outbox.add({ brandId: m.brandId, event: 'campaign.detected', body: data });
      this.logger.info({ brandId: m.brandId, campaignId, size: stats.size }, 'coordinated campaign detected');
    }
    return true;
  }

  /** For every brand, each topic's volume in the last hours against its own weekly baseline. */
  async detectSpikes(): Promise<SystemicAlert[]> {
    const now = this.clock.now();
    const o = DEFAULT_SPIKE_OPTIONS;
    const hours = o.baselineWeeks * HOURS_PER_WEEK + o.windowHours;
    const end = Math.ceil(now.getTime() / HOUR) * HOUR; // the end of the current hour (now, on the hour)
    const start = end - hours * HOUR;
    const created: SystemicAlert[] = [];
    for (const brand of await this.store.repos.brands.listAll()) {
      const rows = await this.store.repos.detection.hourlyTopicCounts(brand.id, iso(new Date(start)), iso(new Date(end)));
      const series = new Map<string, number[]>();
      for (const row of rows) {
        const idx = Math.floor((Date.parse(`${row.hour}:00:00.000Z`) - start) / HOUR);
        if (idx < 0 || idx >= hours) continue;
        const arr = series.get(row.topic) ?? new Array<number>(hours).fill(0);
        arr[idx]! += row.n;
        series.set(row.topic, arr);
      }
      for (const [topic, counts] of series) {
        const result = detectSpike(counts, o);
        if (!result.alert) continue;
        const name = `topic:${topic}`;
        const windowStart = iso(new Date(end - o.windowHours * HOUR));
        if (await this.store.repos.detection.recentAlert(brand.id, name, iso(new Date(now.getTime() - REALERT_HOURS * HOUR)))) continue;
        const examples = await this.store.repos.detection.examples(brand.id, topic, windowStart, 5);
        const alert: SystemicAlert = {
          id: newId(),
          brandId: brand.id,
          series: name,
          windowStart,
          observed: result.observed,
          // As stored: two decimals, three significant digits.
          expected: Number(result.expected.toFixed(2)),
          pValue: Number(result.pValue.toExponential(2)),
          examples,
          createdAt: iso(now),
        };
        const outbox = new Outbox();
        await this.store.transaction(async (r) => {
          await r.detection.addAlert(alert);
          const data = {
            alert_id: alert.id,
            series: name,
            observed: result.observed,
            expected: alert.expected,
            p_value: result.pValue,
            since: windowStart,
            examples,
          };
          await this.notifier.notify(
            r,
            { brandId: brand.id, userIds: await managerIds(r, brand.id), type: 'systemic.detected', caseId: null, data },
            now,
          );
          outbox.add({ brandId: brand.id, event: 'systemic.detected', body: data });
        });
        await this.notifier.flush(outbox, () => Promise.resolve(brandSettings(brand.settings)));
        this.logger.info({ brandId: brand.id, series: name, observed: result.observed, expected: result.expected }, 'systemic problem detected');
        created.push(alert);
      }
    }
    return created;
  }

  /** Systemic alerts since a time (default: the last 90 days). */
  async alerts(actor: Actor, brandId: string, since?: string): Promise<SystemicAlert[]> {
    authorize(actor, brandId, 'case.read');
    return this.store.repos.detection.alerts(brandId, since ?? this.defaultSince());
  }

  /** Campaigns active since a time (default: the last 90 days). */
  async campaigns(actor: Actor, brandId: string, since?: string): Promise<Campaign[]> {
    authorize(actor, brandId, 'case.read');
    return this.store.repos.detection.campaigns(brandId, since ?? this.defaultSince());
  }

  async campaignsOfCase(actor: Actor, caseId: string): Promise<Campaign[]> {
    const c = await this.store.repos.cases.findById(caseId);
    if (!c) throw notFound('Case');
    authorize(actor, c.brandId, 'case.read');
    return this.store.repos.detection.campaignsOfCase(caseId);
  }

  private defaultSince(): string {
    return iso(new Date(this.clock.now().getTime() - 90 * 86_400_000));
  }
}

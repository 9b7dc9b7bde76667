/**
 * Each brand's classifier, adapted from its team's corrections: trains the
 * brand layer (domain/classification/brand-layer.ts) over the shipped model,
 * stores it per brand with a version, and hands the pipeline the brand's
 * classifier — reloaded whenever the stored version changes, so a retrained
 * layer takes effect in every process without a restart. The shipped model
 * stays the fallback: a brand with no layer, with learning switched off, or
 * whose stored layer fails to load is classified by the shipped model alone.
 */
import type { Logger } from 'pino';
import { BrandLayerClassifier, type LayerExample, trainBrandLayer } from '../../domain/classification/brand-layer.js';
import type { Classifier } from '../../domain/classification/classifier.js';
import { type Clock, iso } from '../../domain/clock.js';
import type { JobQueue } from '../../jobs/job-queue.js';
import type { Repositories, Store } from '../../repositories/store.js';
import { type Actor, authorize } from '../access.js';
import { brandSettings } from '../brand-settings.js';

/** Fewer corrections than this teach nothing reliable: the brand stays on the shipped model. */
export const MIN_CORRECTIONS = 5;
/** The newest corrections trained on (older conventions fade out). */
const MAX_CORRECTIONS = 5000;
/** An answer the team acted on without correcting it counts this much of a correction. */
const CONFIRMATION_WEIGHT = 0.3;

export interface TrainResult {
  trained: boolean;
  /** Why not, when not trained. */
  reason?: string;
  version?: number;
  corrections: number;
  confirmations: number;
  /** Of the corrected mentions, how many the shared model and the brand's layer answer as the team did (kind, sentiment). */
  agreement?: { base: { kind: number; sentiment: number }; layer: { kind: number; sentiment: number } };
  ms?: number;
}

export interface BrandModelStatus {
  learning: boolean;
  retrainEvery: number;
  /** Corrections stored for the brand (every one, also those already trained on). */
  corrections: number;
  minCorrections: number;
  layer: { version: number; trainedAt: string; trainedOn: number; examples: number; agreement: NonNullable<TrainResult['agreement']> | null } | null;
  /** A layer is stored but does not load: the shipped model is used. */
  broken: boolean;
}

export class BrandModelService {
  private readonly cache = new Map<string, { version: number; classifier: Classifier }>();
  /** The version that failed to load, per brand, so it is not re-read for every batch. */
  private readonly broken = new Map<string, number>();

  constructor(
    private readonly store: Store,
    private readonly base: Classifier,
    private readonly queue: JobQueue,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** Retrains the brand's layer from its corrections and stores it as the next version. */
  async train(actor: Actor, brandId: string): Promise<TrainResult> {
    authorize(actor, brandId, 'policy.manage');
    const repos = this.store.repos;
    const brand = await repos.brands.findById(brandId);
    if (!brand) throw new Error(`no brand ${brandId}`);
    const { competitors } = brandSettings(brand.settings);
    const started = performance.now();
    const total = await repos.brandModels.correctionCount(brandId);
    const seen = new Set<string>();
    const corrections = (await repos.brandModels.corrections(brandId, MAX_CORRECTIONS)).filter(
      (c) => !seen.has(c.mentionId) && seen.add(c.mentionId),
    );
    if (corrections.length < MIN_CORRECTIONS) {
      return {
        trained: false,
        reason: `${corrections.length} corrected mention(s): at least ${MIN_CORRECTIONS} are needed`,
        corrections: corrections.length,
        confirmations: 0,
      };
    }
    const confirmations = await repos.brandModels.confirmations(brandId, Math.max(50, 2 * corrections.length));
    const classify = (text: string) => this.base.classify({ text, competitors });
    const corrected: LayerExample[] = corrections.map((c) => {
      // What the person left alone they accepted: the model's original answer stands for that head.
      const { original } = c;
      return {
        text: c.text,
        base: classify(c.text),
        labels: { kind: c.kind ?? original.kind, sentiment: c.sentiment ?? original.sentiment, situation: c.situation ?? original.situation },
      };
    });
    const confirmed: LayerExample[] = confirmations.map((m) => ({
      text: m.text,
      base: classify(m.text),
      labels: { kind: m.kind, sentiment: m.sentiment, situation: m.situation },
      weight: CONFIRMATION_WEIGHT,
    }));
    const layer = trainBrandLayer([...corrected, ...confirmed]);
    const probe = new BrandLayerClassifier(this.base, layer, 0);
    const agreement = { base: { kind: 0, sentiment: 0 }, layer: { kind: 0, sentiment: 0 } };
    for (const e of corrected) {
      const after = probe.classify({ text: e.text, competitors });
      if (e.base.kind === e.labels.kind) agreement.base.kind++;
      if (e.base.sentiment === e.labels.sentiment) agreement.base.sentiment++;
      if (after.kind === e.labels.kind) agreement.layer.kind++;
      if (after.sentiment === e.labels.sentiment) agreement.layer.sentiment++;
    }
    const ms = Math.round(performance.now() - started);
    const summary = {
      corrections: corrected.length,
      confirmations: confirmed.length,
      heads: Object.fromEntries(Object.entries(layer.heads).map(([h, m]) => [h, m.examples])),
      agreement,
      ms,
    };
    const version = await repos.brandModels.save({
      brandId,
      model: layer,
      corrections: total,
      examples: layer.examples,
      summary,
      trainedAt: iso(this.clock.now()),
    });
    this.cache.set(brandId, { version, classifier: new BrandLayerClassifier(this.base, layer, version) });
    this.logger.info({ brandId, version, corrections: corrected.length, confirmations: confirmed.length, ms }, 'brand layer retrained');
    return { trained: true, version, corrections: corrected.length, confirmations: confirmed.length, agreement, ms };
  }

  /**
   * The classifier for a brand's mentions: its layer over the shared model
   * when it has one that loads, else the shared model. Reads only the stored
   * version unless it changed; pass the transaction's repositories when
   * called inside one.
   */
  async classifierFor(brandId: string, repos: Repositories = this.store.repos): Promise<Classifier> {
    const version = await repos.brandModels.version(brandId);
    if (version === undefined) {
      this.cache.delete(brandId);
      return this.base;
    }
    const cached = this.cache.get(brandId);
    if (cached?.version === version) return cached.classifier;
    if (this.broken.get(brandId) === version) return this.base;
    try {
      const stored = await repos.brandModels.find(brandId);
      if (!stored) return this.base;
      const classifier = new BrandLayerClassifier(this.base, stored.model, stored.version);
      this.cache.set(brandId, { version: stored.version, classifier });
      return classifier;
    } catch (err) {
      this.logger.warn({ err, brandId, version }, 'brand layer failed to load: the shipped model classifies this brand');
      this.broken.set(brandId, version);
      this.cache.delete(brandId);
      return this.base;
    }
  }

  /** What the brand's learning stands at, for its managers: the setting, the corrections, and the stored layer (if any). */
  async status(actor: Actor, brandId: string): Promise<BrandModelStatus> {
    authorize(actor, brandId, 'policy.manage');
    const repos = this.store.repos;
    const { learning } = brandSettings((await repos.brands.findById(brandId))?.settings);
    const corrections = await repos.brandModels.correctionCount(brandId);
    let layer: BrandModelStatus['layer'] = null;
    let broken = false;
    try {
      const m = await repos.brandModels.find(brandId);
      if (m) {
        const agreement = m.summary.agreement as NonNullable<TrainResult['agreement']> | undefined;
        layer = { version: m.version, trainedAt: m.trainedAt, trainedOn: m.corrections, examples: m.examples, agreement: agreement ?? null };
      }
    } catch {
      // A stored layer that does not load: the shipped model classifies the brand (classifierFor), and the status says so.
      broken = true;
    }
    return { learning: learning.enabled, retrainEvery: learning.retrainEvery, corrections, minCorrections: MIN_CORRECTIONS, layer, broken };
  }

  /** After a correction: queue a retraining once the brand has `retrainEvery` corrections the layer has not seen. */
  async afterCorrection(brandId: string): Promise<boolean> {
    try {
      const repos = this.store.repos;
      const { learning } = brandSettings((await repos.brands.findById(brandId))?.settings);
      if (!learning.enabled || learning.retrainEvery === 0) return false;
      const total = await repos.brandModels.correctionCount(brandId);
      const trainedOn = await repos.brandModels.trainedOn(brandId);
      if (total - trainedOn < Math.max(learning.retrainEvery, MIN_CORRECTIONS)) return false;
      await this.queue.enqueue('brand.train', { brandId }, { singletonKey: `brand-train:${brandId}`, maxAttempts: 3 });
      return true;
    } catch (err) {
      // The correction itself is stored; a missed retraining is caught up by the next correction or `defuse train`.
      this.logger.error({ err, brandId }, 'could not queue the brand layer retraining');
      return false;
    }
  }
}

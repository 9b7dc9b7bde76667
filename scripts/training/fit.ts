/** Fits both linear models on a chosen part of the training set (the whole of it, or cross-validation folds). */
import { extractFeatures, type FeatureVector } from '../../src/domain/classification/features.js';
import type { LinearModel } from '../../src/domain/classification/linear-model.js';
import { KINDS, SENTIMENTS } from '../../src/domain/labels.js';
import type { Analysis } from '../../src/domain/classification/features.js';
import type { Example } from './datasets.js';
import { trainSoftmax, type TrainRow } from './softmax-trainer.js';
import { labelledRows, SETTINGS, type SetWeights } from './training-set.js';

export interface Prepared {
  examples: Example[];
  analyses: Analysis[];
  full: FeatureVector[];
  /** Corpus rows reduced to phrase-list and shape features (see extractFeatures); null elsewhere. */
  lexical: (FeatureVector | null)[];
  /** The hash width the features were extracted at: the fitted models get 2^hashBits rows. */
  hashBits: number;
}

/** `hashBits`: TRAIN_HASH_BITS (SETTINGS.hashBits, default 19 since defuse-linear-v4) unless given. */
export function prepare(examples: Example[], analyses: Analysis[], hashBits = SETTINGS.hashBits): Prepared {
  return {
    examples,
    analyses,
    full: analyses.map((a) => extractFeatures(a, { bits: hashBits })),
    lexical: analyses.map((a, i) => (examples[i]!.source.startsWith('corpus:') ? extractFeatures(a, { lexicalOnly: true, bits: hashBits }) : null)),
    hashBits,
  };
}

export const TRAIN_OPTIONS = { epochs: SETTINGS.epochs, learningRate: 0.3, l2: 1e-6, seed: 42 };

export function fitModels(
  p: Prepared,
  opts: { include?: (i: number) => boolean; setWeights?: SetWeights; epochs?: number; log?: (s: string) => void; fields?: ('sentiment' | 'kind')[] } = {},
): { models: Partial<Record<'sentiment' | 'kind', LinearModel>>; stats: Record<string, Record<string, number>> } {
  const index = new Map(p.analyses.map((a, i) => [a, i]));
  const models: Partial<Record<'sentiment' | 'kind', LinearModel>> = {};
  const stats: Record<string, Record<string, number>> = {};
  for (const [field, classes] of [['sentiment', SENTIMENTS], ['kind', KINDS]] as const) {
    if (opts.fields && !opts.fields.includes(field)) continue;
    const labelled = labelledRows(p.examples, p.analyses, field, classes, { include: opts.include, setWeights: opts.setWeights });
    stats[field] = {};
    for (const r of labelled) stats[field][`${r.example.lang}:${r.label}`] = (stats[field][`${r.example.lang}:${r.label}`] ?? 0) + 1;
    const rows: TrainRow[] = [];
    for (const r of labelled) {
      const i = index.get(r.analysis)!;
      const y = classes.indexOf(r.label as never);
      rows.push({ x: p.full[i]!, y, weight: r.weight });
      const lx = p.lexical[i];
      if (lx) rows.push({ x: lx, y, weight: r.weight * SETTINGS.lexicalShare });
    }
    opts.log?.(`training ${field} on ${rows.length} rows`);
    models[field] = trainSoftmax(classes, rows, { ...TRAIN_OPTIONS, epochs: opts.epochs ?? TRAIN_OPTIONS.epochs, hashBits: p.hashBits }, opts.log);
  }
  return { models, stats };
}

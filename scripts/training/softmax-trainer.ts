/**
 * Trains a multinomial logistic regression over hashed sparse features with
 * AdaGrad and L2, weighting examples so every (language, label) group counts
 * about the same however many rows a source brought. Deterministic: the
 * shuffle uses a seeded generator.
 */
import type { FeatureVector } from '../../src/domain/classification/features.js';
import type { LinearModel } from '../../src/domain/classification/linear-model.js';
import { seededRandom } from './random.js';

export interface TrainRow {
  x: FeatureVector;
  y: number;
  weight: number;
}

export interface TrainOptions {
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
  /** 2^hashBits weight rows: the width the rows' features were hashed to. */
  hashBits: number;
}

export function trainSoftmax(classes: readonly string[], rows: TrainRow[], o: TrainOptions, log?: (s: string) => void): LinearModel {
  const c = classes.length;
  const buckets = 1 << o.hashBits;
  const w = new Float32Array(buckets * c);
  const g2 = new Float32Array(buckets * c).fill(1e-6);
  const rand = seededRandom(o.seed);
  const order = rows.map((_, i) => i);
  const scores = new Float64Array(c);
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    let loss = 0;
    let weightSum = 0;
    for (const idx of order) {
      const { x, y, weight } = rows[idx]!;
      scores.fill(0);
      for (let f = 0; f < x.indices.length; f++) {
        const row = x.indices[f]! * c;
        const v = x.values[f]!;
        for (let k = 0; k < c; k++) scores[k]! += w[row + k]! * v;
      }
      let max = -Infinity;
      for (let k = 0; k < c; k++) max = Math.max(max, scores[k]!);
      let sum = 0;
      for (let k = 0; k < c; k++) sum += (scores[k] = Math.exp(scores[k]! - max));
      for (let k = 0; k < c; k++) scores[k]! /= sum;
      loss -= weight * Math.log(Math.max(scores[y]!, 1e-12));
      weightSum += weight;
      for (let f = 0; f < x.indices.length; f++) {
        const row = x.indices[f]! * c;
        const v = x.values[f]!;
        for (let k = 0; k < c; k++) {
          const grad = weight * (scores[k]! - (k === y ? 1 : 0)) * v + o.l2 * w[row + k]!;
          g2[row + k]! += grad * grad;
          w[row + k]! -= (o.learningRate * grad) / Math.sqrt(g2[row + k]!);
        }
      }
    }
    log?.(`  epoch ${epoch + 1}/${o.epochs}: loss ${(loss / weightSum).toFixed(4)}`);
  }
  return { classes, weights: w };
}

/** Per-example weights: each (group) totals at most `cap` rows' worth, so no source drowns the rest. */
export function balanceWeights(groups: string[], cap: number): number[] {
  const counts = new Map<string, number>();
  for (const g of groups) counts.set(g, (counts.get(g) ?? 0) + 1);
  return groups.map((g) => Math.min(1, cap / counts.get(g)!));
}

/**
 * Rescales weights so that, within each language, every label carries the
 * same total weight: macro-F1 is what we are judged on, and the public sets
 * are lopsided (English ones are all complaints or hate speech).
 */
export function balanceClassesPerLanguage(langs: string[], labels: string[], weights: number[]): number[] {
  const totals = new Map<string, number>();
  langs.forEach((l, i) => totals.set(`${l}\u0000${labels[i]}`, (totals.get(`${l}\u0000${labels[i]}`) ?? 0) + weights[i]!));
  const perLang = new Map<string, number[]>();
  for (const [key, t] of totals) {
    const l = key.split('\u0000')[0]!;
    perLang.set(l, [...(perLang.get(l) ?? []), t]);
  }
  const mean = new Map([...perLang].map(([l, ts]) => [l, ts.reduce((a, b) => a + b, 0) / ts.length]));
  return weights.map((w, i) => (w * mean.get(langs[i]!)!) / totals.get(`${langs[i]}\u0000${labels[i]}`)!);
}

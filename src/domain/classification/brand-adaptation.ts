/**
 * Learning from one brand's corrections: a small multinomial logistic layer
 * over the shared model's output and the same hashed features, fitted on
 * the corrections that brand's team made. It starts as the identity (its
 * answer is the shared model's until corrections say otherwise) and is
 * pulled back towards it by L2, so a handful of corrections nudges and a few
 * hundred reshape. Pure: the caller stores the layer (it is plain JSON) and
 * decides when to refit; the shipped model stays the fallback.
 */
import type { FeatureVector } from './features.js';

/** Buckets of the layer's own feature weights (the shared features folded into fewer). */
export const ADAPTER_BITS = 14;
const ADAPTER_MASK = (1 << ADAPTER_BITS) - 1;

export interface BrandAdapter {
  classes: string[];
  /** How much the shared model's log-probabilities count (1 at the start). */
  alpha: number;
  /** One bias per class. */
  bias: number[];
  /** Sparse weights: "bucket" → one weight per class. */
  weights: Record<string, number[]>;
  /** How many corrections it was fitted on. */
  trainedOn: number;
}

export interface AdapterExample {
  x: FeatureVector;
  /** The shared model's probabilities, in `classes` order. */
  base: ArrayLike<number>;
  /** Index of the true class in `classes`. */
  y: number;
}

export interface AdapterOptions {
  epochs?: number;
  learningRate?: number;
  /** L2 pull towards the identity layer. */
  l2?: number;
  /** Shuffle seed, for reproducible fits. */
  seed?: number;
  /** Learn per-feature weights too (default), or only the bias and the shared model's weight. */
  features?: boolean;
}

/** The settings the replay measured best (docs/classifier.md, "Learning from a brand's corrections"). */
export const ADAPTER_DEFAULTS: Required<Omit<AdapterOptions, 'seed'>> = { epochs: 30, learningRate: 0.2, l2: 1e-3, features: true };

export function identityAdapter(classes: readonly string[]): BrandAdapter {
  return { classes: [...classes], alpha: 1, bias: classes.map(() => 0), weights: {}, trainedOn: 0 };
}

function logits(a: BrandAdapter, x: FeatureVector, base: ArrayLike<number>, rows?: Map<number, Float64Array>): Float64Array {
  const c = a.classes.length;
  const z = new Float64Array(c);
  for (let k = 0; k < c; k++) z[k] = a.alpha * Math.log(Math.max(base[k]!, 1e-6)) + a.bias[k]!;
  for (let i = 0; i < x.indices.length; i++) {
    const b = x.indices[i]! & ADAPTER_MASK;
    const w = rows ? rows.get(b) : a.weights[b];
    if (!w) continue;
    const v = x.values[i]!;
    for (let k = 0; k < c; k++) z[k] = z[k]! + w[k]! * v;
  }
  return z;
}

function softmax(z: Float64Array): Float64Array {
  let max = -Infinity;
  for (const v of z) max = Math.max(max, v);
  let sum = 0;
  const p = new Float64Array(z.length);
  for (let k = 0; k < z.length; k++) sum += p[k] = Math.exp(z[k]! - max);
  for (let k = 0; k < z.length; k++) p[k]! /= sum;
  return p;
}

/** The adapted probabilities for one mention. */
export function adapt(a: BrandAdapter, x: FeatureVector, base: ArrayLike<number>): Float64Array {
  return softmax(logits(a, x, base));
}

/**
 * Fits the layer on a brand's corrections (AdaGrad on the log-loss, each
 * class weighted so that every corrected class counts alike).
 */
export function fitAdapter(classes: readonly string[], examples: AdapterExample[], o: AdapterOptions = {}): BrandAdapter {
  const epochs = o.epochs ?? ADAPTER_DEFAULTS.epochs;
  const lr = o.learningRate ?? ADAPTER_DEFAULTS.learningRate;
  const l2 = o.l2 ?? ADAPTER_DEFAULTS.l2;
  const c = classes.length;
  const a = identityAdapter(classes);
  if (!examples.length) return a;
  const rows = new Map<number, Float64Array>();
  const g2 = new Map<number, Float64Array>();
  const bias = new Float64Array(c);
  const gBias = new Float64Array(c).fill(1e-6);
  let alpha = 1;
  let gAlpha = 1e-6;
  const counts = new Array<number>(c).fill(0);
  for (const e of examples) counts[e.y]!++;
  const present = counts.filter((n) => n > 0).length;
  const classWeight = counts.map((n) => (n ? examples.length / (present * n) : 0));
  let seed = (o.seed ?? 1) >>> 0;
  const rand = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296);
  const order = examples.map((_, i) => i);
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const idx of order) {
      const e = examples[idx]!;
      a.alpha = alpha;
      a.bias = [...bias];
      const p = softmax(logits(a, e.x, e.base, rows));
      const cw = classWeight[e.y]!;
      const err = p.map((v, k) => cw * (v - (k === e.y ? 1 : 0)));
      let gA = (alpha - 1) * l2;
      for (let k = 0; k < c; k++) gA += err[k]! * Math.log(Math.max(e.base[k]!, 1e-6));
      gAlpha += gA * gA;
      alpha -= (lr * gA) / Math.sqrt(gAlpha);
      for (let k = 0; k < c; k++) {
        const g = err[k]! + l2 * bias[k]!;
        gBias[k]! += g * g;
        bias[k]! -= (lr * g) / Math.sqrt(gBias[k]!);
      }
      for (let f = 0; f < (o.features === false ? 0 : e.x.indices.length); f++) {
        const b = e.x.indices[f]! & ADAPTER_MASK;
        let w = rows.get(b);
        let g = g2.get(b);
        if (!w || !g) {
          rows.set(b, (w = new Float64Array(c)));
          g2.set(b, (g = new Float64Array(c).fill(1e-6)));
        }
        const v = e.x.values[f]!;
        for (let k = 0; k < c; k++) {
          const grad = err[k]! * v + l2 * w[k]!;
          g[k]! += grad * grad;
          w[k]! -= (lr * grad) / Math.sqrt(g[k]!);
        }
      }
    }
  }
  const round = (v: number) => Math.round(v * 1e5) / 1e5;
  const weights: Record<string, number[]> = {};
  for (const [b, w] of rows) if (w.some((v) => Math.abs(v) > 1e-4)) weights[b] = [...w].map(round);
  return { classes: [...classes], alpha: round(alpha), bias: [...bias].map(round), weights, trainedOn: examples.length };
}

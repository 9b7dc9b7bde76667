/**
 * A brand's own adaptation of the shared model, learned from its team's
 * corrections: a small multinomial logistic layer per head (kind, sentiment,
 * situation) on top of the shared classification.
 *
 * For class c of a head the layer's logit is
 *
 *     z_c = a·log q_c + d·[c = base answer] + Σ_j w_jc·x_j
 *
 * where q is the shared model's probabilities (made consistent with its final
 * answer, which its rules may have moved), and x the layer's own features:
 * a bias, the shared model's answers on every head, its probabilities, and
 * hashed stem unigrams and bigrams of the text (our own featurizer over
 * domain/text/stemming.ts, independent of the shared model's features).
 * Training pulls a and d towards (1, 1) and w towards 0 with a strong L2
 * penalty: with no or few corrections the layer answers exactly what the
 * shared model answers, and it takes consistent evidence to move it.
 *
 * Pure and deterministic: full-batch Adam from zero, no randomness; the
 * trained layer is plain JSON.
 */
import { KINDS, NEGATIVE_KINDS, type Kind, SENTIMENTS, type Sentiment, SITUATIONS, type Situation } from '../labels.js';
import { stemWords } from '../text/stemming.js';
import type { Classification, Classifier, ClassifierInput } from './classifier.js';
import { type Reason, type ReasonParams, reasonText } from './reasons.js';

export const HEADS = ['kind', 'sentiment', 'situation'] as const;
export type Head = (typeof HEADS)[number];
const CLASSES: Record<Head, readonly string[]> = { kind: KINDS, sentiment: SENTIMENTS, situation: SITUATIONS };

export const BRAND_LAYER_FORMAT = 'defuse-brand-layer-v1';
const TEXT_BITS = 20;
const TEXT_MASK = (1 << TEXT_BITS) - 1;
/** Rows above the hashed text space: the bias, then each head's answer and probabilities. */
const META = 1 << TEXT_BITS;
const BIAS_ROW = META;
const metaRow = (head: Head, what: 'is' | 'p', k: number) => META + 1 + HEADS.indexOf(head) * 64 + (what === 'p' ? 32 : 0) + k;
const MIN_PROB = 1e-4;
const MIN_DOC_FREQ = 2;
const BALANCE_PSEUDO = 10;
const META_L2_FACTOR = 10;

/** What a person (or an implicit confirmation) says a mention is; a missing head is not trained on. */
export interface LayerExample {
  text: string;
  /** The shared model's classification of the text (with its scores, when it has them). */
  base: Classification;
  labels: { kind?: string | null; sentiment?: string | null; situation?: string | null };
  /** 1 for a correction; less for weaker evidence (an answer a person acted on without correcting it). */
  weight?: number;
}

export interface TrainOptions {
  /** L2 strength on the feature weights (per example weight, summed loss): higher trusts the base more. */
  l2?: number;
  /** L2 strength pulling a and d towards their prior values. */
  priorL2?: number;
  iterations?: number;
  learningRate?: number;
  /** 0: every example weighs alike; 1: every class weighs alike (for macro-F1); between: a compromise. */
  balance?: number;
}

export const DEFAULT_TRAIN_OPTIONS: Required<TrainOptions> = { l2: 1, priorL2: 20, iterations: 60, learningRate: 0.25, balance: 1 };
const PRIOR_A = 1;
const PRIOR_D = 1;

interface HeadModel {
  classes: readonly string[];
  a: number;
  d: number;
  /** Feature row → weight per class (only rows with a weight worth keeping). */
  rows: Record<string, number[]>;
  /** How many examples this head learned from. */
  examples: number;
}

export interface BrandLayer {
  format: typeof BRAND_LAYER_FORMAT;
  /** Examples trained on (corrections and implicit confirmations). */
  examples: number;
  heads: Partial<Record<Head, HeadModel>>;
}

/** FNV-1a, 32-bit, into the text feature space. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) & TEXT_MASK;
}

interface SparseX {
  rows: number[];
  values: number[];
}

/** The shared model's probabilities for a head, with its final answer made the most probable. */
function baseProbs(head: Head, base: Classification): number[] {
  const classes = CLASSES[head];
  const answer = base[head] as string;
  const scores = head === 'situation' ? undefined : base.scores?.[head];
  const p = classes.map((c) => (scores ? (scores[c] ?? 0) : c === answer ? 0.7 : 0.3 / (classes.length - 1)));
  const ai = classes.indexOf(answer);
  if (ai < 0) return p;
  let mi = 0;
  for (let i = 1; i < p.length; i++) if (p[i]! > p[mi]!) mi = i;
  if (mi !== ai) [p[ai], p[mi]] = [p[mi]!, p[ai]!];
  return p.map((v) => Math.max(v, MIN_PROB));
}

/** The layer's own features of a mention: bias, the shared model's answers and probabilities, stem n-grams. */
export function layerFeatures(text: string, base: Classification): SparseX {
  const acc = new Map<number, number>();
  const stems = stemWords(text.slice(0, 2000), base.language)
    .map((w) => w.stem)
    .filter((s) => !/^\d+$/.test(s))
    .slice(0, 150);
  for (let i = 0; i < stems.length; i++) {
    const u = hash(`u:${stems[i]}`);
    acc.set(u, (acc.get(u) ?? 0) + 1);
    if (i + 1 < stems.length) {
      const b = hash(`b:${stems[i]} ${stems[i + 1]}`);
      acc.set(b, (acc.get(b) ?? 0) + 1);
    }
  }
  let norm = 0;
  for (const v of acc.values()) norm += v * v;
  norm = Math.sqrt(norm) || 1;
  const rows: number[] = [BIAS_ROW];
  const values: number[] = [1];
  for (const [r, v] of acc) {
    rows.push(r);
    values.push(v / norm);
  }
  for (const head of HEADS) {
    const classes = CLASSES[head];
    const answer = classes.indexOf(base[head]);
    if (answer >= 0) {
      rows.push(metaRow(head, 'is', answer));
      values.push(1);
    }
    if (head !== 'situation' && base.scores?.[head]) {
      const p = baseProbs(head, base);
      p.forEach((v, k) => {
        rows.push(metaRow(head, 'p', k));
        values.push(v);
      });
    }
  }
  return { rows, values };
}

/** Softmax in place. */
function softmax(z: Float64Array): Float64Array {
  let max = -Infinity;
  for (const v of z) if (v > max) max = v;
  let sum = 0;
  for (let i = 0; i < z.length; i++) {
    z[i] = Math.exp(z[i]! - max);
    sum += z[i]!;
  }
  for (let i = 0; i < z.length; i++) z[i] = z[i]! / sum;
  return z;
}

/** Trains the layer; heads with fewer than `minExamples` labelled examples are left to the shared model. */
export function trainBrandLayer(examples: readonly LayerExample[], options: TrainOptions = {}, minExamples = 5): BrandLayer {
  const o = { ...DEFAULT_TRAIN_OPTIONS, ...options };
  const feats = examples.map((e) => layerFeatures(e.text, e.base));
  const heads: Partial<Record<Head, HeadModel>> = {};
  for (const head of HEADS) {
    const classes = CLASSES[head];
    const items: Item[] = [];
    examples.forEach((e, i) => {
      const y = classes.indexOf(e.labels[head] ?? '');
      if (y < 0) return;
      items.push({ x: feats[i]!, y, w: e.weight ?? 1, logq: baseProbs(head, e.base).map(Math.log), answer: classes.indexOf(e.base[head]) });
    });
    if (items.length < minExamples) continue;
    heads[head] = trainHead(classes, items, o);
  }
  return { format: BRAND_LAYER_FORMAT, examples: examples.length, heads };
}

type Item = { x: SparseX; y: number; w: number; logq: number[]; answer: number };

function trainHead(classes: readonly string[], items: Item[], o: Required<TrainOptions>): HeadModel {
  const C = classes.length;
  // Each class weighs alike whatever its share of the corrections: a team's rare classes matter as much as the common one.
  const perClass = new Float64Array(C);
  for (const it of items) perClass[it.y] = perClass[it.y]! + it.w;
  const present = perClass.filter((v) => v > 0).length;
  const total = perClass.reduce((a, b) => a + b, 0);
  // Smoothed with a few pseudo-examples per class, so three corrections of a rare class do not outweigh the rest.
  const balance = Array.from(perClass, (v) => (v > 0 ? ((total + present * BALANCE_PSEUDO) / (present * (v + BALANCE_PSEUDO))) ** o.balance : 0));
  // A stem or pair seen in one correction only cannot tell a convention from a one-off: it gets no weight.
  const df = new Map<number, number>();
  for (const it of items) for (const r of it.x.rows) df.set(r, (df.get(r) ?? 0) + 1);
  const kept = (r: number) => r >= META || (df.get(r) ?? 0) >= MIN_DOC_FREQ;
  // Compact the rows kept into a dense parameter block.
  const rowIndex = new Map<number, number>();
  const xs = items.map((it) => {
    const idx: number[] = [];
    const val: number[] = [];
    it.x.rows.forEach((r, j) => {
      if (!kept(r)) return;
      let k = rowIndex.get(r);
      if (k === undefined) {
        k = rowIndex.size;
        rowIndex.set(r, k);
      }
      idx.push(k);
      val.push(it.x.values[j]!);
    });
    return { idx, val };
  });
  const F = rowIndex.size;
  // The shared model's answers and probabilities as features shift a whole class at once: they need far more evidence than a stem.
  const l2 = new Float64Array(F * C);
  for (const [row, k] of rowIndex) l2.fill(row > BIAS_ROW ? o.l2 * META_L2_FACTOR : o.l2, k * C, k * C + C);
  const W = new Float64Array(F * C);
  const G = new Float64Array(F * C);
  const M = new Float64Array(F * C + 2);
  const V = new Float64Array(F * C + 2);
  let a = PRIOR_A;
  let d = PRIOR_D;
  const z = new Float64Array(C);
  const beta1 = 0.9;
  const beta2 = 0.999;
  for (let t = 1; t <= o.iterations; t++) {
    G.fill(0);
    let ga = 0;
    let gd = 0;
    for (let n = 0; n < items.length; n++) {
      const it = items[n]!;
      const { idx, val } = xs[n]!;
      for (let c = 0; c < C; c++) z[c] = a * it.logq[c]! + (c === it.answer ? d : 0);
      for (let j = 0; j < idx.length; j++) {
        const base = idx[j]! * C;
        const v = val[j]!;
        for (let c = 0; c < C; c++) z[c] = z[c]! + W[base + c]! * v;
      }
      softmax(z);
      for (let c = 0; c < C; c++) {
        const err = it.w * balance[it.y]! * (z[c]! - (c === it.y ? 1 : 0));
        ga += err * it.logq[c]!;
        if (c === it.answer) gd += err;
        z[c] = err;
      }
      for (let j = 0; j < idx.length; j++) {
        const base = idx[j]! * C;
        const v = val[j]!;
        for (let c = 0; c < C; c++) G[base + c] = G[base + c]! + z[c]! * v;
      }
    }
    ga += o.priorL2 * (a - PRIOR_A);
    gd += o.priorL2 * (d - PRIOR_D);
    const lr = o.learningRate;
    const c1 = 1 - beta1 ** t;
    const c2 = 1 - beta2 ** t;
    for (let i = 0; i < F * C; i++) {
      const g = G[i]! + l2[i]! * W[i]!;
      M[i] = beta1 * M[i]! + (1 - beta1) * g;
      V[i] = beta2 * V[i]! + (1 - beta2) * g * g;
      W[i] = W[i]! - (lr * (M[i]! / c1)) / (Math.sqrt(V[i]! / c2) + 1e-8);
    }
    const k = F * C;
    M[k] = beta1 * M[k]! + (1 - beta1) * ga;
    V[k] = beta2 * V[k]! + (1 - beta2) * ga * ga;
    a -= (lr * (M[k] / c1)) / (Math.sqrt(V[k] / c2) + 1e-8);
    M[k + 1] = beta1 * M[k + 1]! + (1 - beta1) * gd;
    V[k + 1] = beta2 * V[k + 1]! + (1 - beta2) * gd * gd;
    d -= (lr * (M[k + 1]! / c1)) / (Math.sqrt(V[k + 1]! / c2) + 1e-8);
  }
  const rows: Record<string, number[]> = {};
  for (const [row, k] of rowIndex) {
    const w = Array.from(W.subarray(k * C, k * C + C), (v) => Math.round(v * 1e4) / 1e4);
    if (w.some((v) => Math.abs(v) >= 1e-3)) rows[String(row)] = w;
  }
  return { classes, a: round4(a), d: round4(d), rows, examples: items.length };
}

const round4 = (v: number) => Math.round(v * 1e4) / 1e4;

/** The layer's probabilities for one head, or undefined when it has not learned that head. */
function headProbs(model: HeadModel | undefined, head: Head, base: Classification, x: SparseX): Float64Array | undefined {
  if (!model) return undefined;
  return softmax(logits(model, baseProbs(head, base).map(Math.log), model.classes.indexOf(base[head]), x));
}

function logits(model: HeadModel, logq: number[], answer: number, x: SparseX): Float64Array {
  const C = model.classes.length;
  const z = new Float64Array(C);
  for (let c = 0; c < C; c++) z[c] = model.a * logq[c]! + (c === answer ? model.d : 0);
  for (let j = 0; j < x.rows.length; j++) {
    const w = model.rows[x.rows[j]!];
    if (!w) continue;
    const v = x.values[j]!;
    for (let c = 0; c < C; c++) z[c] = z[c]! + w[c]! * v;
  }
  return z;
}

/** How well a kind fits a sentiment (LABELS.md): negative kinds are negative, praise positive. */
const fits = (kind: Kind, sentiment: Sentiment) =>
  NEGATIVE_KINDS.includes(kind) ? sentiment === 'negative' : kind === 'praise' ? sentiment === 'positive' : true;

/** The situation a kind implies when the layer moved the kind but not the situation. */
function situationForKind(kind: Kind, current: Situation): Situation {
  if (kind === 'trolling') return 'conflict_for_conflict';
  if (kind === 'idea') return 'idea';
  if (kind === 'black_pr' || kind === 'praise' || kind === 'neutral') return 'other';
  if (current === 'conflict_for_conflict' || current === 'idea' || current === 'other') {
    return kind === 'constructive' ? 'service_complaint' : kind === 'impulsive' ? 'public_negative_comment' : 'other';
  }
  return current;
}

/** A probability as a whole percent. */
const pct = (v: number) => Math.round(v * 100);

/**
 * The brand's answer for a mention: the shared answer unless the layer says
 * otherwise; then the reasons say what the brand layer changed.
 */
export function applyBrandLayer(layer: BrandLayer, base: Classification, text: string, version?: number): Classification {
  const x = layerFeatures(text, base);
  const pk = headProbs(layer.heads.kind, 'kind', base, x);
  const ps = headProbs(layer.heads.sentiment, 'sentiment', base, x);
  const pt = headProbs(layer.heads.situation, 'situation', base, x);
  const argmax = (p: Float64Array) => p.reduce((best, v, i) => (v > p[best]! ? i : best), 0);
  let kind = pk ? (KINDS[argmax(pk)] as Kind) : base.kind;
  let sentiment = ps ? (SENTIMENTS[argmax(ps)] as Sentiment) : base.sentiment;
  if ((kind !== base.kind || sentiment !== base.sentiment) && !fits(kind, sentiment)) {
    // Kind and sentiment must agree: the best fitting pair by the layer's probabilities (the shared model's for a head it has not learned).
    const kp = pk ?? baseProbs('kind', base);
    const sp = ps ?? baseProbs('sentiment', base);
    let best = -1;
    for (let i = 0; i < KINDS.length; i++) {
      for (let j = 0; j < SENTIMENTS.length; j++) {
        if (!fits(KINDS[i]!, SENTIMENTS[j]!)) continue;
        const p = kp[i]! * sp[j]!;
        if (p > best) {
          best = p;
          kind = KINDS[i]!;
          sentiment = SENTIMENTS[j]!;
        }
      }
    }
  }
  let situation = pt ? (SITUATIONS[argmax(pt)] as Situation) : base.situation;
  if (kind !== base.kind && situation === base.situation) situation = situationForKind(kind, situation);
  if (kind === base.kind && sentiment === base.sentiment && situation === base.situation) return base;

  const params: ReasonParams = { ...(version !== undefined ? { version } : {}), examples: layer.examples };
  if (kind !== base.kind) {
    Object.assign(params, { kind_from: base.kind, kind_to: kind }, pk ? { kind_percent: pct(pk[KINDS.indexOf(kind)]!) } : {});
  }
  if (sentiment !== base.sentiment) {
    Object.assign(params, {
      sentiment_from: base.sentiment,
      sentiment_to: sentiment,
      sentiment_percent: pct(ps ? ps[SENTIMENTS.indexOf(sentiment)]! : 1),
    });
  }
  if (situation !== base.situation) Object.assign(params, { situation_from: base.situation, situation_to: situation });
  const why: Reason = { code: 'brand_layer', params };
  return {
    ...base,
    kind,
    sentiment,
    situation,
    confidence: {
      kind: pk && kind !== base.kind ? round3(pk[KINDS.indexOf(kind)]!) : base.confidence.kind,
      sentiment: ps && sentiment !== base.sentiment ? round3(ps[SENTIMENTS.indexOf(sentiment)]!) : base.confidence.sentiment,
    },
    reasons: [...base.reasons, reasonText(why)],
    // Codes only where the shared answer had them: a list of codes that stops half-way would hide the English lines.
    ...(base.reasonCodes ? { reasonCodes: [...base.reasonCodes, why] } : {}),
  };
}

const round3 = (v: number) => Math.round(v * 1000) / 1000;

/** The shared classifier with a brand's layer on top. */
export class BrandLayerClassifier implements Classifier {
  readonly name: string;
  constructor(
    private readonly base: Classifier,
    private readonly layer: BrandLayer,
    private readonly version: number,
  ) {
    this.name = `${base.name}+brand-v${version}`;
  }

  classify(input: ClassifierInput): Classification {
    const base = this.base.classify(input);
    const out = applyBrandLayer(this.layer, base, input.text, this.version);
    return out === base ? base : { ...out, classifier: this.name };
  }
}

/** Reads a stored layer, refusing anything that is not one (a bad row must not break classification). */
export function parseBrandLayer(json: string): BrandLayer {
  const v = JSON.parse(json) as BrandLayer;
  if (!v || v.format !== BRAND_LAYER_FORMAT || typeof v.heads !== 'object') throw new Error('not a brand layer');
  for (const head of HEADS) {
    const h = v.heads[head];
    if (!h) continue;
    const C = CLASSES[head].length;
    if (h.classes.length !== C || h.classes.some((c, i) => c !== CLASSES[head][i]) || !Number.isFinite(h.a) || !Number.isFinite(h.d))
      throw new Error(`brand layer head ${head} does not match the labels`);
    for (const w of Object.values(h.rows))
      if (!Array.isArray(w) || w.length !== C || w.some((x) => !Number.isFinite(x))) throw new Error(`brand layer head ${head} is corrupt`);
  }
  return v;
}

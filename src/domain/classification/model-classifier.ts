/**
 * Defuse's classifier: two trained linear models (sentiment, kind) over the
 * analysed text, then the rules of LABELS.md on top — signals from the phrase
 * lists, kind and sentiment decided together, situation and topics — with the
 * phrases behind every decision in `reasons`.
 */
import { analyze } from './analyze.js';
import type { Classification, Classifier, ClassifierInput } from './classifier.js';
import { type Analysis, extractFeatures, type FeatureVector, HASH_BITS, hashBitsOf } from './features.js';
import { KINDS, type Kind, NEGATIVE_KINDS, SENTIMENTS, type Sentiment, type Signal, type Situation, TOPICS, type Topic } from '../labels.js';
import { type LinearModel, predictProba, predictProbaQuantized, predictProbaTogether, type QuantizedLinearModel } from './linear-model.js';
import type { PhraseHit } from './phrase-matcher.js';
import { type Calibration, calibrate } from './calibration.js';
import { PHRASE_CATEGORIES, ReasonList } from './reasons.js';
import { WrittenQuotes } from './quotes.js';

/** Anything that gives class probabilities for an analysed mention. */
export interface Scorer {
  readonly classes: readonly string[];
  /** The hashed feature buckets its weights cover (2^bits: the features are hashed to that width); HASH_BITS's when absent. */
  readonly buckets?: number;
  scores(analysis: Analysis, features: FeatureVector): Float32Array;
}

export const linearScorer = (model: LinearModel): Scorer => ({
  classes: model.classes,
  buckets: model.weights.length / model.classes.length,
  scores: (_a, x) => predictProba(model, x),
});

/** The same scores as {@link linearScorer} on the decoded model, straight from the stored int16 weights. */
export const quantizedScorer = (model: QuantizedLinearModel): Scorer => ({
  classes: model.classes,
  buckets: model.buckets,
  scores: (_a, x) => predictProbaQuantized(model, x),
});

export interface ClassifierModels {
  sentiment: Scorer;
  kind: Scorer;
  /** Both heads' scores at once, when the models can give them faster together (the same as calling each). */
  both?: (analysis: Analysis, features: FeatureVector) => [sentiment: Float32Array, kind: Float32Array];
}

/** The shipped models as stored, scored in one pass when they share a table (see interleave in linear-model.ts). */
export function quantizedModels(sentiment: QuantizedLinearModel, kind: QuantizedLinearModel): ClassifierModels {
  return { sentiment: quantizedScorer(sentiment), kind: quantizedScorer(kind), both: (_a, x) => predictProbaTogether(sentiment, kind, x) };
}

const KIND_WEIGHT = 0.6;
const TROLLING_WITHOUT_EVIDENCE = 0.5;
const SENTIMENT_KIND_INFLUENCE = 0.3;
const SIGNAL_CATEGORIES: Signal[] = ['profanity', 'insult', 'threat', 'legal_threat', 'churn_threat', 'urgent'];

/** How well a kind fits a sentiment (LABELS.md: the negative kinds are negative, praise positive). */
function compat(kind: Kind, sentiment: Sentiment): number {
  if (NEGATIVE_KINDS.includes(kind)) return sentiment === 'negative' ? 1 : 0.05;
  if (kind === 'praise') return sentiment === 'positive' ? 1 : 0.05;
  // News about a brand has no attitude of the writer's own but can still be good or bad for it.
  if (kind === 'neutral') return sentiment === 'neutral' ? 1 : sentiment === 'positive' ? 0.3 : 0.08;
  if (kind === 'question') return sentiment === 'positive' ? 0.3 : 1;
  return 1; // idea
}

/** compat(KINDS[k], SENTIMENTS[s]) at [k × 3 + s]. */
const COMPAT = Float64Array.from(KINDS.flatMap((k) => SENTIMENTS.map((s) => compat(k, s))));
const KIND_INDEX = Object.fromEntries(KINDS.map((k, i) => [k, i])) as Record<Kind, number>;
const SENTIMENT_INDEX = Object.fromEntries(SENTIMENTS.map((s, i) => [s, i])) as Record<Sentiment, number>;
const NS = SENTIMENTS.length;
const TOPIC_CATEGORIES = TOPICS.filter((t) => t !== 'other').map((t) => [t, `topic.${t}`] as const);

/**
 * A mention's model probabilities in label order (KINDS, SENTIMENTS), and every kind and sentiment pair's joint
 * score: kind probability ** KIND_WEIGHT (the kind model's say damped) × sentiment probability × compat.
 */
interface Probabilities {
  kind: Float64Array;
  sentiment: Float64Array;
  /** [k × 3 + s] */
  joint: Float64Array;
}

export class ModelClassifier implements Classifier {
  private readonly sentimentIdx: number[];
  private readonly kindIdx: number[];
  /** The models' hash width, from their bucket count (old files: 2^18; a wider model hashes to more buckets). */
  readonly hashBits: number;

  constructor(
    readonly models: ClassifierModels,
    readonly name = 'defuse-linear-v3',
    /** Maps the models' raw confidences to measured ones (models/calibration.json); identity without it. */
    readonly calibration: Calibration = {},
  ) {
    this.sentimentIdx = SENTIMENTS.map((s) => models.sentiment.classes.indexOf(s));
    this.kindIdx = KINDS.map((k) => models.kind.classes.indexOf(k));
    if (this.sentimentIdx.includes(-1) || this.kindIdx.includes(-1)) throw new Error('model classes do not match the labels');
    const widths = [models.sentiment.buckets, models.kind.buckets].filter((b) => b !== undefined).map(hashBitsOf);
    if (widths.some((b) => b !== widths[0])) throw new Error(`the sentiment and kind models hash to different widths (${widths.join(' and ')} bits)`);
    this.hashBits = widths[0] ?? HASH_BITS;
  }

  classify(input: ClassifierInput): Classification {
    const a = analyze(input.text, input.lang, { competitors: input.competitors });
    const x = extractFeatures(a, { bits: this.hashBits });
    const [ps, pk] = this.models.both ? this.models.both(a, x) : [this.models.sentiment.scores(a, x), this.models.kind.scores(a, x)];
    const byCat = new Map<string, PhraseHit[]>();
    for (const h of a.hits) {
      const list = byCat.get(h.category);
      if (list) list.push(h);
      else byCat.set(h.category, [h]);
    }
    const has = (c: string) => byCat.has(c);

    const p: Probabilities = { kind: new Float64Array(KINDS.length), sentiment: new Float64Array(NS), joint: new Float64Array(KINDS.length * NS) };
    for (let k = 0; k < KINDS.length; k++) p.kind[k] = pk[this.kindIdx[k]!]!;
    for (let s = 0; s < NS; s++) p.sentiment[s] = ps[this.sentimentIdx[s]!]!;
    for (let k = 0; k < KINDS.length; k++) {
      const damped = p.kind[k]! ** KIND_WEIGHT;
      for (let s = 0; s < NS; s++) p.joint[k * NS + s] = damped * p.sentiment[s]! * COMPAT[k * NS + s]!;
    }
    // Sentiment first: its model learned from far more real text than the kind model. The kind
    // model only nudges it (a weak power), then the kind is chosen among those fitting that sentiment.
    let si = 0;
    let best = 0;
    for (let s = 0; s < NS; s++) {
      let fit = 0;
      for (let k = 0; k < KINDS.length; k++) fit += p.kind[k]! * COMPAT[k * NS + s]!;
      const score = p.sentiment[s]! * fit ** SENTIMENT_KIND_INFLUENCE;
      if (s === 0 || score > best) {
        best = score;
        si = s;
      }
    }
    let ki = 0;
    for (let k = 1; k < KINDS.length; k++) if (p.joint[k * NS + si]! > p.joint[ki * NS + si]!) ki = k;
    let sentiment: Sentiment = SENTIMENTS[si]!;
    let kind: Kind = KINDS[ki]!;
    let total = 0;
    for (let k = 0; k < KINDS.length; k++) for (let s = 0; s < NS; s++) total += p.joint[k * NS + s]!;
    const prob = (k: Kind) => p.kind[KIND_INDEX[k]]!;
    const reasons = new ReasonList();
    const written = new WrittenQuotes(input.text);
    const quotes = (hs: PhraseHit[], max: number) => written.quotes(hs, max);
    reasons.add('language', { language: a.language, how: a.languageInfo.how });

    // Trolling is insults, mockery or provocation: without any of those words, only a confident model may say so.
    if (kind === 'trolling' && !has('insult') && !has('profanity') && !has('threat') && prob('trolling') < TROLLING_WITHOUT_EVIDENCE) {
      // The model heard hostility: the text stays negative, so the choice is among the other negative kinds.
      const next = bestOther(p, 'trolling', sentiment === 'negative' ? NEGATIVE_KINDS : KINDS);
      reasons.add('not_trolling_no_insult', { percent: percentOf(prob('trolling')) });
      kind = next.kind;
      sentiment = next.sentiment;
    }
    // Black PR pushes to a rival or smears: without such words or a competitor's name it is not called that.
    if (kind === 'black_pr' && !has('black_pr') && !has('competitor')) {
      const next = bestOther(
        p,
        'black_pr',
        NEGATIVE_KINDS.filter((k) => k !== 'trolling' || has('insult') || has('profanity')),
      );
      reasons.add('not_black_pr_no_smear');
      kind = next.kind;
      sentiment = next.sentiment;
    }
    // LABELS.md: profanity alone is not trolling when a real problem is described.
    const describesProblem = (has('experience') && has('detail')) || (byCat.get('detail')?.length ?? 0) >= 2 || (has('detail') && has('negative'));
    if (kind === 'trolling' && describesProblem) {
      kind = prob('constructive') >= prob('impulsive') ? 'constructive' : 'impulsive';
      reasons.add('not_trolling_real_problem');
    }
    // A push to a named competitor is black PR whatever the tone.
    if (has('competitor') && has('black_pr') && !has('experience')) {
      kind = 'black_pr';
      sentiment = 'negative';
      reasons.add('black_pr_competitor', { quotes: quotes([...byCat.get('competitor')!, ...byCat.get('black_pr')!], 6) });
    }
    // LABELS.md: a question asks for information without complaining.
    if (kind === 'neutral' && sentiment !== 'negative' && a.questionMarks > 0 && has('question')) {
      kind = 'question';
      reasons.add('question_no_complaint');
    }
    // LABELS.md: sarcasm aimed at a company's real conduct is impulsive ("Amazing service as always. Only took you 3
    // weeks to lose my parcel. Bravo."): read as praise it would get no deadline. A sarcastic turn of phrase and a
    // failure named, both; either alone is ordinary praise ("Bravo, delivered in a day") or ordinary criticism.
    if ((kind === 'praise' || kind === 'neutral' || sentiment === 'positive') && has('sarcasm') && has('negative')) {
      kind = 'impulsive';
      sentiment = 'negative';
      reasons.add('sarcasm_grievance', { quotes: quotes([...byCat.get('sarcasm')!, ...byCat.get('negative')!], 4) });
    }
    if (has('threat') && sentiment !== 'negative') sentiment = 'negative';
    // LABELS.md: a legal threat is an appeal to a court, lawyer, police or regulator against the company — a
    // grievance, never praise, news or a plain question ("I'll see you in court").
    if (has('legal_threat') && !NEGATIVE_KINDS.includes(kind)) {
      kind = bestOther(p, kind, ['constructive', 'impulsive']).kind;
      sentiment = 'negative';
      reasons.add('legal_threat_grievance', { kind });
    }

    const signals: Signal[] = SIGNAL_CATEGORIES.filter((c) => has(c) && (c !== 'urgent' || sentiment === 'negative'));
    if (has('competitor')) signals.push('competitor_mention');

    const topics: Topic[] = [];
    for (const [t, cat] of TOPIC_CATEGORIES) if (has(cat)) topics.push(t);
    // An opinion about something with none of the topic words is almost always about the product itself (reviews).
    if (topics.length === 0 && (kind === 'praise' || kind === 'constructive' || kind === 'impulsive') && !/(^|\s)@\w/.test(input.text)) {
      topics.push('product_quality');
      reasons.add('topic_default', { topic: 'product_quality' });
    }
    const situation = decideSituation(kind, topics, has);

    const rawKind = prob(kind);
    // The chosen sentiment's share of all joint scores.
    let sentimentJoint = 0;
    for (let k = 0; k < KINDS.length; k++) sentimentJoint += p.joint[k * NS + SENTIMENT_INDEX[sentiment]]!;
    const rawSentiment = total > 0 ? sentimentJoint / total : 0;
    const kindConf = calibrate(rawKind, this.calibration.kind);
    const sentConf = calibrate(rawSentiment, this.calibration.sentiment);
    reasons.add('kind_sentiment', { kind, kind_percent: percentOf(kindConf), sentiment, sentiment_percent: percentOf(sentConf) });
    for (const cat of PHRASE_CATEGORIES) {
      const hs = byCat.get(cat);
      if (hs?.length) reasons.add('phrases', { category: cat, quotes: quotes(hs, 4) });
    }
    for (const s of signals) {
      const hs = s === 'competitor_mention' ? byCat.get('competitor') : byCat.get(s);
      if (hs?.length) reasons.add('signal', { signal: s, quotes: quotes(hs, 3) });
    }
    if (a.shouting) reasons.add('shouting');
    if (a.exclamations >= 3) reasons.add('exclamations', { count: a.exclamations });
    for (const t of topics) {
      const hs = byCat.get(`topic.${t}`);
      if (hs) reasons.add('topic', { topic: t, quotes: quotes(hs, 2) });
    }

    return {
      language: a.language,
      sentiment,
      kind,
      situation,
      topics,
      signals,
      confidence: { sentiment: round(sentConf), kind: round(kindConf) },
      rawConfidence: { sentiment: round(rawSentiment), kind: round(rawKind) },
      reasons: reasons.texts,
      reasonCodes: reasons.codes,
      classifier: this.name,
      scores: { sentiment: toRecord(SENTIMENTS, p.sentiment), kind: toRecord(KINDS, p.kind) },
    };
  }
}

/** The best kind and sentiment pair other than `exclude`. */
function bestOther(p: Probabilities, exclude: Kind, among: readonly Kind[]): { kind: Kind; sentiment: Sentiment } {
  let best = { kind: 'neutral' as Kind, sentiment: 'neutral' as Sentiment, p: -1 };
  for (const k of among) {
    if (k === exclude) continue;
    for (let s = 0; s < NS; s++) {
      const joint = p.joint[KIND_INDEX[k] * NS + s]!;
      if (joint > best.p) best = { kind: k, sentiment: SENTIMENTS[s]!, p: joint };
    }
  }
  return best;
}

const round = (v: number) => Math.round(v * 1000) / 1000;
/** A probability as a whole percent, as the English reasons have always printed it. */
const percentOf = (v: number) => Number((v * 100).toFixed(0));

/** The labels' values as a record, in label order. */
function toRecord(labels: readonly string[], values: Float64Array): Record<string, number> {
  const o: Record<string, number> = {};
  for (let i = 0; i < labels.length; i++) o[labels[i]!] = values[i]!;
  return o;
}

function decideSituation(kind: Kind, topics: Topic[], has: (c: string) => boolean): Situation {
  if (kind === 'trolling') return 'conflict_for_conflict';
  if (kind === 'idea') return 'idea';
  if (kind === 'black_pr' || kind === 'praise' || kind === 'neutral') return 'other';
  const fault = topics.some((t) => t === 'delivery' || t === 'website' || t === 'billing' || t === 'product_quality' || t === 'service');
  if (topics.includes('price') && (!fault || topics.length === 1)) return 'price_question';
  if (kind === 'question') return topics.includes('price') ? 'price_question' : 'other';
  if (!fault && (topics.includes('staff') || !has('experience')))
    return topics.length === 0 && has('experience') ? 'service_complaint' : 'public_negative_comment';
  return 'service_complaint';
}

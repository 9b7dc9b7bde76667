/**
 * Defuse's classifier: two trained linear models (sentiment, kind) over the
 * analysed text, then the rules of LABELS.md on top — signals from the phrase
 * lists, kind and sentiment decided together, situation and topics — with the
 * phrases behind every decision in `reasons`.
 */
import { analyze } from './analyze.js';
import type { Classification, Classifier, ClassifierInput } from './classifier.js';
import { type Analysis, extractFeatures, type FeatureVector } from './features.js';
import { KINDS, type Kind, NEGATIVE_KINDS, SENTIMENTS, type Sentiment, type Signal, type Situation, TOPICS, type Topic } from '../labels.js';
import { type LinearModel, predictProba, predictProbaQuantized, predictProbaTogether, type QuantizedLinearModel } from './linear-model.js';
import type { PhraseHit } from './phrase-matcher.js';
import { type Calibration, calibrate } from './calibration.js';
import { PHRASE_CATEGORIES, ReasonList } from './reasons.js';

/** Anything that gives class probabilities for an analysed mention. */
export interface Scorer {
  readonly classes: readonly string[];
  scores(analysis: Analysis, features: FeatureVector): Float32Array;
}

export const linearScorer = (model: LinearModel): Scorer => ({ classes: model.classes, scores: (_a, x) => predictProba(model, x) });

/** The same scores as {@link linearScorer} on the decoded model, straight from the stored int16 weights. */
export const quantizedScorer = (model: QuantizedLinearModel): Scorer => ({
  classes: model.classes,
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

type KindProbs = Map<Kind, number>;
type SentimentProbs = Map<Sentiment, number>;

/** The score of a kind and sentiment together: the kind model's say is damped (see KIND_WEIGHT). */
function jointScore(kindProb: KindProbs, sentProb: SentimentProbs, k: Kind, s: Sentiment): number {
  return kindProb.get(k)! ** KIND_WEIGHT * sentProb.get(s)! * compat(k, s);
}

function quote(h: PhraseHit): string {
  return `"${h.text}"`;
}

/** The quoted words of the hits, each once (several phrases often match the same words). */
function quotes(hs: PhraseHit[], max: number): string {
  return [...new Set(hs.map(quote))].slice(0, max).join(', ');
}

export class ModelClassifier implements Classifier {
  private readonly sentimentIdx: number[];
  private readonly kindIdx: number[];

  constructor(
    readonly models: ClassifierModels,
    readonly name = 'defuse-linear-v3',
    /** Maps the models' raw confidences to measured ones (models/calibration.json); identity without it. */
    readonly calibration: Calibration = {},
  ) {
    this.sentimentIdx = SENTIMENTS.map((s) => models.sentiment.classes.indexOf(s));
    this.kindIdx = KINDS.map((k) => models.kind.classes.indexOf(k));
    if (this.sentimentIdx.includes(-1) || this.kindIdx.includes(-1)) throw new Error('model classes do not match the labels');
  }

  classify(input: ClassifierInput): Classification {
    const a = analyze(input.text, input.lang, { competitors: input.competitors });
    const x = extractFeatures(a);
    const [ps, pk] = this.models.both ? this.models.both(a, x) : [this.models.sentiment.scores(a, x), this.models.kind.scores(a, x)];
    const byCat = new Map<string, PhraseHit[]>();
    for (const h of a.hits) byCat.set(h.category, [...(byCat.get(h.category) ?? []), h]);
    const has = (c: string) => (byCat.get(c)?.length ?? 0) > 0;

    const kindProb: KindProbs = new Map();
    const sentProb: SentimentProbs = new Map();
    KINDS.forEach((k, i) => kindProb.set(k, pk[this.kindIdx[i]!]!));
    SENTIMENTS.forEach((s, i) => sentProb.set(s, ps[this.sentimentIdx[i]!]!));
    // Sentiment first: its model learned from far more real text than the kind model. The kind
    // model only nudges it (a weak power), then the kind is chosen among those fitting that sentiment.
    // Every pair's joint score once (the same arithmetic as jointScore, looked up after).
    const jointTable = new Float64Array(KINDS.length * SENTIMENTS.length);
    KINDS.forEach((k, ki) => SENTIMENTS.forEach((s, si) => (jointTable[ki * SENTIMENTS.length + si] = jointScore(kindProb, sentProb, k, s))));
    const joint = (k: Kind, s: Sentiment) => jointTable[KIND_INDEX[k] * SENTIMENTS.length + SENTIMENT_INDEX[s]]!;
    const sentimentScores = SENTIMENTS.map(
      (s) => sentProb.get(s)! * KINDS.reduce((acc, k) => acc + kindProb.get(k)! * compat(k, s), 0) ** SENTIMENT_KIND_INFLUENCE,
    );
    const sentimentScore = (s: Sentiment) => sentimentScores[SENTIMENT_INDEX[s]]!;
    let sentiment = SENTIMENTS.reduce((a, b) => (sentimentScore(b) > sentimentScore(a) ? b : a));
    let kind = KINDS.reduce((a, b) => (joint(b, sentiment) > joint(a, sentiment) ? b : a));
    let total = 0;
    for (const k of KINDS) for (const s of SENTIMENTS) total += joint(k, s);
    const reasons = new ReasonList();
    reasons.add('language', { language: a.language, how: a.languageInfo.how });

    // Trolling is insults, mockery or provocation: without any of those words, only a confident model may say so.
    if (kind === 'trolling' && !has('insult') && !has('profanity') && !has('threat') && (kindProb.get('trolling') ?? 0) < TROLLING_WITHOUT_EVIDENCE) {
      // The model heard hostility: the text stays negative, so the choice is among the other negative kinds.
      const next = bestOther(kindProb, sentProb, 'trolling', sentiment === 'negative' ? NEGATIVE_KINDS : KINDS);
      reasons.add('not_trolling_no_insult', { percent: percentOf(kindProb.get('trolling') ?? 0) });
      kind = next.kind;
      sentiment = next.sentiment;
    }
    // Black PR pushes to a rival or smears: without such words or a competitor's name it is not called that.
    if (kind === 'black_pr' && !has('black_pr') && !has('competitor')) {
      const next = bestOther(
        kindProb,
        sentProb,
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
      kind = (kindProb.get('constructive') ?? 0) >= (kindProb.get('impulsive') ?? 0) ? 'constructive' : 'impulsive';
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
    if (has('threat') && sentiment !== 'negative') sentiment = 'negative';

    const signals: Signal[] = SIGNAL_CATEGORIES.filter((c) => has(c) && (c !== 'urgent' || sentiment === 'negative'));
    if (has('competitor')) signals.push('competitor_mention');

    const topics: Topic[] = TOPICS.filter((t) => t !== 'other' && has(`topic.${t}`));
    // An opinion about something with none of the topic words is almost always about the product itself (reviews).
    if (topics.length === 0 && (kind === 'praise' || kind === 'constructive' || kind === 'impulsive') && !/(^|\s)@\w/.test(input.text)) {
      topics.push('product_quality');
      reasons.add('topic_default', { topic: 'product_quality' });
    }
    const situation = decideSituation(kind, topics, has);

    const rawKind = kindProb.get(kind) ?? 0;
    const rawSentiment = total > 0 ? KINDS.reduce((acc, k) => acc + joint(k, sentiment), 0) / total : 0;
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
      scores: { sentiment: toRecord(sentProb), kind: toRecord(kindProb) },
    };
  }
}

/** The best kind and sentiment pair other than `exclude`. */
function bestOther(kindProb: KindProbs, sentProb: SentimentProbs, exclude: Kind, among: readonly Kind[]): { kind: Kind; sentiment: Sentiment } {
  let best = { kind: 'neutral' as Kind, sentiment: 'neutral' as Sentiment, p: -1 };
  for (const k of among) {
    if (k === exclude) continue;
    for (const s of SENTIMENTS) {
      const p = jointScore(kindProb, sentProb, k, s);
      if (p > best.p) best = { kind: k, sentiment: s, p };
    }
  }
  return best;
}

const round = (v: number) => Math.round(v * 1000) / 1000;
/** A probability as a whole percent, as the English reasons have always printed it. */
const percentOf = (v: number) => Number((v * 100).toFixed(0));

const KIND_INDEX = Object.fromEntries(KINDS.map((k, i) => [k, i])) as Record<Kind, number>;
const SENTIMENT_INDEX = Object.fromEntries(SENTIMENTS.map((s, i) => [s, i])) as Record<Sentiment, number>;

/** Object.fromEntries for a small map, without the iterator protocol. */
function toRecord(m: Map<string, number>): Record<string, number> {
  const o: Record<string, number> = {};
  m.forEach((v, k) => (o[k] = v));
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

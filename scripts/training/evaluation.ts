/** The figures every engine is judged on, computed the same way for each. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Classification, Classifier } from '../../src/domain/classification/classifier.js';
import { DATASETS } from './datasets.js';
import { accuracy, frequentClasses, macroF1 } from './metrics.js';

export interface Row {
  text: string;
  lang: string;
  sentiment?: string;
  kind?: string;
  situation?: string;
  topics?: string[];
  signals?: string[];
}

export const MEASURE_SETS = ['airline_tweets', 'laroseda', 'sentirueval2016', 'ar_multidomain_reviews'] as const;

export const readJsonl = (p: string): Row[] => readFileSync(p, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Row);

/** A measure set's rows with its sentiment in our terms (`sentiment`, or `label` where that is a sentiment); others dropped. */
export function measureRows(set: string): Row[] {
  const path = join(DATASETS, 'measure', set, 'data.jsonl');
  if (!existsSync(path)) return [];
  return readJsonl(path)
    .map((r) => {
      const raw = r as Row & { label?: unknown };
      const s = raw.sentiment ?? (typeof raw.label === 'string' ? raw.label : undefined);
      return { ...r, sentiment: s === 'positive' || s === 'negative' || s === 'neutral' ? s : undefined };
    })
    .filter((r) => r.sentiment);
}

/**
 * Every measure set with sentiment labels (rows whose label is no sentiment —
 * RuSentiTweet's speech acts and skips, ArSAS's "mixed", "can't tell" — are
 * left out), and the binary tasks our labels can answer.
 */
export const SENTIMENT_SETS = [
  'airline_tweets',
  'laroseda',
  'sentirueval2016',
  'ar_multidomain_reviews',
  'rusentitweet_ru',
  'mozetic_twitter_ru',
  'mozetic_twitter_en',
  'arsas_ar',
  'tweeteval_sentiment_en',
  'brand_emotions_en',
  'rosent_reviews_ro',
] as const;

export interface BinaryTask {
  set: string;
  /** The set's label that counts as "yes". */
  positive: string;
  /** What the question is, in our labels. */
  rule: string;
  predict: (c: Classification) => boolean;
}

const COMPLAINT_KINDS = new Set(['constructive', 'impulsive']);
export const BINARY_TASKS: BinaryTask[] = [
  {
    set: 'complaints_en',
    positive: 'complaint',
    rule: 'kind constructive or impulsive, or a question about a fault (situation service_complaint)',
    predict: (c) => COMPLAINT_KINDS.has(c.kind) || (c.kind === 'question' && c.situation === 'service_complaint'),
  },
  { set: 'c3_constructive_en', positive: 'constructive', rule: 'kind constructive or idea (C3 means "adds to the discussion": a looser notion)', predict: (c) => c.kind === 'constructive' || c.kind === 'idea' },
  { set: 'l_hsab_ar', positive: 'abusive|hate', rule: 'kind trolling, or an insult or profanity signal', predict: (c) => c.kind === 'trolling' || c.signals.includes('insult') || c.signals.includes('profanity') },
  { set: 'tweeteval_offensive_en', positive: 'offensive', rule: 'kind trolling, or an insult or profanity signal', predict: (c) => c.kind === 'trolling' || c.signals.includes('insult') || c.signals.includes('profanity') },
];

/** Sets with no question our labels answer. */
export const UNMEASURED_SETS: Record<string, string> = {
  tweeteval_irony_en: 'irony: Defuse has no irony label (LABELS.md folds sarcasm into impulsive or trolling)',
  twcs_pairs: 'customer tweets with the brand\'s reply: no label to score (used by the reply checker)',
};

export function binaryRows(task: BinaryTask): { text: string; gold: boolean }[] {
  const path = join(DATASETS, 'measure', task.set, 'data.jsonl');
  if (!existsSync(path)) return [];
  const yes = new Set(task.positive.split('|'));
  return readJsonl(path).map((r) => ({ text: r.text, gold: yes.has(String((r as Row & { label?: unknown }).label)) }));
}

export function devRows(): Row[] {
  const path = join(DATASETS, 'dev', 'mentions.jsonl');
  return existsSync(path) ? readJsonl(path) : [];
}

/** The classifier's sentiment, mapped into the set's own labels (e.g. positive/negative only). */
export function sentimentWithin(classifier: Classifier, text: string, labels: string[]): string {
  return sentimentOf(classifier.classify({ text }), labels);
}

export function sentimentOf(c: Classification, labels: string[]): string {
  if (labels.includes(c.sentiment)) return c.sentiment;
  return labels.reduce((a, b) => ((c.scores!.sentiment[a] ?? 0) >= (c.scores!.sentiment[b] ?? 0) ? a : b));
}

/** One measure set classified: its labels, the gold and the predicted sentiment. */
export function measureSet(classifier: Classifier, set: string) {
  const rows = measureRows(set);
  const labels = [...new Set(rows.map((r) => r.sentiment!))];
  const gold = rows.map((r) => r.sentiment!);
  const pred = rows.map((r) => sentimentWithin(classifier, r.text, labels));
  return { rows, labels, gold, pred };
}

export interface Summary {
  measure: Record<string, { acc: number; f1: number; posNegF1?: number }>;
  dev: Record<string, { kindF1: number; sentimentF1: number; kindAcc: number }>;
}

export function summarize(classifier: Classifier): Summary {
  const out: Summary = { measure: {}, dev: {} };
  for (const set of MEASURE_SETS) {
    const { rows, labels, gold, pred } = measureSet(classifier, set);
    if (!rows.length) continue;
    out.measure[set] = { acc: accuracy(gold, pred), f1: macroF1(gold, pred, labels), ...(set === 'sentirueval2016' ? { posNegF1: macroF1(gold, pred, ['positive', 'negative']) } : {}) };
  }
  const dev = devRows();
  const preds = dev.map((r) => classifier.classify({ text: r.text }));
  for (const lang of ['ar', 'en', 'ro', 'ru', 'all']) {
    const idx = dev.map((r, i) => i).filter((i) => lang === 'all' || dev[i]!.lang === lang);
    const kGold = idx.map((i) => dev[i]!.kind!);
    const sGold = idx.map((i) => dev[i]!.sentiment!);
    const kPred = idx.map((i) => preds[i]!.kind);
    out.dev[lang] = {
      kindF1: macroF1(kGold, kPred, frequentClasses(kGold, 5)),
      kindAcc: accuracy(kGold, kPred),
      sentimentF1: macroF1(sGold, idx.map((i) => preds[i]!.sentiment), frequentClasses(sGold, 5)),
    };
  }
  return out;
}

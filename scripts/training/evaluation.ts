/** The figures every engine is judged on, computed the same way for each. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Classifier } from '../../src/domain/classification/classifier.js';
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

export function measureRows(set: string): Row[] {
  const path = join(DATASETS, 'measure', set, 'data.jsonl');
  return existsSync(path) ? readJsonl(path).filter((r) => r.sentiment) : [];
}

export function devRows(): Row[] {
  const path = join(DATASETS, 'dev', 'mentions.jsonl');
  return existsSync(path) ? readJsonl(path) : [];
}

/** The classifier's sentiment, mapped into the set's own labels (e.g. positive/negative only). */
export function sentimentWithin(classifier: Classifier, text: string, labels: string[]): string {
  const c = classifier.classify({ text });
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

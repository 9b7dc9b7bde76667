/**
 * The training set both engines learn from: public sets and the project's
 * corpus, analysed once, with the same balancing weights (capped per source,
 * equal per label within a language, corpus and hand-written rows boosted).
 */
import { analyze } from '../../src/domain/classification/analyze.js';
import type { Analysis } from '../../src/domain/classification/features.js';
import { type Example, loadCorpus, loadPublicTrainSets } from './datasets.js';
import { balanceClassesPerLanguage, balanceWeights } from './softmax-trainer.js';

export const SETTINGS = {
  cap: Number(process.env.TRAIN_CAP ?? 1500),
  epochs: Number(process.env.TRAIN_EPOCHS ?? 6),
  corpusBoost: Number(process.env.TRAIN_CORPUS_BOOST ?? 3),
  handwrittenBoost: Number(process.env.TRAIN_HANDWRITTEN_BOOST ?? 5),
  lexicalShare: Number(process.env.TRAIN_LEXICAL_SHARE ?? 0.5),
};

export interface LabelledRow {
  example: Example;
  analysis: Analysis;
  label: string;
  weight: number;
}

export function loadExamples(): { examples: Example[]; analyses: Analysis[] } {
  const examples = [...loadPublicTrainSets(), ...loadCorpus()];
  return { examples, analyses: examples.map((e) => analyze(e.text, e.lang)) };
}

export function labelledRows(examples: Example[], analyses: Analysis[], field: 'sentiment' | 'kind', classes: readonly string[]): LabelledRow[] {
  const idx = examples.map((e, i) => i).filter((i) => examples[i]![field] !== undefined && classes.includes(examples[i]![field]));
  const boost = (source: string) =>
    source === 'corpus:handwritten' ? SETTINGS.corpusBoost * SETTINGS.handwrittenBoost : source.startsWith('corpus:') ? SETTINGS.corpusBoost : 1;
  const capped = balanceWeights(idx.map((i) => `${examples[i]!.source}:${examples[i]!.lang}:${examples[i]![field]}`), SETTINGS.cap).map(
    (w, k) => w * boost(examples[idx[k]!]!.source),
  );
  const weights = balanceClassesPerLanguage(idx.map((i) => examples[i]!.lang), idx.map((i) => examples[i]![field]!), capped);
  return idx.map((i, k) => ({ example: examples[i]!, analysis: analyses[i]!, label: examples[i]![field]!, weight: weights[k]! }));
}

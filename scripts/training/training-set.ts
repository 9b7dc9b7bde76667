/**
 * The training set both engines learn from: public sets, our own annotations
 * and the project's corpus, analysed once, with the same balancing weights
 * (capped per source, equal per label within a language, each set weighed by
 * how close it is to mentions — training/set-weights.json, measured by
 * `npm run train:set-weights` — and real annotated and hand-written rows boosted).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../src/domain/classification/analyze.js';
import type { Analysis } from '../../src/domain/classification/features.js';
import { type Example, isReal, loadTrainingExamples, REPO } from './datasets.js';
import { balanceClassesPerLanguage, balanceWeights } from './softmax-trainer.js';

export const SETTINGS = {
  cap: Number(process.env.TRAIN_CAP ?? 1500),
  epochs: Number(process.env.TRAIN_EPOCHS ?? 6),
  corpusBoost: Number(process.env.TRAIN_CORPUS_BOOST ?? 3),
  handwrittenBoost: Number(process.env.TRAIN_HANDWRITTEN_BOOST ?? 5),
  /** Real texts with our own labels: the rows most like mentions there are. */
  realBoost: Number(process.env.TRAIN_REAL_BOOST ?? 15),
  lexicalShare: Number(process.env.TRAIN_LEXICAL_SHARE ?? 0.5),
  /**
   * Hash width of the features and so the models' rows (2^bits): 19 since defuse-linear-v4 (chosen out of fold:
   * docs/classifier.md), 18 for every model before it (TRAIN_HASH_BITS=18 trains those recipes again).
   */
  hashBits: Number(process.env.TRAIN_HASH_BITS ?? 19),
};

export const SET_WEIGHTS_PATH = join(REPO, 'training', 'set-weights.json');

/** Per set and field, the measured weight (1 where nothing was measured). */
export type SetWeights = Record<string, { sentiment?: number; kind?: number }>;

export function loadSetWeights(): SetWeights {
  if (process.env.TRAIN_SET_WEIGHTS === 'off' || !existsSync(SET_WEIGHTS_PATH)) return {};
  return (JSON.parse(readFileSync(SET_WEIGHTS_PATH, 'utf8')) as { weights: SetWeights }).weights;
}

export interface LabelledRow {
  example: Example;
  analysis: Analysis;
  label: string;
  weight: number;
}

export function loadExamples(): { examples: Example[]; analyses: Analysis[] } {
  const examples = loadTrainingExamples();
  return { examples, analyses: examples.map((e) => analyze(e.text, e.lang)) };
}

/** The name a source goes by in set-weights.json: the public set, whatever file brought it. */


export function labelledRows(
  examples: Example[],
  analyses: Analysis[],
  field: 'sentiment' | 'kind',
  classes: readonly string[],
  opts: { include?: (i: number) => boolean; setWeights?: SetWeights } = {},
): LabelledRow[] {
  const setWeights = opts.setWeights ?? loadSetWeights();
  const idx = examples
    .map((_, i) => i)
    .filter((i) => examples[i]![field] !== undefined && classes.includes(examples[i]![field]) && (opts.include?.(i) ?? true))
    .filter((i) => (setWeights[examples[i]!.source]?.[field] ?? 1) > 0);
  const boost = (source: string) =>
    isReal(source)
      ? SETTINGS.realBoost
      : source === 'corpus:handwritten'
        ? SETTINGS.corpusBoost * SETTINGS.handwrittenBoost
        : source.startsWith('corpus:')
          ? SETTINGS.corpusBoost
          : (setWeights[source]?.[field] ?? 1);
  const capped = balanceWeights(idx.map((i) => `${isReal(examples[i]!.source) ? 'real' : examples[i]!.source}:${examples[i]!.lang}:${examples[i]![field]}`), SETTINGS.cap).map(
    (w, k) => w * boost(examples[idx[k]!]!.source),
  );
  const weights = balanceClassesPerLanguage(idx.map((i) => examples[i]!.lang), idx.map((i) => examples[i]![field]!), capped);
  return idx.map((i, k) => ({ example: examples[i]!, analysis: analyses[i]!, label: examples[i]![field]!, weight: weights[k]! }));
}

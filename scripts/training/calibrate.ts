/**
 * Fits the confidence calibration without touching dev/: the real annotated
 * texts are split into folds; for each fold the models are trained on
 * everything else, and the whole classifier (rules included) classifies the
 * held-out texts. The isotonic curves are fitted on those out-of-fold
 * predictions of the final kind and sentiment.
 */
import { type Calibration, expectedCalibrationError, fitIsotonic } from '../../src/domain/classification/calibration.js';
import { linearScorer, ModelClassifier } from '../../src/domain/classification/model-classifier.js';
import { isReal } from './datasets.js';
import { fitModels, type Prepared } from './fit.js';
import type { SetWeights } from './training-set.js';
import { frequentClasses, macroF1 } from './metrics.js';

export const FOLDS = Number(process.env.TRAIN_CALIBRATION_FOLDS ?? 3);

/** A stable fold for a text (its position among the real rows, interleaved). */
export function realFolds(p: Prepared, folds = FOLDS): number[] {
  let k = 0;
  return p.examples.map((e) => (isReal(e.source) ? k++ % folds : -1));
}

export interface OutOfFold {
  index: number;
  kind: string;
  sentiment: string;
  kindConfidence: number;
  sentimentConfidence: number;
}

/** Out-of-fold classifications of every real annotated text. */
export function outOfFold(p: Prepared, setWeights: SetWeights, log?: (s: string) => void, folds = FOLDS): OutOfFold[] {
  const out: OutOfFold[] = [];
  for (let f = 0; f < folds; f++) out.push(...outOfFoldOne(p, setWeights, f, log, folds));
  return out;
}

/** Fold `f` of {@link outOfFold}: the models fitted without it classify its texts (train.ts can run the folds in parallel processes). */
export function outOfFoldOne(p: Prepared, setWeights: SetWeights, f: number, log?: (s: string) => void, folds = FOLDS): OutOfFold[] {
  const fold = realFolds(p, folds);
  const out: OutOfFold[] = [];
  const t = performance.now();
  const { models } = fitModels(p, { include: (i) => fold[i] !== f, setWeights });
  const c = new ModelClassifier({ sentiment: linearScorer(models.sentiment!), kind: linearScorer(models.kind!) });
  p.examples.forEach((e, i) => {
    if (fold[i] !== f) return;
    const r = c.classify({ text: e.text, lang: undefined });
    out.push({ index: i, kind: r.kind, sentiment: r.sentiment, kindConfidence: r.confidence.kind, sentimentConfidence: r.confidence.sentiment });
  });
  log?.(`calibration fold ${f + 1}/${folds} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  return out;
}

/** Per language, the out-of-fold macro-F1 of kind and sentiment (classes with at least 5 texts): the cross-validated figures. */
export function outOfFoldFigures(p: Prepared, oof: OutOfFold[]): Record<string, { kind: number; sentiment: number; n: number }> {
  const out: Record<string, { kind: number; sentiment: number; n: number }> = {};
  for (const lang of [...new Set(oof.map((o) => p.examples[o.index]!.lang))].sort()) {
    const rows = oof.filter((o) => p.examples[o.index]!.lang === lang);
    const f1 = (field: 'kind' | 'sentiment') => {
      const gold = rows.map((o) => p.examples[o.index]![field]!);
      return Math.round(macroF1(gold, rows.map((o) => o[field]), frequentClasses(gold, 5)) * 1000) / 1000;
    };
    out[lang] = { kind: f1('kind'), sentiment: f1('sentiment'), n: rows.length };
  }
  return out;
}

/** `given`: the out-of-fold classifications already made (by fold processes: see train.ts); made here otherwise. */
export function fitCalibration(
  p: Prepared,
  setWeights: SetWeights,
  log?: (s: string) => void,
  given?: OutOfFold[],
): Calibration & { crossValidated?: ReturnType<typeof outOfFoldFigures> } {
  const oof = given ?? outOfFold(p, setWeights, log);
  const crossValidated = outOfFoldFigures(p, oof);
  log?.(`out-of-fold macro-F1 per language: ${Object.entries(crossValidated).map(([l, f]) => `${l} kind ${f.kind.toFixed(3)} sentiment ${f.sentiment.toFixed(3)} (n ${f.n})`).join('; ')}`);
  const kc = oof.map((o) => p.examples[o.index]!.kind === o.kind);
  const sc = oof.map((o) => p.examples[o.index]!.sentiment === o.sentiment);
  const kind = fitIsotonic(oof.map((o) => o.kindConfidence), kc);
  const sentiment = fitIsotonic(oof.map((o) => o.sentimentConfidence), sc);
  log?.(
    `out-of-fold ECE: kind ${expectedCalibrationError(oof.map((o) => o.kindConfidence), kc).toFixed(3)}, sentiment ${expectedCalibrationError(oof.map((o) => o.sentimentConfidence), sc).toFixed(3)} (n ${oof.length}, kind acc ${(kc.filter(Boolean).length / kc.length).toFixed(3)})`,
  );
  return { kind, sentiment, crossValidated, fittedOn: `${FOLDS}-fold out-of-fold predictions on ${oof.length} real annotated texts (defuse_annotated and training/annotated), dev/ never used` };
}

/**
 * `npm run train:set-weights`: how much each public training set helps on
 * real mentions, measured, not guessed. The real annotated texts (our own
 * labels) are split into folds; a base model learns from the other folds and
 * the project's corpus, then the same again with one public set added. The
 * change in macro-F1 on the held-out real texts of the set's language(s),
 * averaged over the folds, is that set's contribution for that field; its
 * weight is 1 + 10 × the change, kept within [0, 2] (a set that hurts by
 * 0.1 or more is left out). Writes training/set-weights.json.
 */
import { writeFileSync } from 'node:fs';
import { type LinearModel, predictProba } from '../../src/domain/classification/linear-model.js';
import { KINDS, SENTIMENTS } from '../../src/domain/labels.js';
import { isReal } from './datasets.js';
import { fitModels, prepare, type Prepared } from './fit.js';
import { macroF1 } from './metrics.js';
import { loadExamples, SET_WEIGHTS_PATH, type SetWeights } from './training-set.js';

const FOLDS = Number(process.env.SET_WEIGHT_FOLDS ?? 3);
const EPOCHS = Number(process.env.SET_WEIGHT_EPOCHS ?? 3);

function train(p: Prepared, field: 'sentiment' | 'kind', include: (i: number) => boolean): LinearModel {
  return fitModels(p, { include, setWeights: {}, epochs: EPOCHS, fields: [field] }).models[field]!;
}

function score(p: Prepared, field: 'sentiment' | 'kind', model: LinearModel, heldOut: number[], langs: Set<string>): number {
  const rows = heldOut.filter((i) => langs.has(p.examples[i]!.lang) && p.examples[i]![field]);
  const gold = rows.map((i) => p.examples[i]![field]!);
  const pred = rows.map((i) => {
    const pr = predictProba(model, p.full[i]!);
    let best = 0;
    for (let k = 1; k < pr.length; k++) if (pr[k]! > pr[best]!) best = k;
    return model.classes[best]!;
  });
  const classes = (field === 'kind' ? KINDS : SENTIMENTS).filter((c) => gold.filter((g) => g === c).length >= 3);
  return macroF1(gold, pred, classes);
}

function main() {
  const started = performance.now();
  const { examples, analyses } = loadExamples();
  const p = prepare(examples, analyses);
  const log = (s: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(0)} s] ${s}`);
  log(`${examples.length} examples prepared`);
  let k = 0;
  const fold = examples.map((e) => (isReal(e.source) ? k++ % FOLDS : -1));
  const isBase = (i: number) => fold[i] !== -1 || examples[i]!.source.startsWith('corpus:');
  const sets = [...new Set(examples.filter((e) => !isReal(e.source) && !e.source.startsWith('corpus:')).map((e) => e.source))].sort();
  const weights: SetWeights = {};
  const table: { set: string; field: string; langs: string; base: number; withSet: number; delta: number; weight: number }[] = [];
  for (const field of ['sentiment', 'kind'] as const) {
    const baseModels = new Map<number, LinearModel>();
    for (const set of sets) {
      const rows = examples.map((e, i) => i).filter((i) => examples[i]!.source === set && examples[i]![field]);
      if (!rows.length) continue;
      const langs = new Set(rows.map((i) => examples[i]!.lang));
      let base = 0;
      let withSet = 0;
      for (let f = 0; f < FOLDS; f++) {
        const heldOut = examples.map((_, i) => i).filter((i) => fold[i] === f);
        const inTrain = (i: number) => isBase(i) && fold[i] !== f;
        if (!baseModels.has(f)) baseModels.set(f, train(p, field, inTrain));
        base += score(p, field, baseModels.get(f)!, heldOut, langs) / FOLDS;
        withSet += score(p, field, train(p, field, (i) => inTrain(i) || examples[i]!.source === set), heldOut, langs) / FOLDS;
      }
      const delta = withSet - base;
      const weight = Math.round(Math.min(2, Math.max(0, 1 + 10 * delta)) * 100) / 100;
      (weights[set] ??= {})[field] = weight;
      table.push({ set, field, langs: [...langs].sort().join(','), base, withSet, delta, weight });
      log(`${field} ${set} (${[...langs].join(',')}): base ${base.toFixed(3)}, with ${withSet.toFixed(3)}, Δ ${delta >= 0 ? '+' : ''}${delta.toFixed(3)} → weight ${weight}`);
    }
  }
  writeFileSync(
    SET_WEIGHTS_PATH,
    `${JSON.stringify({ measured: new Date().toISOString().slice(0, 10), method: `${FOLDS}-fold CV on the real annotated texts, ${EPOCHS} epochs; weight = clamp(1 + 10 × Δ macro-F1, 0, 2)`, weights, table }, null, 1)}\n`,
  );
  log(`written ${SET_WEIGHTS_PATH}`);
}

main();

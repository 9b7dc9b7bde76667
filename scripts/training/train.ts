/**
 * `npm run train`: reproduces the shipped weights in models/ from the public
 * training sets, our own annotations and the project's corpus, then fits the
 * confidence calibration on cross-validation folds of the real annotated
 * texts (see calibrate.ts). Deterministic for the same data.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeModel } from '../../src/domain/classification/linear-model.js';
import { isReal, REPO } from './datasets.js';
import { fitModels, prepare, TRAIN_OPTIONS } from './fit.js';
import { fitCalibration } from './calibrate.js';
import { loadExamples, loadSetWeights, SETTINGS } from './training-set.js';

/** The name of the model these weights make (models/manifest.json; the desk reports it with every classification). */
const MODEL_NAME = 'defuse-linear-v3';

function main() {
  const started = performance.now();
  const { examples, analyses } = loadExamples();
  const count = (f: (s: string) => boolean) => examples.filter((e) => f(e.source)).length;
  console.log(`${examples.length} examples (${count((s) => s.startsWith('corpus:'))} from the project's corpus, ${count(isReal)} real texts with our labels)`);
  const p = prepare(examples, analyses);
  console.log(`features extracted in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const setWeights = loadSetWeights();
  const { models, stats } = fitModels(p, { setWeights, log: (s) => console.log(s) });
  mkdirSync(join(REPO, 'models'), { recursive: true });
  for (const field of ['sentiment', 'kind'] as const) writeFileSync(join(REPO, 'models', `${field}.dflm`), encodeModel(models[field]!));
  console.log(`models written after ${((performance.now() - started) / 1000).toFixed(1)} s`);
  if (process.env.TRAIN_CALIBRATE !== 'off') {
    const calibration = fitCalibration(p, setWeights, (s) => console.log(s));
    writeFileSync(join(REPO, 'models', 'calibration.json'), `${JSON.stringify(calibration, null, 1)}\n`);
  }
  writeFileSync(join(REPO, 'models', 'manifest.json'), `${JSON.stringify({ classifier: MODEL_NAME, trainedOn: stats, settings: SETTINGS, options: TRAIN_OPTIONS, setWeights }, null, 1)}\n`);
  console.log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s: models/sentiment.dflm, models/kind.dflm, models/calibration.json`);
}

main();

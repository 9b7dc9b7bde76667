/**
 * `npm run train`: reproduces the shipped weights in models/ from the public
 * training sets, our own annotations and the project's corpus, then fits the
 * confidence calibration on cross-validation folds of the real annotated
 * texts (see calibrate.ts). Deterministic for the same data.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeModel } from '../../src/domain/classification/linear-model.js';
import { isReal, REPO } from './datasets.js';
import { fitModels, prepare, TRAIN_OPTIONS } from './fit.js';
import { fitCalibration, FOLDS, outOfFold, type OutOfFold } from './calibrate.js';
import { loadExamples, loadSetWeights, SETTINGS } from './training-set.js';

/** The name of the model these weights make (models/manifest.json; the desk reports it with every classification). */
const MODEL_NAME = 'defuse-linear-v4';

/**
 * TRAIN_PARALLEL=1: each calibration fold in a process of its own (calibration-fold.ts), started before the main
 * fit and run beside it. Same folds, same fits, same order of the out-of-fold rows: the same calibration.json.
 */
function startFolds(): Promise<OutOfFold[]> | undefined {
  if (process.env.TRAIN_PARALLEL !== '1' || process.env.TRAIN_CALIBRATE === 'off') return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'defuse-train-'));
  const runs = Array.from({ length: FOLDS }, (_, f) => {
    const file = join(dir, `fold-${f}.json`);
    return new Promise<OutOfFold[]>((resolve, reject) => {
      const child = spawn(process.execPath, [...process.execArgv, join(REPO, 'scripts/training/calibration-fold.ts'), String(f), file], { stdio: ['ignore', 'inherit', 'inherit'] });
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(readFileSync(file, 'utf8')) as OutOfFold[]) : reject(new Error(`calibration fold ${f} exited with ${code}`))));
    });
  });
  return Promise.all(runs)
    .then((folds) => folds.flat())
    .finally(() => rmSync(dir, { recursive: true, force: true }));
}

async function main() {
  const started = performance.now();
  const folds = startFolds();
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
    const oof = folds ? await folds : outOfFold(p, setWeights, (s) => console.log(s));
    // TRAIN_OOF_OUT=file: the out-of-fold classifications themselves (to compare recipes text by text).
    if (process.env.TRAIN_OOF_OUT) writeFileSync(process.env.TRAIN_OOF_OUT, `${JSON.stringify(oof)}\n`);
    const calibration = fitCalibration(p, setWeights, (s) => console.log(s), oof);
    writeFileSync(join(REPO, 'models', 'calibration.json'), `${JSON.stringify(calibration, null, 1)}\n`);
  }
  writeFileSync(join(REPO, 'models', 'manifest.json'), `${JSON.stringify({ classifier: MODEL_NAME, trainedOn: stats, settings: SETTINGS, options: TRAIN_OPTIONS, setWeights }, null, 1)}\n`);
  console.log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s: models/sentiment.dflm, models/kind.dflm, models/calibration.json`);
}

await main();

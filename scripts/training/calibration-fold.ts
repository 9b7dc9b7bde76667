/**
 * `npx tsx scripts/training/calibration-fold.ts <fold> <out.json>`: one fold of the calibration's out-of-fold
 * classifications (calibrate.ts outOfFoldOne), written as JSON. `npm run train` with TRAIN_PARALLEL=1 runs the
 * folds this way, beside the main fit, with the same data and settings (TRAIN_* variables are inherited): the
 * result is the same as the sequential run's, in less wall time on a machine with spare cores.
 */
import { writeFileSync } from 'node:fs';
import { outOfFoldOne } from './calibrate.js';
import { prepare } from './fit.js';
import { loadExamples, loadSetWeights } from './training-set.js';

const f = Number(process.argv[2]);
const out = process.argv[3];
if (!Number.isInteger(f) || !out) throw new Error('usage: calibration-fold.ts <fold> <out.json>');
const { examples, analyses } = loadExamples();
const p = prepare(examples, analyses);
writeFileSync(out, `${JSON.stringify(outOfFoldOne(p, loadSetWeights(), f, (s) => console.log(s)))}\n`);

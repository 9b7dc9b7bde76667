/**
 * `npm run train`: reproduces the shipped weights in models/ from the public
 * training sets and the project's corpus. Deterministic for the same data.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractFeatures } from '../../src/domain/classification/features.js';
import { encodeModel } from '../../src/domain/classification/linear-model.js';
import { KINDS, SENTIMENTS } from '../../src/domain/labels.js';
import { REPO } from './datasets.js';
import { trainSoftmax, type TrainRow } from './softmax-trainer.js';
import { labelledRows, loadExamples, SETTINGS } from './training-set.js';

function main() {
  const started = performance.now();
  const { examples, analyses } = loadExamples();
  console.log(`${examples.length} examples (${examples.filter((e) => e.source.startsWith('corpus:')).length} from the project's corpus)`);
  const full = new Map(analyses.map((a) => [a, extractFeatures(a)]));
  const lexical = new Map(analyses.map((a, i) => [a, examples[i]!.source.startsWith('corpus:') ? extractFeatures(a, { lexicalOnly: true }) : null]));
  console.log(`features extracted in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const stats: Record<string, Record<string, number>> = {};
  mkdirSync(join(REPO, 'models'), { recursive: true });
  const options = { epochs: SETTINGS.epochs, learningRate: 0.3, l2: 1e-6, seed: 42 };
  for (const [field, classes] of [['sentiment', SENTIMENTS], ['kind', KINDS]] as const) {
    const labelled = labelledRows(examples, analyses, field, classes);
    stats[field] = {};
    for (const r of labelled) stats[field][`${r.example.lang}:${r.label}`] = (stats[field][`${r.example.lang}:${r.label}`] ?? 0) + 1;
    const rows: TrainRow[] = labelled.map((r) => ({ x: full.get(r.analysis)!, y: classes.indexOf(r.label as never), weight: r.weight }));
    // Corpus rows once more with only phrase-list and shape features (see extractFeatures).
    for (const r of labelled) {
      const lx = lexical.get(r.analysis);
      if (lx) rows.push({ x: lx, y: classes.indexOf(r.label as never), weight: r.weight * SETTINGS.lexicalShare });
    }
    console.log(`training ${field} on ${rows.length} rows`);
    const model = trainSoftmax(classes, rows, options, (s) => console.log(s));
    writeFileSync(join(REPO, 'models', `${field}.dflm`), encodeModel(model));
  }
  writeFileSync(join(REPO, 'models', 'manifest.json'), `${JSON.stringify({ classifier: 'defuse-linear-v1', trainedOn: stats, settings: SETTINGS, options }, null, 1)}\n`);
  console.log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s: models/sentiment.dflm, models/kind.dflm`);
}

main();

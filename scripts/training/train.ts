/**
 * `npm run train`: reproduces the shipped weights in models/ from the public
 * training sets and the project's corpus. Deterministic for the same data.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../src/domain/classification/analyze.js';
import { extractFeatures } from '../../src/domain/classification/features.js';
import { encodeModel } from '../../src/domain/classification/linear-model.js';
import { KINDS, SENTIMENTS } from '../../src/domain/labels.js';
import { type Example, loadCorpus, loadPublicTrainSets, REPO } from './datasets.js';
import { balanceClassesPerLanguage, balanceWeights, trainSoftmax, type TrainRow } from './softmax-trainer.js';

const CAP = Number(process.env.TRAIN_CAP ?? 1500);
const EPOCHS = Number(process.env.TRAIN_EPOCHS ?? 6);
const CORPUS_BOOST = Number(process.env.TRAIN_CORPUS_BOOST ?? 3);
const HANDWRITTEN_BOOST = Number(process.env.TRAIN_HANDWRITTEN_BOOST ?? 5);
const LEXICAL_SHARE = Number(process.env.TRAIN_LEXICAL_SHARE ?? 0.5);

function main() {
  const started = performance.now();
  const examples: Example[] = [...loadPublicTrainSets(), ...loadCorpus()];
  console.log(`${examples.length} examples (${examples.filter((e) => e.source.startsWith('corpus:')).length} from the project's corpus)`);
  const analyses = examples.map((e) => analyze(e.text, e.lang));
  const features = analyses.map((a) => extractFeatures(a));
  // Corpus rows once more with only phrase-list and shape features (see extractFeatures).
  const lexical = analyses.map((a, i) => (examples[i]!.source.startsWith('corpus:') ? extractFeatures(a, { lexicalOnly: true }) : null));
  console.log(`features extracted in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const stats: Record<string, Record<string, number>> = {};
  const build = (field: 'sentiment' | 'kind', classes: readonly string[]): TrainRow[] => {
    const idx = examples.map((e, i) => [e, i] as const).filter(([e]) => e[field] !== undefined && classes.includes(e[field]!));
    const groups = idx.map(([e]) => `${e.source}:${e.lang}:${e[field]}`);
    const boost = (source: string) => (source === 'corpus:handwritten' ? CORPUS_BOOST * HANDWRITTEN_BOOST : source.startsWith('corpus:') ? CORPUS_BOOST : 1);
    const capped = balanceWeights(groups, CAP).map((w, k) => w * boost(idx[k]![0].source));
    const weights = balanceClassesPerLanguage(idx.map(([e]) => e.lang), idx.map(([e]) => e[field]!), capped);
    stats[field] = {};
    for (const [e] of idx) stats[field]![`${e.lang}:${e[field]}`] = (stats[field]![`${e.lang}:${e[field]}`] ?? 0) + 1;
    const rows: TrainRow[] = idx.map(([e, i], k) => ({ x: features[i]!, y: classes.indexOf(e[field]!), weight: weights[k]! }));
    idx.forEach(([e, i], k) => {
      const lx = lexical[i];
      if (lx) rows.push({ x: lx, y: classes.indexOf(e[field]!), weight: weights[k]! * LEXICAL_SHARE });
    });
    return rows;
  };

  mkdirSync(join(REPO, 'models'), { recursive: true });
  const options = { epochs: EPOCHS, learningRate: 0.3, l2: 1e-6, seed: 42 };
  for (const [field, classes] of [['sentiment', SENTIMENTS], ['kind', KINDS]] as const) {
    const rows = build(field, classes);
    console.log(`training ${field} on ${rows.length} examples`);
    const model = trainSoftmax(classes, rows, options, (s) => console.log(s));
    writeFileSync(join(REPO, 'models', `${field}.dflm`), encodeModel(model));
  }
  writeFileSync(
    join(REPO, 'models', 'manifest.json'),
    `${JSON.stringify({ classifier: 'defuse-linear-v1', trainedOn: stats, options: { ...options, cap: CAP, corpusBoost: CORPUS_BOOST } }, null, 1)}\n`,
  );
  console.log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s: models/sentiment.dflm, models/kind.dflm`);
}

main();

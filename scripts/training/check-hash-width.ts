/**
 * `npx tsx scripts/training/check-hash-width.ts <other checkout>`: the features of every training text,
 * extracted by this checkout at the default width and by another checkout's features.ts (e.g. the
 * commit before the width became a setting), must be the same bucket for bucket and bit for bit.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { extractFeatures } from '../../src/domain/classification/features.js';
import { loadExamples } from './training-set.js';

type Extract = typeof extractFeatures;
const other = resolve(process.argv[2] ?? '/work/main');
const mod = (await import(pathToFileURL(resolve(other, 'src/domain/classification/features.ts')).href)) as { extractFeatures: Extract };
const { analyses } = loadExamples();
let differ = 0;
let features = 0;
for (const a of analyses) {
  for (const lexicalOnly of [false, true]) {
    const x = extractFeatures(a, { lexicalOnly });
    const y = mod.extractFeatures(a, { lexicalOnly });
    features += x.indices.length;
    const same = x.indices.length === y.indices.length && x.indices.every((v, i) => v === y.indices[i] && x.values[i] === y.values[i]);
    if (!same) differ++;
  }
}
console.log(`${analyses.length} texts, ${features} features: ${differ} vectors differ from ${other}'s`);
process.exitCode = differ ? 1 : 0;

/**
 * `npx tsx scripts/training/compare-oof.ts <reference-cv.json> <other.json> [resamples]`: two recipes' out-of-fold
 * predictions on the same real annotated texts, paired. The reference is experiment.ts's EXPERIMENT_PREDICTIONS
 * file (gold labels, language, index, predictions); the other is another such file or train.ts's TRAIN_OOF_OUT
 * (index, kind, sentiment). Prints macro-F1 (classes with ≥ 5 texts) per language and overall for both, and a
 * paired bootstrap 95 % interval of the overall difference (other − reference).
 */
import { readFileSync } from 'node:fs';
import { bootstrapSamples, frequentClasses, macroF1, pairedDifference } from './metrics.js';
import { seededRandom } from './random.js';

interface Ref {
  index: number;
  lang: string;
  kind: string;
  sentiment: string;
  predKind: string;
  predSentiment: string;
}
type Other = { index: number; kind?: string; sentiment?: string; predKind?: string; predSentiment?: string };

const [refPath, otherPath, resamplesArg] = process.argv.slice(2);
if (!refPath || !otherPath) throw new Error('usage: compare-oof.ts <reference-cv.json> <other.json> [resamples]');
const ref = JSON.parse(readFileSync(refPath, 'utf8')) as Ref[];
const byIndex = new Map((JSON.parse(readFileSync(otherPath, 'utf8')) as Other[]).map((o) => [o.index, o]));
const rows = ref.map((r) => {
  const o = byIndex.get(r.index);
  if (!o) throw new Error(`text ${r.index} is not in ${otherPath}`);
  return { ...r, otherKind: o.predKind ?? o.kind!, otherSentiment: o.predSentiment ?? o.sentiment! };
});
const f1 = (idx: number[], field: 'kind' | 'sentiment', other: boolean) => {
  const gold = idx.map((i) => rows[i]![field]);
  const pred = idx.map((i) => (field === 'kind' ? (other ? rows[i]!.otherKind : rows[i]!.predKind) : other ? rows[i]!.otherSentiment : rows[i]!.predSentiment));
  return macroF1(gold, pred, frequentClasses(gold, 5));
};
const all = rows.map((_, i) => i);
for (const lang of [...[...new Set(rows.map((r) => r.lang))].sort(), 'all']) {
  const idx = all.filter((i) => lang === 'all' || rows[i]!.lang === lang);
  console.log(
    `${lang.padEnd(4)} n ${String(idx.length).padStart(5)}  kind ${f1(idx, 'kind', false).toFixed(3)} → ${f1(idx, 'kind', true).toFixed(3)}  sentiment ${f1(idx, 'sentiment', false).toFixed(3)} → ${f1(idx, 'sentiment', true).toFixed(3)}`,
  );
}
const n = Number(resamplesArg ?? 1000);
for (const field of ['kind', 'sentiment'] as const) {
  const other = field === 'kind' ? rows.map((r) => r.otherKind) : rows.map((r) => r.otherSentiment);
  const reference = field === 'kind' ? rows.map((r) => r.predKind) : rows.map((r) => r.predSentiment);
  const samples = bootstrapSamples(rows.length, n, seededRandom(7 + (field === 'kind' ? 0 : 1)));
  const { diff: d, low, high } = pairedDifference(rows.map((r) => r[field]), reference, other, samples);
  console.log(`${field}: ${d >= 0 ? '+' : ''}${d.toFixed(3)} (paired bootstrap 95 % ${low.toFixed(3)}…${high.toFixed(3)}, ${n} resamples)`);
}

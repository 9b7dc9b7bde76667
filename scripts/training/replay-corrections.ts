/**
 * `npm run eval:replay`: what a brand gains from its team's corrections.
 * Each set is streamed as if it were one brand's mentions, in a fixed
 * shuffled order: the true labels of the first 0, 50, 200 and 500 mentions
 * are revealed as "corrections", a brand layer is trained on them in memory,
 * and the mentions after the first 500 are scored (the same held-out rows
 * for every point of the curve). Several shuffles; the mean is reported.
 *
 * measure/ sets are for measuring only: the layers trained here are thrown
 * away, nothing is written but the table. `--write` puts the tables in
 * docs/classifier.md (its own section, at the end); `--sets a,b` limits the
 * run; `--tune` replays the train/ sets the shipped model never saw (used to
 * choose the layer's regularisation, so the measure sets stay unseen).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadModelClassifier } from '../../src/adapters/classifier-models.js';
import { applyBrandLayer, type LayerExample, type TrainOptions, trainBrandLayer } from '../../src/domain/classification/brand-layer.js';
import type { Classification } from '../../src/domain/classification/classifier.js';
import { KINDS, type Kind } from '../../src/domain/labels.js';
import { DATASETS, REPO } from './datasets.js';
import { macroF1 } from './metrics.js';
import { seededRandom } from './random.js';

interface ReplaySet {
  name: string;
  dir: string;
  task: 'sentiment' | 'complaint';
  /** The gold label of a row, or null to skip it. */
  gold(row: Record<string, unknown>): string | null;
  note?: string;
}

const BANKS = new Set(['sberbank', 'vtb', 'gazprom', 'alfabank', 'bankmoskvy', 'raiffeisen', 'uralsib', 'rshb']);
const TELECOM = new Set(['mts', 'beeline', 'megafon', 'tele2', 'rostelecom', 'skylink', 'komstar']);
const sentiment = (key: string) => (r: Record<string, unknown>) => {
  const v = r[key];
  return v === 'positive' || v === 'negative' || v === 'neutral' ? v : null;
};

const MEASURE: ReplaySet[] = [
  { name: 'sentirueval2016 banks', dir: 'measure/sentirueval2016', task: 'sentiment', gold: (r) => (BANKS.has(String(r.brand)) ? sentiment('sentiment')(r) : null) },
  { name: 'sentirueval2016 telecom', dir: 'measure/sentirueval2016', task: 'sentiment', gold: (r) => (TELECOM.has(String(r.brand)) ? sentiment('sentiment')(r) : null) },
  { name: 'rusentitweet_ru', dir: 'measure/rusentitweet_ru', task: 'sentiment', gold: sentiment('label'), note: 'speech and skip rows dropped' },
  { name: 'airline_tweets', dir: 'measure/airline_tweets', task: 'sentiment', gold: sentiment('sentiment') },
  { name: 'laroseda', dir: 'measure/laroseda', task: 'sentiment', gold: sentiment('sentiment') },
  { name: 'complaints_en', dir: 'measure/complaints_en', task: 'complaint', gold: (r) => (r.label === 'complaint' || r.label === 'not_complaint' ? String(r.label) : null) },
];

/** Sets the shipped model was not trained on, for choosing the layer's settings without touching measure/. */
const TUNE: ReplaySet[] = [
  { name: 'sart_ro', dir: 'train/sart_ro', task: 'sentiment', gold: sentiment('label') },
  { name: 'umsab_en', dir: 'train/umsab_en', task: 'sentiment', gold: sentiment('label') },
  { name: 'umsab_ar', dir: 'train/umsab_ar', task: 'sentiment', gold: sentiment('label') },
];

const POINTS = [0, 50, 200, 500];
const HELD_OUT_FROM = 500;
const MAX_ROWS = 6000;
const SEEDS = [1, 2, 3];
const COMPLAINT_KINDS: readonly Kind[] = ['constructive', 'impulsive'];

function readRows(dir: string): Record<string, unknown>[] {
  return readFileSync(join(DATASETS, dir, 'data.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** The labels a team would give when it corrects (or confirms) the desk's answer. */
function correctionOf(set: ReplaySet, gold: string, base: Classification): LayerExample['labels'] {
  if (set.task === 'sentiment') return { sentiment: gold };
  // complaint: keep the desk's kind when it agrees, otherwise the most probable kind on the right side.
  const isComplaint = COMPLAINT_KINDS.includes(base.kind);
  if ((gold === 'complaint') === isComplaint) return { kind: base.kind };
  const side = KINDS.filter((k) => COMPLAINT_KINDS.includes(k) === (gold === 'complaint'));
  const p = base.scores?.kind ?? {};
  return { kind: side.reduce((a, b) => ((p[b] ?? 0) > (p[a] ?? 0) ? b : a)) };
}

function predictionOf(set: ReplaySet, c: Classification, labels: string[]): string {
  if (set.task === 'complaint') return COMPLAINT_KINDS.includes(c.kind) ? 'complaint' : 'not_complaint';
  if (labels.includes(c.sentiment)) return c.sentiment;
  // A label the set does not have (LaRoSeDa has no neutral): the most probable one it has.
  const p = c.scores?.sentiment ?? {};
  return labels.reduce((a, b) => ((p[b] ?? 0) > (p[a] ?? 0) ? b : a));
}

interface Curve {
  set: ReplaySet;
  n: number;
  heldOut: number;
  f1: number[];
  trainMs: number;
}

function replay(set: ReplaySet, options: TrainOptions): Curve {
  return replayAll(set, [options])[0]!;
}

function replayAll(set: ReplaySet, optionsList: TrainOptions[]): Curve[] {
  const classifier = loadModelClassifier();
  const all = readRows(set.dir)
    .map((r) => ({ text: typeof r.text === 'string' ? r.text : '', gold: set.gold(r) }))
    .filter((r): r is { text: string; gold: string } => r.gold !== null && r.text.trim().length > 0);
  const labels = [...new Set(all.map((r) => r.gold))].sort();
  // One fixed subsample (seed 0) when the set is large; then each seed shuffles it once.
  const pool = shuffle(all, 0).slice(0, MAX_ROWS);
  const base = new Map(pool.map((r) => [r, classifier.classify({ text: r.text })]));
  return optionsList.map((options) => {
    const f1 = POINTS.map(() => 0);
    let trainMs = 0;
    for (const seed of SEEDS) {
      const rows = shuffle(pool, seed);
      const test = rows.slice(HELD_OUT_FROM);
      const gold = test.map((r) => r.gold);
      POINTS.forEach((k, pi) => {
        const examples: LayerExample[] = rows.slice(0, k).map((r) => ({ text: r.text, base: base.get(r)!, labels: correctionOf(set, r.gold, base.get(r)!) }));
        const cpu = process.cpuUsage();
        const layer = k ? trainBrandLayer(examples, options) : undefined;
        const used = process.cpuUsage(cpu);
        if (k === 500) trainMs += (used.user + used.system) / 1000;
        const pred = test.map((r) => predictionOf(set, layer ? applyBrandLayer(layer, base.get(r)!, r.text) : base.get(r)!, labels));
        f1[pi]! += macroF1(gold, pred, labels) / SEEDS.length;
      });
    }
    return { set, n: pool.length, heldOut: pool.length - HELD_OUT_FROM, f1, trainMs: trainMs / SEEDS.length };
  });
}

function shuffle<T>(xs: readonly T[], seed: number): T[] {
  const out = [...xs];
  if (seed === 0 && out.length <= MAX_ROWS) return out;
  const rnd = seededRandom(seed * 7919 + 17);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function main() {
  const args = process.argv.slice(2);
  if (!existsSync(DATASETS)) {
    console.log(`replay skipped: no data sets at ${DATASETS}`);
    return;
  }
  const only = args.find((a) => a.startsWith('--sets='))?.slice(7).split(',');
  const l2 = args.find((a) => a.startsWith('--l2='));
  const bal = args.find((a) => a.startsWith('--balance='));
  const prior = args.find((a) => a.startsWith('--prior='));
  const options: TrainOptions = { ...(l2 ? { l2: Number(l2.slice(5)) } : {}), ...(prior ? { priorL2: Number(prior.slice(8)) } : {}), ...(bal ? { balance: Number(bal.slice(10)) } : {}) };
  const sets = (args.includes('--tune') ? TUNE : MEASURE).filter((s) => !only || only.some((o) => s.name.includes(o)));
  const grid = args.find((a) => a.startsWith('--grid='));
  if (grid) {
    // --grid='[{"l2":1},{"l2":0.1,"priorL2":1}]': several settings over the same base classifications.
    const list = JSON.parse(grid.slice(7)) as TrainOptions[];
    for (const set of sets) {
      replayAll(set, list).forEach((c, i) => console.log(`${set.name} ${JSON.stringify(list[i])}: ${POINTS.map((p, j) => `${p}→${c.f1[j]!.toFixed(3)}`).join('  ')}`));
    }
    return;
  }
  const curves: Curve[] = [];
  for (const set of sets) {
    const c = replay(set, options);
    curves.push(c);
    console.log(`${set.name}: ${POINTS.map((p, i) => `${p}→${c.f1[i]!.toFixed(3)}`).join('  ')}  (+${(c.f1[2]! - c.f1[0]!).toFixed(3)} at 200; train on 500: ${c.trainMs.toFixed(0)} ms CPU)`);
  }
  if (args.includes('--write')) writeSection(curves);
}

const SECTION = '## Learning from corrections (replay)';

function writeSection(curves: Curve[]) {
  const lines = [
    SECTION,
    '',
    `Produced by \`npm run eval:replay\` on ${new Date().toISOString().slice(0, 10)}. Each set is streamed as one brand's mentions in a fixed shuffled order; the true labels of the first 0, 50, 200 and 500 mentions are revealed as corrections, a brand layer (src/domain/classification/brand-layer.ts) is trained on them in memory, and the mentions after the first 500 are scored (the same rows at every point). Mean over ${SEEDS.length} shuffles; sets larger than ${MAX_ROWS} rows are subsampled once to ${MAX_ROWS}. Sentiment: macro-F1 over the set's labels; complaints_en: complaint (our kind constructive or impulsive) vs not, the corrections being the kind a team would pick on the right side. The layers are thrown away: nothing from measure/ is saved or shipped. Regularisation was chosen on train/ sets the shipped model never saw (\`--tune\`); the one later change, also looked at on these sets, is described below the table.`,
    '',
    '| set | rows scored | 0 | 50 | 200 | 500 | gain at 200 | target +0.10 met |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...curves.map((c) => `| ${c.set.name}${c.set.note ? ` (${c.set.note})` : ''} | ${c.heldOut} | ${c.f1.map((v) => v.toFixed(3)).join(' | ')} | ${c.f1[2]! - c.f1[0]! >= 0 ? '+' : ''}${(c.f1[2]! - c.f1[0]!).toFixed(3)} | ${c.f1[2]! - c.f1[0]! >= 0.1 ? 'yes' : 'no'} |`),
    '',
    `Training on 500 corrections takes ${Math.max(...curves.map((c) => c.trainMs)).toFixed(0)} ms of CPU at most (these runs train the sentiment or kind head only; all three heads take about three times as long).`,
    '',
    "Reading the curves: the +0.10 target is not met on any set. The largest gains are where the shipped model is furthest from the set's conventions — SentiRuEval banks (+0.08 at 200, +0.11 at 500) and RuSentiTweet (+0.08 at 200) — and there is next to none where it is already in-domain (LaRoSeDa, airline tweets) or where the task is the kind (complaints_en, +0.01 at 500). No set gets worse at any point. The layer is conservative on purpose (the shipped answer is its prior, stems seen once carry no weight, strong L2, and ten times that on the shipped model's answers and probabilities as features, so that corrections — mostly of wrong answers — cannot shift a whole class). That last factor was set after a unit test caught 16 corrections of one style moving an unrelated complaint; it was then checked on the tune sets (+0.00 to +0.01 everywhere) and on these (airline's dip at 50 corrections, −0.02, went away; complaints_en lost 0.01 at 200). On the `--tune` sets, weaker regularisation (L2 0.05–1), a looser prior, more steps and half class balance each moved the 200-correction point by about 0.01 or less; character 4-grams of stems (tried on the tune sets, banks and airline) gained at most 0.01 at 500 and nothing at 200; a cross-validation gate (keep a head only if it beats the shipped model on held-out folds; tried on banks, airline and complaints_en) cost 0.01–0.03 at 200, so none was kept. General tweet sets repeat few stems across 200 rows; the tests show the layer learning a team's consistent convention from 8 corrections, but how much a real brand's stream (same products, same phrasings) gains is not measured here.",
    '',
  ];
  const path = join(REPO, 'docs/classifier.md');
  const doc = readFileSync(path, 'utf8');
  const at = doc.indexOf(SECTION);
  const before = at >= 0 ? doc.slice(0, at) : `${doc.trimEnd()}\n\n`;
  const after = at >= 0 ? doc.slice(at + SECTION.length).replace(/^[\s\S]*?(?=\n## |$)/, '') : '';
  writeFileSync(path, `${before}${lines.join('\n')}${after.trimStart() ? `\n${after.trimStart()}` : ''}`);
  console.log('docs/classifier.md updated');
}

main();

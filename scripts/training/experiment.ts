/**
 * `npx tsx scripts/training/experiment.ts <variant>…`: trains variants of the
 * training set in memory (nothing is written to models/) and reports, per
 * language, the kind and sentiment macro-F1 of the whole classifier (rules
 * included) (a) out of fold on the real annotated texts (3-fold CV: how
 * settings are chosen) and (b) on dev/ (measuring only: never trained on).
 * A variant is a name from VARIANTS, or JSON such as
 * '{"name":"x","settings":{"realBoost":20},"setWeights":{"ajgt_ar":{"sentiment":0}}}'.
 * EXPERIMENT_CV=off skips (a); EXPERIMENT_DEV=off skips (b); EXPERIMENT_DETAIL=ar,ru
 * prints per-class confusions for those languages; EXPERIMENT_PREDICTIONS=dir writes each
 * variant's out-of-fold predictions (<name>-cv.json); EXPERIMENT_OUT=file writes the
 * figures as JSON. EXPERIMENT_CACHE=dir keeps fitted models between runs (clear it
 * when the data change). Two processes can share the baseline: one run with
 * `warm:sentiment`, the other with `warm:kind`, both with EXPERIMENT_WAIT=1.
 * Each variant costs 3 + 1 fits per field it changes (about 2 minutes a fit here).
 * A variant with settings.hashBits (or TRAIN_HASH_BITS for all) extracts its own features at that
 * width; it must change both fields. EXPERIMENT_PAIRED=n: a paired bootstrap (n resamples of the
 * texts) of each variant's CV "all" figures against the first variant's.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeModel, encodeModel, type LinearModel } from '../../src/domain/classification/linear-model.js';
import { linearScorer, ModelClassifier } from '../../src/domain/classification/model-classifier.js';
import type { Classification } from '../../src/domain/classification/classifier.js';
import { DATASETS, type Example, isReal, REPO } from './datasets.js';
import { devRows } from './evaluation.js';
import { fitModels, prepare, type Prepared } from './fit.js';
import { bootstrapSamples, frequentClasses, macroF1, pairedDifference } from './metrics.js';
import { realFolds } from './calibrate.js';
import { seededRandom } from './random.js';
import type { Analysis } from '../../src/domain/classification/features.js';
import { loadExamples, loadSetWeights, SETTINGS, type SetWeights } from './training-set.js';

type Field = 'sentiment' | 'kind';
interface Variant {
  name: string;
  settings?: Partial<typeof SETTINGS>;
  setWeights?: SetWeights;
  /** Fields whose model this variant changes (default both); the others reuse the baseline's. */
  fields?: Field[];
  /** Training rows this variant leaves out (e.g. one label of a set). */
  exclude?: (e: Example) => boolean;
}

/** Texts of one hand-written file (the lines a round added), for a variant that leaves them out. */
const handwrittenTexts = (file: string): Set<string> => {
  const path = join(REPO, 'training/corpus/handwritten', file);
  return new Set(existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter((l) => l.trim()).map((l) => l.slice(l.indexOf('\t') + 1)) : []);
};
/** Texts of one training/annotated file's rows (read from their train/ sets); the file must hold only texts not labelled before (a text is left out wherever it is labelled). */
const annotatedTexts = (file: string): Set<string> => {
  const path = join(REPO, 'training/annotated', file);
  if (!existsSync(path)) return new Set();
  const sets = new Map<string, string[]>();
  const lines = (set: string) => sets.get(set) ?? sets.set(set, readFileSync(join(DATASETS, 'train', set, 'data.jsonl'), 'utf8').split('\n')).get(set)!;
  return new Set(
    readFileSync(path, 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as { source: string; source_row: number })
      .map((r) => (JSON.parse(lines(r.source)[r.source_row]!) as { text: string }).text),
  );
};
const ru7 = handwrittenTexts('ru-7.txt');
const ruReal7 = annotatedTexts('ru-real-7.jsonl');

const VARIANTS: Record<string, Variant> = {
  base: { name: 'base' },
  // Round 7 (its files now lie in training/candidates/round-7, so these two leave nothing out until they are moved back):
  // the hand-written Russian lines of ru-7.txt left out.
  noRu7: { name: 'noRu7', exclude: (e) => e.source === 'corpus:handwritten' && ru7.has(e.text) },
  // Round 7 whole: ru-7.txt and the real rows of ru-real-7.jsonl left out of training (those rows are still classified out of fold).
  noRound7: { name: 'noRound7', exclude: (e) => (e.source === 'corpus:handwritten' && ru7.has(e.text)) || (e.source.startsWith('annotated:') && ruReal7.has(e.text)) },
  // Arabic sentiment: the sets without a neutral class, left out.
  arNoNeutralless: { name: 'arNoNeutralless', fields: ['sentiment'], setWeights: { ajgt_ar: { sentiment: 0 }, isarcasmeval_ar: { sentiment: 0 } } },
  // Arabic sentiment: every Arabic set at weight 1 (no measured weights).
  arUnweighted: { name: 'arUnweighted', fields: ['sentiment'], setWeights: { ajgt_ar: { sentiment: 1 }, isarcasmeval_ar: { sentiment: 1 }, umsab_ar: { sentiment: 1 }, arsarcasm_v2: { sentiment: 1 }, ar_saudi_tourism_reviews: { sentiment: 1 } } },
  sentReal5: { name: 'sentReal5', fields: ['sentiment'], settings: { realBoost: 5 } },
  sentReal30: { name: 'sentReal30', fields: ['sentiment'], settings: { realBoost: 30 } },
  // Russian kind: the news and toxicity sets' kinds (neutral-heavy) left out.
  ruKindRealOnly: { name: 'ruKindRealOnly', fields: ['kind'], setWeights: { rusentne2023_ru: { kind: 0 }, ru_distorted_toxicity: { kind: 0 } } },
  // Kind: every public set that measured as hurting left out (only real texts, the corpus and REDv1).
  kindRealOnly: {
    name: 'kindRealOnly',
    fields: ['kind'],
    setWeights: Object.fromEntries(['ar_saudi_tourism_reviews', 'arsarcasm_v2', 'cfpb_sample', 'davidson_offensive_en', 'goemotions_en', 'goemotions_ru_mt', 'mlma_hate', 'news_ro_offense', 'ro_offense', 'ru_distorted_toxicity', 'rusentne2023_ru'].map((s) => [s, { kind: 0 }])),
  },
  // The Arabic/English hate set: is a "normal" tweet thereby neutral? (RuToxicity's non-toxic rows were not: datasets.ts.)
  mlmaOnlyHostile: { name: 'mlmaOnlyHostile', exclude: (e) => e.source === 'mlma_hate' && e.kind === 'neutral' },
  kindReal5: { name: 'kindReal5', fields: ['kind'], settings: { realBoost: 5 } },
  kindReal30: { name: 'kindReal30', fields: ['kind'], settings: { realBoost: 30 } },
};

const LANGS = ['ar', 'en', 'ro', 'ru'] as const;
const started = performance.now();
const log = (s: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(0)} s] ${s}`);

const quantised = (m: LinearModel) => decodeModel(encodeModel(m));

function withSettings<T>(s: Partial<typeof SETTINGS> | undefined, f: () => T): T {
  const saved = { ...SETTINGS };
  Object.assign(SETTINGS, s ?? {});
  try {
    return f();
  } finally {
    Object.assign(SETTINGS, saved);
  }
}

/** The training set's features at each hash width a variant asks for, extracted once. */
const preparedByBits = new Map<number, Prepared>();
function preparedFor(examples: Example[], analyses: Analysis[], bits: number): Prepared {
  let p = preparedByBits.get(bits);
  if (!p) {
    p = prepare(examples, analyses, bits);
    preparedByBits.set(bits, p);
    log(`features extracted at ${bits} bits`);
  }
  return p;
}
const bitsOf = (v: Variant) => v.settings?.hashBits ?? SETTINGS.hashBits;

const cache = new Map<string, LinearModel>();
function model(base: Prepared, v: Variant, field: Field, fold: number, include: (i: number) => boolean, baseWeights: SetWeights): LinearModel {
  const changes = !v.fields || v.fields.includes(field);
  if (v.settings?.hashBits !== undefined && v.fields) throw new Error(`${v.name}: a hash width changes both models`);
  const bits = changes ? bitsOf(v) : base.hashBits;
  // Models of another width than 18 bits are told apart in the cache (same variant name, other TRAIN_HASH_BITS).
  const key = `${changes ? v.name : 'base'}${bits === 18 ? '' : `@${bits}`}:${field}:${fold}`;
  let m = cache.get(key);
  // EXPERIMENT_CACHE=dir keeps the fitted models on disk between runs (same data only).
  const file = process.env.EXPERIMENT_CACHE ? join(process.env.EXPERIMENT_CACHE, `${key.replace(/:/g, '-')}.dflm`) : null;
  if (!m && file && existsSync(file)) m = decodeModel(readFileSync(file));
  // EXPERIMENT_WAIT=1: another process is fitting the baseline's models (warm:<field>); wait for its file.
  if (!m && file && !changes && process.env.EXPERIMENT_WAIT === '1') {
    log(`waiting for ${file}`);
    while (!existsSync(file)) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10_000);
    m = decodeModel(readFileSync(file));
  }
  if (!m) {
    // Features at the variant's width, extracted only when a model of it is fitted (not when all come from the cache).
    const p = bits === base.hashBits ? base : preparedFor(base.examples, base.analyses, bits);
    const weights = changes ? mergeWeights(baseWeights, v.setWeights) : baseWeights;
    const ex = changes ? v.exclude : undefined;
    const inc = ex ? (i: number) => include(i) && !ex(p.examples[i]!) : include;
    m = quantised(withSettings(changes ? v.settings : undefined, () => fitModels(p, { include: inc, setWeights: weights, fields: [field] }).models[field]!));
    if (file) {
      writeFileSync(`${file}.tmp`, encodeModel(m));
      renameSync(`${file}.tmp`, file);
    }
  }
  cache.set(key, m);
  return m;
}

function mergeWeights(base: SetWeights, over: SetWeights | undefined): SetWeights {
  const out: SetWeights = JSON.parse(JSON.stringify(base)) as SetWeights;
  for (const [set, w] of Object.entries(over ?? {})) out[set] = { ...out[set], ...w };
  return out;
}

interface Scored {
  gold: { lang: string; kind: string; sentiment: string; index?: number }[];
  pred: Classification[];
}

function report(label: string, s: Scored): Record<string, { kind: number; sentiment: number }> {
  const out: Record<string, { kind: number; sentiment: number }> = {};
  for (const lang of [...LANGS, 'all']) {
    const idx = s.gold.map((_, i) => i).filter((i) => lang === 'all' || s.gold[i]!.lang === lang);
    const f = (field: Field) => {
      const gold = idx.map((i) => s.gold[i]![field]);
      return macroF1(gold, idx.map((i) => s.pred[i]![field]), frequentClasses(gold, 5));
    };
    out[lang] = { kind: f('kind'), sentiment: f('sentiment') };
  }
  console.log(`${label}: ${Object.entries(out).map(([l, v]) => `${l} k ${v.kind.toFixed(3)} s ${v.sentiment.toFixed(3)}`).join(' | ')}`);
  return out;
}

/**
 * Paired bootstrap of b − a on the same texts (every variant's CV classifies the same real texts in the
 * same order): the difference in macro-F1 over all languages, and its 2.5 and 97.5 percentiles.
 */
function paired(label: string, a: Scored, b: Scored, n: number): Record<Field, { diff: number; low: number; high: number }> {
  const samples = bootstrapSamples(a.gold.length, n, seededRandom(7));
  const out = {} as Record<Field, { diff: number; low: number; high: number }>;
  for (const field of ['kind', 'sentiment'] as const)
    out[field] = pairedDifference(
      a.gold.map((g) => g[field]),
      a.pred.map((p) => p[field]),
      b.pred.map((p) => p[field]),
      samples,
    );
  console.log(`${label}: ${Object.entries(out).map(([f, d]) => `${f} ${d.diff >= 0 ? '+' : ''}${d.diff.toFixed(3)} (95 % ${d.low.toFixed(3)}…${d.high.toFixed(3)})`).join(' | ')}`);
  return out;
}

function confusions(label: string, s: Scored, lang: string) {
  for (const field of ['sentiment', 'kind'] as const) {
    const idx = s.gold.map((_, i) => i).filter((i) => s.gold[i]!.lang === lang);
    const classes = [...new Set(idx.map((i) => s.gold[i]![field]))].sort();
    const lines = classes.map((g) => {
      const row = new Map<string, number>();
      for (const i of idx) if (s.gold[i]![field] === g) row.set(s.pred[i]![field], (row.get(s.pred[i]![field]) ?? 0) + 1);
      return `    ${g.padEnd(12)} → ${[...row].sort((a, b) => b[1] - a[1]).map(([p, n]) => `${p} ${n}`).join(', ')}`;
    });
    console.log(`  ${label} ${lang} ${field}:\n${lines.join('\n')}`);
  }
}

function main() {
  const variants = process.argv.slice(2).filter((a) => !a.startsWith('warm:')).map((a) => (a.startsWith('{') ? (JSON.parse(a) as Variant) : VARIANTS[a] ?? (() => { throw new Error(`no variant ${a}`); })()));
  if (!variants.length && !process.argv.some((a) => a.startsWith('warm:'))) variants.push(VARIANTS.base!);
  const { examples, analyses } = loadExamples();
  const p = preparedFor(examples, analyses, SETTINGS.hashBits);
  const baseWeights = loadSetWeights();
  log(`${examples.length} examples prepared`);
  const fold = realFolds(p);
  const dev = devRows();
  const results: Record<string, unknown> = {};
  const cvScored: Scored[] = [];
  const detail = process.env.EXPERIMENT_DETAIL?.split(',') ?? [];
  for (const arg of process.argv.slice(2).filter((a) => a.startsWith('warm:'))) {
    const field = arg.slice(5) as Field;
    for (const f of [0, 1, 2, -1]) model(p, VARIANTS.base!, field, f, f === -1 ? () => true : (i) => fold[i] !== f, baseWeights);
    log(`baseline ${field} models fitted`);
  }
  for (const v of variants) {
    const r: Record<string, unknown> = {};
    if (process.env.EXPERIMENT_CV !== 'off') {
      const gold: Scored['gold'] = [];
      const pred: Classification[] = [];
      for (let f = 0; f < 3; f++) {
        const include = (i: number) => fold[i] !== f;
        const c = new ModelClassifier({ sentiment: linearScorer(model(p, v, 'sentiment', f, include, baseWeights)), kind: linearScorer(model(p, v, 'kind', f, include, baseWeights)) });
        p.examples.forEach((e, i) => {
          if (fold[i] !== f || !isReal(e.source)) return;
          gold.push({ lang: e.lang, kind: e.kind!, sentiment: e.sentiment!, index: i });
          pred.push(c.classify({ text: e.text }));
        });
      }
      r.cv = report(`${v.name} CV `, { gold, pred });
      cvScored.push({ gold, pred });
      // EXPERIMENT_PREDICTIONS=dir: each text's out-of-fold kind and sentiment (compare-oof.ts pairs them with another recipe's).
      if (process.env.EXPERIMENT_PREDICTIONS)
        writeFileSync(
          join(process.env.EXPERIMENT_PREDICTIONS, `${v.name}-cv.json`),
          `${JSON.stringify(gold.map((g, k) => ({ ...g, predKind: pred[k]!.kind, predSentiment: pred[k]!.sentiment })))}\n`,
        );
      if (cvScored.length > 1 && Number(process.env.EXPERIMENT_PAIRED ?? 0) > 0) r.paired = paired(`${v.name} − ${variants[0]!.name} CV`, cvScored[0]!, { gold, pred }, Number(process.env.EXPERIMENT_PAIRED));
      for (const l of detail) confusions(`${v.name} CV`, { gold, pred }, l);
    }
    if (process.env.EXPERIMENT_DEV !== 'off') {
      const c = new ModelClassifier({ sentiment: linearScorer(model(p, v, 'sentiment', -1, () => true, baseWeights)), kind: linearScorer(model(p, v, 'kind', -1, () => true, baseWeights)) });
      const s: Scored = { gold: dev.map((d) => ({ lang: d.lang, kind: d.kind!, sentiment: d.sentiment! })), pred: dev.map((d) => c.classify({ text: d.text })) };
      r.dev = report(`${v.name} dev`, s);
      for (const l of detail) confusions(`${v.name} dev`, s, l);
    }
    results[v.name] = r;
    log(`${v.name} done`);
  }
  if (process.env.EXPERIMENT_OUT) writeFileSync(process.env.EXPERIMENT_OUT, `${JSON.stringify(results, null, 1)}\n`);
}

main();

/**
 * `npm run eval`: measures the classifier on every `measure/` set (sentiment,
 * and the binary questions our labels answer: complaint or not, abusive or
 * not…) and on `dev/` (every field, calibration, automatic actions), next to
 * two baselines — the `sentiment` npm package (AFINN) and a majority-class
 * predictor — and writes docs/classifier.md, with "before → after" where
 * the previous model's figures exist (docs/classifier-figures-<previous>.json,
 * BEFORE_FIGURES below; each kept model's own figures are
 * docs/classifier-figures.json at its commit).
 * EVAL_MODELS=dir measures other weights; EVAL_FIGURES=path only writes the
 * figures as JSON. Skips with a line when ../shared is absent.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { loadModelClassifier, MODELS_DIR } from '../../src/adapters/classifier-models.js';
import { automaticAction, chooseThreshold, DEFAULT_AUTOMATIC_THRESHOLDS } from '../../src/domain/classification/automatic-action.js';
import { expectedCalibrationError, reliability } from '../../src/domain/classification/calibration.js';
import type { Classification } from '../../src/domain/classification/classifier.js';
import { KINDS } from '../../src/domain/labels.js';
import { DATASETS, REPO } from './datasets.js';
import { BINARY_TASKS, binaryRows, devRows, measureRows, SENTIMENT_SETS, sentimentOf, UNMEASURED_SETS } from './evaluation.js';
import { accuracy, confusion, frequentClasses, macroF1, multiLabelF1, pct } from './metrics.js';

const require = createRequire(import.meta.url);
const Sentiment = require('sentiment') as new () => { analyze(t: string): { score: number } };

export interface Figures {
  classifier: string;
  measure: Record<string, { lang: string; n: number; acc: number; f1: number; posNegF1?: number; afinnF1: number; majorityF1: number }>;
  binary: Record<string, { n: number; precision: number; recall: number; f1: number; macroF1: number; majorityMacroF1: number }>;
  dev: Record<string, { n: number; kindAcc: number; kindF1: number; sentimentAcc: number; sentimentF1: number; situationF1: number; topicsF1: number; signalsF1: number }>;
  calibration: Record<'kind' | 'sentiment', { raw: number; calibrated: number }>;
  troll: { threshold: number; acted: number; precision: number; recall: number; ungatedPrecision: number; ungatedRecall: number };
  speed: number;
}

/**
 * The figures of the model before the shipped one (its docs/classifier-figures.json, kept under its name). When a
 * retrain is kept, point this at the outgoing model's copy (docs/classifier-figures-v3.json holds defuse-linear-v3's, the model before defuse-linear-v4).
 */
const BEFORE_FIGURES = process.env.EVAL_BEFORE ?? 'docs/classifier-figures-v3.json';

const HAND_MARKER = '<!-- written by hand below: kept by npm run eval -->';

const f1Of = (p: number, r: number) => (p + r ? (2 * p * r) / (p + r) : 0);

function main() {
  if (!existsSync(DATASETS)) {
    console.log(`eval skipped: no data sets at ${DATASETS}`);
    return;
  }
  const classifier = loadModelClassifier(process.env.EVAL_MODELS ?? MODELS_DIR);
  const baselinePath = join(REPO, BEFORE_FIGURES);
  const before = !process.env.EVAL_FIGURES && existsSync(baselinePath) ? (JSON.parse(readFileSync(baselinePath, 'utf8')) as Figures) : null;
  const afinn = new Sentiment();
  const afinnSentiment = (t: string) => {
    const s = afinn.analyze(t).score;
    return s > 0 ? 'positive' : s < 0 ? 'negative' : 'neutral';
  };
  const fig: Figures = { classifier: classifier.name, measure: {}, binary: {}, dev: {}, calibration: {} as Figures['calibration'], troll: {} as Figures['troll'], speed: 0 };
  const out: string[] = [];
  const say = (s = '') => {
    console.log(s);
    out.push(s);
  };
  /** "before → after" when the previous model's figure is known. */
  const ba = (now: number, then: number | undefined) => (then === undefined || Number.isNaN(then) ? pct(now) : `${pct(then)} → ${pct(now)}`);

  const started = performance.now();
  let classified = 0;
  // EVAL_REUSE_MEASURE=1: the measure-set figures of the last run (docs/classifier-figures.json) for the same
  // weights, e.g. after only the calibration changed: dev/ is re-measured, the 200,000 measure rows are not.
  const figuresPath = join(REPO, 'docs', 'classifier-figures.json');
  const reuse = process.env.EVAL_REUSE_MEASURE === '1' && existsSync(figuresPath) ? (JSON.parse(readFileSync(figuresPath, 'utf8')) as Figures) : null;
  if (reuse) {
    fig.measure = reuse.measure;
    fig.binary = reuse.binary;
    fig.speed = reuse.speed;
  }
  for (const set of reuse ? [] : SENTIMENT_SETS) {
    const rows = measureRows(set);
    if (!rows.length) continue;
    const labels = [...new Set(rows.map((r) => r.sentiment!))];
    const gold = rows.map((r) => r.sentiment!);
    const pred = rows.map((r) => sentimentOf(classifier.classify({ text: r.text }), labels));
    classified += rows.length;
    const base = rows.map((r) => afinnSentiment(r.text));
    const counts = new Map<string, number>();
    for (const g of gold) counts.set(g, (counts.get(g) ?? 0) + 1);
    const majority = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
    fig.measure[set] = {
      lang: rows[0]!.lang,
      n: rows.length,
      acc: accuracy(gold, pred),
      f1: macroF1(gold, pred, labels),
      ...(labels.includes('neutral') ? { posNegF1: macroF1(gold, pred, ['positive', 'negative']) } : {}),
      afinnF1: macroF1(gold, base, labels),
      majorityF1: macroF1(gold, gold.map(() => majority), labels),
    };
  }
  for (const task of reuse ? [] : BINARY_TASKS) {
    const rows = binaryRows(task);
    if (!rows.length) continue;
    const pred = rows.map((r) => task.predict(classifier.classify({ text: r.text })));
    classified += rows.length;
    const tp = rows.filter((r, i) => r.gold && pred[i]).length;
    const fp = rows.filter((r, i) => !r.gold && pred[i]).length;
    const fn = rows.filter((r, i) => r.gold && !pred[i]).length;
    const tn = rows.length - tp - fp - fn;
    const precision = tp + fp ? tp / (tp + fp) : 0;
    const recall = tp + fn ? tp / (tp + fn) : 0;
    const negF1 = f1Of(tn + fn ? tn / (tn + fn) : 0, tn + fp ? tn / (tn + fp) : 0);
    const yes = rows.filter((r) => r.gold).length;
    const majorityMacroF1 = yes * 2 >= rows.length ? f1Of(yes / rows.length, 1) / 2 : f1Of(1 - yes / rows.length, 1) / 2;
    fig.binary[task.set] = { n: rows.length, precision, recall, f1: f1Of(precision, recall), macroF1: (f1Of(precision, recall) + negF1) / 2, majorityMacroF1 };
  }
  const seconds = (performance.now() - started) / 1000;
  if (!reuse) fig.speed = Math.round(classified / seconds);

  const dev = devRows();
  const preds: Classification[] = dev.map((r) => classifier.classify({ text: r.text }));
  for (const lang of ['ar', 'en', 'ro', 'ru', 'all']) {
    const idx = dev.map((_, i) => i).filter((i) => lang === 'all' || dev[i]!.lang === lang);
    const field = (f: 'kind' | 'sentiment' | 'situation') => {
      const gold = idx.map((i) => dev[i]![f]!);
      const pred = idx.map((i) => preds[i]![f]);
      return { acc: accuracy(gold, pred), f1: macroF1(gold, pred, frequentClasses(gold, 5)) };
    };
    const k = field('kind');
    const s = field('sentiment');
    fig.dev[lang] = {
      n: idx.length,
      kindAcc: k.acc,
      kindF1: k.f1,
      sentimentAcc: s.acc,
      sentimentF1: s.f1,
      situationF1: field('situation').f1,
      topicsF1: multiLabelF1(idx.map((i) => dev[i]!.topics ?? []), idx.map((i) => preds[i]!.topics)),
      signalsF1: multiLabelF1(idx.map((i) => dev[i]!.signals ?? []), idx.map((i) => preds[i]!.signals)),
    };
  }
  const right = { kind: dev.map((r, i) => preds[i]!.kind === r.kind), sentiment: dev.map((r, i) => preds[i]!.sentiment === r.sentiment) };
  const conf = (f: 'kind' | 'sentiment', raw: boolean) => preds.map((p) => (raw ? (p.rawConfidence ?? p.confidence)[f] : p.confidence[f]));
  for (const f of ['kind', 'sentiment'] as const) fig.calibration[f] = { raw: expectedCalibrationError(conf(f, true), right[f]), calibrated: expectedCalibrationError(conf(f, false), right[f]) };

  // Automatic troll silencing on dev: acted on = predicted trolling with the action allowed.
  const trollGold = dev.filter((r) => r.kind === 'trolling').length;
  const trollAt = (threshold: number) => {
    const acted = preds.map((p, i) => i).filter((i) => automaticAction(preds[i]!, { trolling: threshold }).allowed && preds[i]!.kind === 'trolling');
    const ok = acted.filter((i) => dev[i]!.kind === 'trolling').length;
    return { acted: acted.length, precision: acted.length ? ok / acted.length : NaN, recall: ok / trollGold };
  };
  const chosen = trollAt(DEFAULT_AUTOMATIC_THRESHOLDS.trolling);
  const ungated = trollAt(0);
  fig.troll = { threshold: DEFAULT_AUTOMATIC_THRESHOLDS.trolling, acted: chosen.acted, precision: chosen.precision, recall: chosen.recall, ungatedPrecision: ungated.precision, ungatedRecall: ungated.recall };

  if (!process.env.EVAL_FIGURES) writeFileSync(figuresPath, `${JSON.stringify(fig, null, 1)}\n`);
  if (process.env.EVAL_FIGURES) {
    writeFileSync(process.env.EVAL_FIGURES, `${JSON.stringify(fig, null, 1)}\n`);
    console.log(`figures written to ${process.env.EVAL_FIGURES}`);
    return;
  }

  say('# Classifier evaluation');
  say();
  say(`Produced by \`npm run eval\` on ${new Date().toISOString().slice(0, 10)} (classifier \`${classifier.name}\`). Never trained on these sets.${before ? ` Where a cell reads "a → b", a is the previous model (\`${before.classifier}\`, figures in ${BEFORE_FIGURES}, measured by this same script) and b this one.` : ''}`);
  say();
  say('## Sentiment on the measure sets');
  say();
  say("Labels outside a set's own label set are mapped to the most probable label the set has (e.g. LaRoSeDa is positive/negative only); rows whose label is no sentiment (RuSentiTweet's speech acts and skips, ArSAS's mixed, brand emotions' can't tell) are left out. macro-F1 is over the set's labels; for three-way sets it is also given over positive and negative only (SentiRuEval's shared-task metric).");
  say();
  say('| set | lang | n | Defuse acc | Defuse macro-F1 | pos/neg macro-F1 | AFINN macro-F1 | majority macro-F1 |');
  say('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const [set, m] of Object.entries(fig.measure)) {
    const b = before?.measure[set];
    say(`| ${set} | ${m.lang} | ${m.n} | ${ba(m.acc, b?.acc)} | ${ba(m.f1, b?.f1)} | ${m.posNegF1 === undefined ? '' : ba(m.posNegF1, b?.posNegF1)} | ${pct(m.afinnF1)} | ${pct(m.majorityF1)} |`);
  }
  say();
  say('## Yes/no questions on the measure sets');
  say();
  say('| set | n | question, in our labels | precision | recall | F1 | macro-F1 (both classes) | majority macro-F1 |');
  say('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const task of BINARY_TASKS) {
    const m = fig.binary[task.set];
    if (!m) continue;
    const b = before?.binary[task.set];
    say(`| ${task.set} | ${m.n} | ${task.positive}: ${task.rule} | ${ba(m.precision, b?.precision)} | ${ba(m.recall, b?.recall)} | ${ba(m.f1, b?.f1)} | ${ba(m.macroF1, b?.macroF1)} | ${pct(m.majorityMacroF1)} |`);
  }
  say();
  for (const [set, why] of Object.entries(UNMEASURED_SETS)) say(`- Not scored: \`${set}\` — ${why}.`);
  say();
  say('## dev/ (hand-labelled mentions, every field)');
  say();
  say('macro-F1 is over the classes with at least 5 examples in that language (over all languages: at least 5 overall). Topics and signals: micro-F1 over label sets.');
  say();
  say('| lang | n | kind acc | kind macro-F1 | sentiment acc | sentiment macro-F1 | situation macro-F1 | topics F1 | signals F1 |');
  say('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const [lang, d] of Object.entries(fig.dev)) {
    const b = before?.dev[lang];
    say(`| ${lang} | ${d.n} | ${ba(d.kindAcc, b?.kindAcc)} | ${ba(d.kindF1, b?.kindF1)} | ${ba(d.sentimentAcc, b?.sentimentAcc)} | ${ba(d.sentimentF1, b?.sentimentF1)} | ${ba(d.situationF1, b?.situationF1)} | ${ba(d.topicsF1, b?.topicsF1)} | ${ba(d.signalsF1, b?.signalsF1)} |`);
  }
  say();
  say('### Confusion matrix of kind on dev/ (all languages)');
  say();
  say(confusion(dev.map((r) => r.kind!), preds.map((p) => p.kind), KINDS));
  say();
  say('## Calibration on dev/');
  say();
  say('The reported confidence of the chosen kind and sentiment, before calibration (the models\' own probability) and after (the isotonic curves of models/calibration.json, fitted on out-of-fold predictions of the real annotated training texts, never on dev/). Expected calibration error over 10 equal-width bins:');
  say();
  say('| field | ECE raw | ECE calibrated |');
  say('| --- | --- | --- |');
  for (const f of ['kind', 'sentiment'] as const) say(`| ${f} | ${pct(fig.calibration[f].raw)} | ${pct(fig.calibration[f].calibrated)} |`);
  for (const f of ['kind', 'sentiment'] as const) {
    say();
    say(`Reliability of ${f} on dev/ (n per bin, mean confidence, share right):`);
    say();
    say('| confidence bin | raw n | raw mean conf | raw accuracy | calibrated n | calibrated mean conf | calibrated accuracy |');
    say('| --- | --- | --- | --- | --- | --- | --- |');
    const r = reliability(conf(f, true), right[f]);
    const c = reliability(conf(f, false), right[f]);
    r.forEach((bin, i) => say(`| ${bin.from.toFixed(1)}–${bin.to.toFixed(1)} | ${bin.n} | ${pct(bin.meanConfidence)} | ${pct(bin.accuracy)} | ${c[i]!.n} | ${pct(c[i]!.meanConfidence)} | ${pct(c[i]!.accuracy)} |`));
  }
  say();
  say('## Automatic actions on dev/');
  say();
  say(`A predicted troll is silenced ("not engaging") only when its calibrated kind confidence reaches the threshold (\`automaticAction\`, src/domain/classification/automatic-action.ts); below it the mention keeps a normal deadline and \`review: true\`. dev/ has ${trollGold} trolls.`);
  say();
  say('| troll threshold | silenced | precision | recall |');
  say('| --- | --- | --- | --- |');
  for (const t of [...new Set([0, 0.4, 0.5, 0.6, DEFAULT_AUTOMATIC_THRESHOLDS.trolling, 0.7, 0.8, 0.9])].sort((a, b) => a - b)) {
    const s = trollAt(t);
    say(`| ${t === 0 ? '0 (no gate: the previous behaviour)' : String(t)}${t === DEFAULT_AUTOMATIC_THRESHOLDS.trolling ? ' (default)' : ''} | ${s.acted} | ${pct(s.precision)} | ${pct(s.recall)} |`);
  }
  for (const kind of ['trolling', 'impulsive', 'black_pr'] as const) {
    const idx = preds.map((_, i) => i).filter((i) => preds[i]!.kind === kind);
    const best = chooseThreshold(idx.map((i) => preds[i]!.confidence.kind), idx.map((i) => dev[i]!.kind === kind), 0.9, 5);
    say();
    say(`- ${kind}: ${idx.length} predicted on dev/; the lowest threshold with precision ≥ 0.9 on dev/ (at least 5 acted on) is ${best ? `${best.threshold} (precision ${pct(best.precision)}, ${best.acted} acted on)` : 'none'}; the default is ${DEFAULT_AUTOMATIC_THRESHOLDS[kind]}.`);
  }
  say();
  say('## Targets');
  say();
  say('| target | goal | now | met |');
  say('| --- | --- | --- | --- |');
  const row = (name: string, goal: number, now: number | undefined, then?: number) => say(`| ${name} | ≥ ${goal.toFixed(2)} | ${ba(now ?? NaN, then)} | ${now !== undefined && now >= goal ? 'yes' : 'no'} |`);
  for (const l of ['ar', 'en', 'ro', 'ru']) row(`dev ${l} kind macro-F1`, 0.65, fig.dev[l]?.kindF1, before?.dev[l]?.kindF1);
  for (const l of ['ar', 'en', 'ro', 'ru']) row(`dev ${l} sentiment macro-F1`, 0.75, fig.dev[l]?.sentimentF1, before?.dev[l]?.sentimentF1);
  // The previous model's automatic silencing: gated at its own default threshold, or every predicted troll when it had no gate.
  const gatedBefore = before && before.troll.threshold > 0 && before.classifier !== 'defuse-linear-v1';
  const beforeTroll = before ? (gatedBefore ? { p: before.troll.precision, r: before.troll.recall } : { p: before.troll.ungatedPrecision, r: before.troll.ungatedRecall }) : undefined;
  row('automatic troll silencing precision on dev', 0.9, fig.troll.precision, beforeTroll?.p);
  say();
  say(
    `Automatic troll silencing on dev/: precision ${ba(fig.troll.precision, beforeTroll?.p)}, recall ${ba(fig.troll.recall, beforeTroll?.r)} at the default threshold ${fig.troll.threshold}${before ? (gatedBefore ? ` (before: ${before.classifier} at its own default ${before.troll.threshold})` : ' (before: every predicted troll was silenced)') : ''}; with no gate this model would silence at precision ${pct(fig.troll.ungatedPrecision)}, recall ${pct(fig.troll.ungatedRecall)}.`,
  );
  say();
  say(`Speed during this run: ${fig.speed} mentions/s (whole pipeline: language, phrase lists, stems, both models, rules). \`npm run bench\` measures it properly.`);
  // Everything below the marker is written by hand (set weights, decisions) and kept across runs.
  const path = join(REPO, 'docs', 'classifier.md');
  const previous = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const kept = previous.includes(HAND_MARKER) ? previous.slice(previous.indexOf(HAND_MARKER)) : `${HAND_MARKER}\n`;
  writeFileSync(path, `${out.join('\n')}\n\n${kept}`);
}

main();

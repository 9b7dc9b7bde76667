/**
 * `npm run eval`: measures the classifier on every `measure/` set (sentiment)
 * and on `dev/` (every field), next to two baselines — the `sentiment` npm
 * package (AFINN) and a majority-class predictor — and writes the tables to
 * docs/classifier.md. Skips with a line when ../shared is absent.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { loadModelClassifier } from '../../src/adapters/classifier-models.js';
import type { Classification } from '../../src/domain/classification/classifier.js';
import { KINDS } from '../../src/domain/labels.js';
import { DATASETS, REPO } from './datasets.js';
import { devRows, MEASURE_SETS, measureSet, type Row, summarize } from './evaluation.js';
import { accuracy, confusion, frequentClasses, macroF1, multiLabelF1, pct } from './metrics.js';

const require = createRequire(import.meta.url);
const Sentiment = require('sentiment') as new () => { analyze(t: string): { score: number } };

function main() {
  if (!existsSync(DATASETS)) {
    console.log(`eval skipped: no data sets at ${DATASETS}`);
    return;
  }
  const classifier = loadModelClassifier();
  const afinn = new Sentiment();
  const afinnSentiment = (t: string) => {
    const s = afinn.analyze(t).score;
    return s > 0 ? 'positive' : s < 0 ? 'negative' : 'neutral';
  };
  const out: string[] = [];
  const say = (s = '') => {
    console.log(s);
    out.push(s);
  };

  say('# Classifier evaluation');
  say();
  say(`Produced by \`npm run eval\` on ${new Date().toISOString().slice(0, 10)} (classifier \`${classifier.name}\`). Never trained on these sets.`);
  say();
  say('## Sentiment on the measure sets');
  say();
  say('Labels outside a set\'s own label set are mapped to the most probable label the set has (e.g. LaRoSeDa is positive/negative only). macro-F1 is over the set\'s labels; for SentiRuEval it is also given over positive and negative only, the shared task\'s metric.');
  say();
  say('| set | lang | n | Defuse acc | Defuse macro-F1 | AFINN acc | AFINN macro-F1 | majority acc | majority macro-F1 | extra |');
  say('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  const started = performance.now();
  let classified = 0;
  for (const set of MEASURE_SETS) {
    const { rows, labels, gold, pred } = measureSet(classifier, set);
    if (!rows.length) continue;
    classified += rows.length;
    const base = rows.map((r) => afinnSentiment(r.text));
    const counts = new Map<string, number>();
    for (const g of gold) counts.set(g, (counts.get(g) ?? 0) + 1);
    const majority = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
    const maj = gold.map(() => majority);
    const extra = set === 'sentirueval2016' ? `pos/neg macro-F1: Defuse ${pct(macroF1(gold, pred, ['positive', 'negative']))}, AFINN ${pct(macroF1(gold, base, ['positive', 'negative']))}` : '';
    say(`| ${set} | ${rows[0]!.lang} | ${rows.length} | ${pct(accuracy(gold, pred))} | ${pct(macroF1(gold, pred, labels))} | ${pct(accuracy(gold, base))} | ${pct(macroF1(gold, base, labels))} | ${pct(accuracy(gold, maj))} | ${pct(macroF1(gold, maj, labels))} | ${extra} |`);
  }
  const seconds = (performance.now() - started) / 1000;

  const dev = devRows();
  if (dev.length) {
    const preds = new Map<Row, Classification>(dev.map((r) => [r, classifier.classify({ text: r.text })]));
    say();
    say('## dev/ (hand-labelled mentions, every field)');
    say();
    say('macro-F1 is over the classes with at least 5 examples in that language (over all languages: at least 5 overall). Topics and signals: micro-F1 over label sets.');
    say();
    say('| lang | n | language acc | kind acc | kind macro-F1 | sentiment acc | sentiment macro-F1 | situation acc | situation macro-F1 | topics F1 | signals F1 | AFINN sentiment macro-F1 | majority kind macro-F1 | majority sentiment macro-F1 |');
    say('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const lang of ['ar', 'en', 'ro', 'ru', 'all']) {
      const rows = dev.filter((r) => lang === 'all' || r.lang === lang);
      const p = rows.map((r) => preds.get(r)!);
      const field = (f: 'kind' | 'sentiment' | 'situation') => {
        const gold = rows.map((r) => r[f]!);
        const pred = p.map((c) => c[f]);
        const classes = frequentClasses(gold, 5);
        return { acc: accuracy(gold, pred), f1: macroF1(gold, pred, classes), gold, classes };
      };
      const k = field('kind');
      const s = field('sentiment');
      const si = field('situation');
      const majority = (gold: string[], classes: string[]) => {
        const top = [...new Set(gold)].sort((a, b) => gold.filter((g) => g === b).length - gold.filter((g) => g === a).length)[0]!;
        return macroF1(gold, gold.map(() => top), classes);
      };
      const afinnPred = rows.map((r) => afinnSentiment(r.text));
      say(
        `| ${lang} | ${rows.length} | ${pct(accuracy(rows.map((r) => r.lang), p.map((c) => c.language)))} | ${pct(k.acc)} | ${pct(k.f1)} | ${pct(s.acc)} | ${pct(s.f1)} | ${pct(si.acc)} | ${pct(si.f1)} | ${pct(multiLabelF1(rows.map((r) => r.topics ?? []), p.map((c) => c.topics)))} | ${pct(multiLabelF1(rows.map((r) => r.signals ?? []), p.map((c) => c.signals)))} | ${pct(macroF1(s.gold, afinnPred, s.classes))} | ${pct(majority(k.gold, k.classes))} | ${pct(majority(s.gold, s.classes))} |`,
      );
    }
    say();
    say('### Confusion matrix of kind on dev/ (all languages)');
    say();
    say(confusion(dev.map((r) => r.kind!), dev.map((r) => preds.get(r)!.kind), KINDS));
  }
  const sum = summarize(classifier);
  if (sum.dev.all) {
    say();
    say('## Targets (issue 3)');
    say();
    say('| target | goal | now | met |');
    say('| --- | --- | --- | --- |');
    const row = (name: string, goal: number, now: number | undefined) => say(`| ${name} | ≥ ${goal.toFixed(2)} | ${pct(now ?? NaN)} | ${now !== undefined && now >= goal ? 'yes' : 'no'} |`);
    for (const l of ['ar', 'en', 'ro', 'ru']) row(`dev ${l} kind macro-F1`, 0.65, sum.dev[l]?.kindF1);
    for (const l of ['ar', 'en', 'ro', 'ru']) row(`dev ${l} sentiment macro-F1`, 0.75, sum.dev[l]?.sentimentF1);
    row('SentiRuEval-2016 pos/neg macro-F1', 0.7, sum.measure.sentirueval2016?.posNegF1);
    row('LaRoSeDa accuracy', 0.9, sum.measure.laroseda?.acc);
    row('airline tweets accuracy', 0.8, sum.measure.airline_tweets?.acc);
  }
  say();
  say(`Speed during this run: ${Math.round(classified / seconds)} mentions/s (whole pipeline: language, phrase lists, both models, rules). \`npm run bench\` measures it properly.`);
  writeFileSync(join(REPO, 'docs', 'classifier.md'), `${out.join('\n')}\n`);
}

main();

/**
 * `npm run eval:replay`: what a brand gains from its team's corrections.
 * A measure set is streamed as if it were one brand's mentions (seeded
 * order); the true label of the first 0, 50, 200 or 500 is revealed as
 * corrections, a brand layer (src/domain/classification/brand-adaptation.ts)
 * is fitted on them, and the same held-out rest (everything after the first
 * 500) is scored. 0 corrections is the shipped classifier as the desk shows
 * it. Sentiment on SentiRuEval-2016 banks and telecom separately,
 * RuSentiTweet, airline tweets and LaRoSeDa; complaint or not on complaints_en.
 * Writes the curves into docs/classifier.md (between replay markers).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadModelClassifier } from '../../src/adapters/classifier-models.js';
import { analyze } from '../../src/domain/classification/analyze.js';
import { adapt, ADAPTER_DEFAULTS, type AdapterExample, type AdapterOptions, fitAdapter } from '../../src/domain/classification/brand-adaptation.js';
import { extractFeatures, type FeatureVector } from '../../src/domain/classification/features.js';
import { DATASETS, REPO } from './datasets.js';
import { BINARY_TASKS, measureRows, readJsonl, sentimentOf } from './evaluation.js';
import { macroF1, pct } from './metrics.js';
import { seededRandom } from './random.js';

const REVEAL = [0, 50, 200, 500];
/** The layer's settings; REPLAY_CONFIGS='[{...},{...}]' compares several on the same streams (design choice on measure/ only). */
const CONFIGS: AdapterOptions[] = process.env.REPLAY_CONFIGS ? (JSON.parse(process.env.REPLAY_CONFIGS) as AdapterOptions[]) : [ADAPTER_DEFAULTS];
const TEST = Number(process.env.REPLAY_TEST ?? 2000);
const BANKS = new Set(['sberbank', 'raiffeisen', 'rshb', 'vtb', 'alfabank', 'gazprom', 'bankmoskvy', 'uralsib']);

interface Stream {
  name: string;
  task: string;
  classes: string[];
  rows: { text: string; label: string }[];
}

function streams(): Stream[] {
  const senti = (name: string, set: string, keep: (r: Record<string, unknown>) => boolean = () => true): Stream => {
    const rows = measureRows(set).filter((r) => keep(r as unknown as Record<string, unknown>));
    return { name, task: 'sentiment', classes: [...new Set(rows.map((r) => r.sentiment!))].sort(), rows: rows.map((r) => ({ text: r.text, label: r.sentiment! })) };
  };
  const complaints = join(DATASETS, 'measure', 'complaints_en', 'data.jsonl');
  return [
    senti('sentirueval2016 banks', 'sentirueval2016', (r) => BANKS.has(String(r.brand))),
    senti('sentirueval2016 telecom', 'sentirueval2016', (r) => !BANKS.has(String(r.brand))),
    senti('rusentitweet_ru', 'rusentitweet_ru'),
    senti('airline_tweets', 'airline_tweets'),
    senti('laroseda', 'laroseda'),
    {
      name: 'complaints_en',
      task: 'complaint or not',
      classes: ['complaint', 'not_complaint'],
      rows: existsSync(complaints) ? readJsonl(complaints).map((r) => ({ text: r.text, label: String((r as unknown as { label: string }).label) })) : [],
    },
  ].filter((s) => s.rows.length > REVEAL.at(-1)! + 100);
}

function main() {
  const classifier = loadModelClassifier();
  const complaintTask = BINARY_TASKS.find((t) => t.set === 'complaints_en')!;
  const lines: string[] = [];
  const table: string[] = ['| stream | task | held-out n | ' + REVEAL.map((n) => `${n} corrections`).join(' | ') + ' | gain after 200 |', `|${' --- |'.repeat(REVEAL.length + 4)}`];
  for (const s of streams()) {
    const rand = seededRandom(12);
    const order = s.rows.map((_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const rows = order.slice(0, REVEAL.at(-1)! + TEST).map((i) => s.rows[i]!);
    const prepared = rows.map((r) => {
      const c = classifier.classify({ text: r.text });
      const x: FeatureVector = extractFeatures(analyze(r.text));
      let base: number[];
      let shown: string;
      if (s.task === 'sentiment') {
        const total = s.classes.reduce((acc, k) => acc + (c.scores!.sentiment[k] ?? 0), 0) || 1;
        base = s.classes.map((k) => (c.scores!.sentiment[k] ?? 0) / total);
        shown = sentimentOf(c, s.classes);
      } else {
        const p = Math.min(0.999, Math.max(0.001, (c.scores!.kind.constructive ?? 0) + (c.scores!.kind.impulsive ?? 0)));
        base = [p, 1 - p];
        shown = complaintTask.predict(c) ? 'complaint' : 'not_complaint';
      }
      return { x, base, shown, y: s.classes.indexOf(r.label), label: r.label };
    });
    const test = prepared.slice(REVEAL.at(-1)!);
    const gold = test.map((t) => t.label);
    for (const config of CONFIGS) {
    const scores: number[] = [];
    for (const n of REVEAL) {
      let pred: string[];
      if (n === 0) pred = test.map((t) => t.shown);
      else {
        const examples: AdapterExample[] = prepared.slice(0, n).map((t) => ({ x: t.x, base: t.base, y: t.y }));
        const layer = fitAdapter(s.classes, examples, { ...config, seed: 7 });
        pred = test.map((t) => {
          const p = adapt(layer, t.x, t.base);
          let best = 0;
          for (let k = 1; k < p.length; k++) if (p[k]! > p[best]!) best = k;
          return s.classes[best]!;
        });
      }
      scores.push(macroF1(gold, pred, s.classes));
    }
    const gain = scores[REVEAL.indexOf(200)]! - scores[0]!;
    table.push(`| ${s.name}${CONFIGS.length > 1 ? ` ${JSON.stringify(config)}` : ''} | ${s.task} | ${test.length} | ${scores.map(pct).join(' | ')} | ${gain >= 0 ? '+' : ''}${gain.toFixed(3)}${gain >= 0.1 ? ' (target met)' : ''} |`);
    console.log(table.at(-1));
    }
  }
  if (CONFIGS.length > 1) return;
  lines.push(
    '## Learning from a brand\'s corrections (replay)',
    '',
    `\`npm run eval:replay\`, ${new Date().toISOString().slice(0, 10)}: each stream is a measure set replayed as one brand's mentions in a seeded order. The true labels of the first N are revealed as the team's corrections, a brand layer (brand-adaptation.ts: a logistic layer over the shared model's log-probabilities and its hashed features, starting as the identity, L2 towards it) is fitted on them, and the same held-out mentions after the first ${REVEAL.at(-1)} are scored. macro-F1 over the set's labels; 0 corrections is the shipped classifier as the desk shows it. Target: +0.10 after 200.`,
    '',
    ...table,
  );
  const path = join(REPO, 'docs', 'classifier.md');
  const doc = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const start = '<!-- replay -->';
  const end = '<!-- /replay -->';
  const block = `${start}\n${lines.join('\n')}\n${end}`;
  writeFileSync(path, doc.includes(start) ? doc.replace(new RegExp(`${start}[\\s\\S]*?${end}`), block) : `${doc.trimEnd()}\n\n${block}\n`);
}

main();

/**
 * `npm run eval:replies`: precision and recall of each reply-checker rule on
 * a labelled set of replies — the project's hand-written replies in four
 * languages (training/reply-checker/handwritten.jsonl) and real brand replies
 * from ../shared/datasets/measure/twcs_pairs labelled by us
 * (training/reply-checker/twcs-labels.jsonl holds line numbers and labels
 * only; the texts are read from ../shared, whose licence forbids copying
 * them). Writes docs/reply-checker.md.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CheckLanguage, checkReply, REPLY_RULES, type ReplyRule } from '../../src/domain/replies/reply-checker.js';

interface Item {
  source: string;
  lang: CheckLanguage;
  kind: string;
  first: boolean;
  text: string;
  rules: ReplyRule[];
}

const ROOT = join(import.meta.dirname, '..', '..');
const SHARED = process.env.DEFUSE_SHARED ?? join(ROOT, '..', 'shared');
const readJsonl = <T>(path: string): T[] => readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as T);

function load(): Item[] {
  const items: Item[] = readJsonl<Omit<Item, 'source'>>(join(ROOT, 'training/reply-checker/handwritten.jsonl')).map((x) => ({ ...x, source: 'handwritten' }));
  const twcsPath = join(SHARED, 'datasets/measure/twcs_pairs/data.jsonl');
  if (existsSync(twcsPath)) {
    const lines = readFileSync(twcsPath, 'utf8').split('\n');
    for (const [file, source] of [
      ['twcs-labels.jsonl', 'twcs'],
      ['twcs-heldout.jsonl', 'twcs-heldout'],
    ] as const) {
      for (const l of readJsonl<{ line: number; kind: string; first: boolean; rules: ReplyRule[] }>(join(ROOT, 'training/reply-checker', file))) {
        const row = JSON.parse(lines[l.line]!) as { brand_reply: string };
        items.push({ source, lang: 'en', kind: l.kind, first: l.first, text: row.brand_reply.replace(/^(@\w+\s*)+/, ''), rules: l.rules });
      }
    }
  } else {
    console.log(`twcs_pairs not found under ${SHARED}: measuring the hand-written replies only`);
  }
  return items;
}

interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

function measure(items: Item[]) {
  const per = new Map<ReplyRule, Counts>(REPLY_RULES.map((r) => [r, { tp: 0, fp: 0, fn: 0 }]));
  const mistakes: string[] = [];
  let silentOnClean = 0;
  let clean = 0;
  for (const it of items) {
    const found = new Set(checkReply(it.text, it.lang, { kind: it.kind, firstReply: it.first }).map((f) => f.rule));
    if (!it.rules.length) {
      clean++;
      if (!found.size) silentOnClean++;
    }
    for (const r of REPLY_RULES) {
      const gold = it.rules.includes(r);
      const c = per.get(r)!;
      if (gold && found.has(r)) c.tp++;
      else if (found.has(r)) {
        c.fp++;
        mistakes.push(`FP ${r} [${it.source}/${it.lang}] ${it.text.slice(0, 120)}`);
      } else if (gold) {
        c.fn++;
        mistakes.push(`FN ${r} [${it.source}/${it.lang}] ${it.text.slice(0, 120)}`);
      }
    }
  }
  return { per, mistakes, silentOnClean, clean };
}

const fmt = (x: number) => (Number.isNaN(x) ? '–' : x.toFixed(2));

function table(title: string, items: Item[]): string {
  const { per, silentOnClean, clean } = measure(items);
  const rows = REPLY_RULES.map((r) => {
    const c = per.get(r)!;
    const p = c.tp / (c.tp + c.fp);
    const rc = c.tp / (c.tp + c.fn);
    return `| ${r} | ${c.tp + c.fn} | ${fmt(p)} | ${fmt(rc)} | ${c.tp} | ${c.fp} | ${c.fn} |`;
  });
  const all = [...per.values()].reduce((a, c) => ({ tp: a.tp + c.tp, fp: a.fp + c.fp, fn: a.fn + c.fn }), { tp: 0, fp: 0, fn: 0 });
  return [
    `### ${title} (${items.length} replies; silent on ${silentOnClean} of ${clean} replies labelled clean)`,
    '',
    '| rule | labelled | precision | recall | TP | FP | FN |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    `| **all rules** | ${all.tp + all.fn} | ${fmt(all.tp / (all.tp + all.fp))} | ${fmt(all.tp / (all.tp + all.fn))} | ${all.tp} | ${all.fp} | ${all.fn} |`,
    '',
  ].join('\n');
}

const items = load();
const sets: Array<[string, Item[]]> = [
  ['All', items],
  ['Hand-written, ru/ro/ar/en', items.filter((i) => i.source === 'handwritten')],
  ['Real brand replies (twcs_pairs, English), used for error analysis while writing the rules', items.filter((i) => i.source === 'twcs')],
  ['Real brand replies (twcs_pairs, English), held out: labelled after the rules were frozen', items.filter((i) => i.source === 'twcs-heldout')],
];
const out = [
  '# Reply checker evaluation',
  '',
  `Produced by \`npm run eval:replies\` on ${new Date().toISOString().slice(0, 10)}. Precision and recall per rule; "–" where a rule never fired or was never labelled.`,
  'Labels follow PRODUCT.md rules 4–6 as a person applies them, not the checker\'s phrase lists. The hand-written replies and the first twcs sample were looked at while the phrase lists were written, so their figures are optimistic; the held-out twcs sample was labelled after the rules were frozen and is the honest estimate.',
  '',
  ...sets.filter(([, s]) => s.length).map(([t, s]) => table(t, s)),
].join('\n');
console.log(out);
const { mistakes } = measure(items);
console.log(`\nMistakes (${mistakes.length}):\n${mistakes.join('\n')}`);
writeFileSync(join(ROOT, 'docs/reply-checker.md'), `${out}\n`);

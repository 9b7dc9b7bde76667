/**
 * `npm run eval:replies`: precision and recall of the reply checker, before
 * (the checker as it was before issue 13, frozen in ./baseline) and after
 * (rules and cues alone, and with the trained scorer), on:
 *  - the held-out part of the corpus of (mention, reply) pairs in four
 *    languages (training/reply-checker/corpus/*.jsonl, `split: "heldout"`):
 *    the honest figures — the rules and the scorer were developed on the
 *    `train` lines only, and nobody read the held-out texts;
 *  - the project's old hand-written set (training/reply-checker/handwritten.jsonl);
 *  - real brand replies from ../shared/datasets/measure/twcs_pairs labelled
 *    by us (line numbers and labels only; measuring only, never training).
 * "Flagged" is the reply-level question (any rule labelled vs any finding);
 * then precision and recall per rule. Writes docs/reply-checker.md.
 * `--mistakes` lists the errors on the train split and the hand-written set
 * (never on held-out lines).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDefaultClassifier } from '../../src/adapters/classifier-models.js';
import { type CheckLanguage, checkReplyFull, isCheckLanguage, REPLY_RULES, type ReplyRule } from '../../src/domain/replies/reply-checker.js';
import { checkReply as checkReplyV1 } from './baseline/reply-checker-v1.js';

export interface Item {
  source: string;
  id: string;
  lang: CheckLanguage;
  /** The case's language (the mention's): what the old checker was given. */
  caseLang: CheckLanguage;
  kind: string | null;
  sentiment: string | null;
  first: boolean;
  mention: string | null;
  text: string;
  rules: ReplyRule[];
  split?: string;
}

const ROOT = join(import.meta.dirname, '..', '..');
const SHARED = process.env.DEFUSE_SHARED ?? join(ROOT, '..', 'shared');
const readJsonl = <T>(path: string): T[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);

interface CorpusLine {
  id: string;
  lang: string;
  mention_lang?: string;
  kind?: string;
  sentiment?: string;
  first_reply?: boolean;
  mention_text?: string;
  text: string;
  rules: string[];
  split?: string;
}

export function loadCorpus(dir = join(ROOT, 'training/reply-checker/corpus')): Item[] {
  if (!existsSync(dir)) return [];
  const out: Item[] = [];
  for (const f of readdirSync(dir)
    .filter((x) => x.endsWith('.jsonl'))
    .sort()) {
    for (const x of readJsonl<CorpusLine>(join(dir, f))) {
      if (!isCheckLanguage(x.lang) || typeof x.text !== 'string' || !Array.isArray(x.rules)) continue;
      out.push({
        source: 'corpus',
        id: x.id,
        lang: x.lang,
        caseLang: isCheckLanguage(x.mention_lang) ? x.mention_lang : x.lang,
        kind: x.kind ?? null,
        sentiment: x.sentiment ?? null,
        first: x.first_reply !== false,
        mention: x.mention_text ?? null,
        text: x.text,
        rules: x.rules.filter((r): r is ReplyRule => (REPLY_RULES as readonly string[]).includes(r)),
        split: x.split ?? undefined,
      });
    }
  }
  return out;
}

function loadOld(): Item[] {
  const items: Item[] = readJsonl<{ lang: CheckLanguage; kind: string; first: boolean; text: string; rules: ReplyRule[] }>(
    join(ROOT, 'training/reply-checker/handwritten.jsonl'),
  ).map((x, i) => ({
    source: 'handwritten',
    id: `hw-${i}`,
    lang: x.lang,
    caseLang: x.lang,
    kind: x.kind,
    sentiment: null,
    first: x.first,
    mention: null,
    text: x.text,
    rules: x.rules,
  }));
  const twcsPath = join(SHARED, 'datasets/measure/twcs_pairs/data.jsonl');
  if (existsSync(twcsPath)) {
    const lines = readFileSync(twcsPath, 'utf8').split('\n');
    for (const [file, source] of [
      ['twcs-labels.jsonl', 'twcs'],
      ['twcs-heldout.jsonl', 'twcs-heldout'],
    ] as const) {
      for (const l of readJsonl<{ line: number; kind: string; first: boolean; rules: ReplyRule[] }>(join(ROOT, 'training/reply-checker', file))) {
        const row = JSON.parse(lines[l.line]!) as { brand_reply: string; customer_tweet?: string };
        items.push({
          source,
          id: `twcs-${l.line}`,
          lang: 'en',
          caseLang: 'en',
          kind: l.kind,
          sentiment: null,
          first: l.first,
          mention: null,
          text: row.brand_reply.replace(/^(@\w+\s*)+/, ''),
          rules: l.rules,
        });
      }
    }
  } else {
    console.log(`twcs_pairs not found under ${SHARED}: measuring the corpus and the hand-written replies only`);
  }
  return items;
}

export type Checker = (it: Item) => Set<ReplyRule>;

const classifier = loadDefaultClassifier();
const classifyMention = (text: string) => {
  const c = classifier.classify({ text });
  return { kind: c.kind, sentiment: c.sentiment };
};

/** Before: the old checker, in the case's language, with the case's kind (as the desk called it). */
export const before: Checker = (it) =>
  new Set(checkReplyV1(it.text, it.caseLang, { kind: it.kind, sentiment: it.sentiment, firstReply: it.first }).map((f) => f.rule));
/** After: the reply's language detected, the mention given, with or without the scorer. */
export const after =
  (noScorer: boolean): Checker =>
  (it) =>
    new Set(
      checkReplyFull(it.text, {
        kind: it.kind,
        sentiment: it.sentiment,
        firstReply: it.first,
        mentionText: it.mention,
        classifyMention,
        noScorer,
      }).findings.map((f) => f.rule),
    );

interface Counts {
  tp: number;
  fp: number;
  fn: number;
}
const zero = (): Counts => ({ tp: 0, fp: 0, fn: 0 });

export function measure(items: Item[], check: Checker) {
  const per = new Map<ReplyRule, Counts>(REPLY_RULES.map((r) => [r, zero()]));
  const flagged = zero();
  const all = zero();
  const mistakes: string[] = [];
  for (const it of items) {
    const found = check(it);
    const gold = new Set(it.rules);
    if (gold.size && found.size) flagged.tp++;
    else if (found.size) flagged.fp++;
    else if (gold.size) flagged.fn++;
    for (const r of REPLY_RULES) {
      const c = per.get(r)!;
      if (gold.has(r) && found.has(r)) c.tp++;
      else if (found.has(r)) {
        c.fp++;
        mistakes.push(`FP ${r} [${it.source}/${it.id}/${it.lang} ${it.kind}${it.first ? '' : ' later'}] ${it.text.slice(0, 160)}`);
      } else if (gold.has(r)) {
        c.fn++;
        mistakes.push(`FN ${r} [${it.source}/${it.id}/${it.lang} ${it.kind}${it.first ? '' : ' later'}] ${it.text.slice(0, 160)}`);
      }
    }
  }
  for (const c of per.values()) {
    all.tp += c.tp;
    all.fp += c.fp;
    all.fn += c.fn;
  }
  return { per, flagged, all, mistakes };
}

const fmt = (x: number) => (Number.isNaN(x) ? '–' : x.toFixed(2));
const p = (c: Counts) => fmt(c.tp / (c.tp + c.fp));
const r = (c: Counts) => fmt(c.tp / (c.tp + c.fn));

/** One table: per rule, before → after (rules and cues) → after (with the scorer). */
function table(title: string, items: Item[]): string {
  const b = measure(items, before);
  const a = measure(items, after(true));
  const s = measure(items, after(false));
  const row = (name: string, cb: Counts, ca: Counts, cs: Counts, labelled: number) =>
    `| ${name} | ${labelled} | ${p(cb)} / ${r(cb)} | ${p(ca)} / ${r(ca)} | **${p(cs)} / ${r(cs)}** | ${cs.tp} | ${cs.fp} | ${cs.fn} |`;
  const flaggedGold = items.filter((i) => i.rules.length).length;
  return [
    `### ${title} (${items.length} replies, ${flaggedGold} flawed, ${items.length - flaggedGold} clean)`,
    '',
    '| rule | labelled | before P / R | rules + cues P / R | **after (with scorer) P / R** | TP | FP | FN |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    row('**flagged or not**', b.flagged, a.flagged, s.flagged, flaggedGold),
    ...REPLY_RULES.map((rule) => row(rule, b.per.get(rule)!, a.per.get(rule)!, s.per.get(rule)!, items.filter((i) => i.rules.includes(rule)).length)),
    row(
      '**all rules**',
      b.all,
      a.all,
      s.all,
      items.reduce((n, i) => n + i.rules.length, 0),
    ),
    '',
  ].join('\n');
}

function main() {
  const corpus = loadCorpus();
  const heldout = corpus.filter((i) => i.split === 'heldout');
  const train = corpus.filter((i) => i.split === 'train');
  const old = loadOld();
  const langs: CheckLanguage[] = ['ru', 'ro', 'en', 'ar'];
  const sets: Array<[string, Item[]]> = [
    ['Corpus, held out, all languages', heldout],
    ...langs.map((l): [string, Item[]] => [`Corpus, held out, ${l} replies`, heldout.filter((i) => i.lang === l)]),
    ['Corpus, held out, replies in another language than the mention', heldout.filter((i) => i.lang !== i.caseLang)],
    ['Corpus, train split (developed and trained on: optimistic)', train],
    ['Old hand-written set, ru/ro/ar/en (looked at while writing the first rules)', old.filter((i) => i.source === 'handwritten')],
    ['Real brand replies (twcs_pairs, English), used for error analysis of the first rules', old.filter((i) => i.source === 'twcs')],
    [
      'Real brand replies (twcs_pairs, English), held out: labelled after the first rules were frozen, never looked at since',
      old.filter((i) => i.source === 'twcs-heldout'),
    ],
  ];
  // While the rules are being developed, --train-only keeps the held-out figures out of sight too.
  const shown = process.argv.includes('--train-only') ? sets.filter(([t]) => !/held out/.test(t)) : sets;
  const out = [
    '# Reply checker evaluation',
    '',
    `Produced by \`npm run eval:replies\` on ${new Date().toISOString().slice(0, 10)}. Each cell is precision / recall; "–" where a rule never fired or was never labelled.`,
    "\"Before\" is the checker as it was before issue 13 (frozen in scripts/replies/baseline), called as the desk called it: in the case's (the mention's) language, with the case's kind.",
    '"Rules + cues" is the new checker without its trained scorer; "after" adds the scorer. Both detect the reply\'s own language and read the mention (its kind and sentiment as labelled, the first-reply flag).',
    'The corpus was written and labelled by two other helpers; its split was fixed before the rules froze; the rules and the scorer were developed on the `train` lines only, and the held-out texts were never read — they are measured here and nowhere else.',
    'twcs_pairs is measured only, never trained on.',
    '',
    ...shown.filter(([, s]) => s.length).map(([t, s]) => table(t, s)),
  ].join('\n');
  console.log(out);
  if (process.argv.includes('--mistakes')) {
    const { mistakes } = measure([...train, ...old.filter((i) => i.source === 'handwritten')], after(process.argv.includes('--no-scorer')));
    console.log(`\nMistakes on the train split and the hand-written set (${mistakes.length}):\n${mistakes.sort().join('\n')}`);
  }
  if (!process.argv.includes('--no-write') && shown === sets) {
    // The figures go between the markers of docs/reply-checker.md; the prose around them is written by hand.
    const doc = join(ROOT, 'docs/reply-checker.md');
    const old = existsSync(doc) ? readFileSync(doc, 'utf8') : '';
    const [begin, end] = ['<!-- eval:begin -->', '<!-- eval:end -->'];
    const body = out.replace(/^# Reply checker evaluation\n\n/u, '');
    writeFileSync(
      doc,
      old.includes(begin) && old.includes(end)
        ? `${old.slice(0, old.indexOf(begin) + begin.length)}\n${body}\n${old.slice(old.indexOf(end))}`
        : `${out}\n`,
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main();

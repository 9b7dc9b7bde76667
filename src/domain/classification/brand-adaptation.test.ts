import { describe, expect, it } from 'vitest';
import { adapt, fitAdapter, identityAdapter } from './brand-adaptation.js';

const vec = (...idx: number[]) => ({ indices: Uint32Array.from(idx), values: Float32Array.from(idx.map(() => 1 / Math.sqrt(idx.length))) });
const argmax = (p: ArrayLike<number>) => (p[0]! >= p[1]! ? 0 : 1);

describe('brand adaptation', () => {
  it('starts as the shared model', () => {
    const p = adapt(identityAdapter(['a', 'b']), vec(1, 2), [0.3, 0.7]);
    expect(p[0]).toBeCloseTo(0.3, 6);
    expect(p[1]).toBeCloseTo(0.7, 6);
  });

  it('learns from corrections where this brand differs from the shared model, and only there', () => {
    // The shared model calls everything with feature 5 class a; this brand's team corrects them to b.
    const examples = [];
    for (let i = 0; i < 40; i++) examples.push({ x: vec(5, 100 + i), base: [0.8, 0.2], y: 1 });
    for (let i = 0; i < 40; i++) examples.push({ x: vec(6, 200 + i), base: [0.8, 0.2], y: 0 });
    const layer = fitAdapter(['a', 'b'], examples, { seed: 3 });
    expect(layer.trainedOn).toBe(80);
    expect(argmax(adapt(layer, vec(5, 999), [0.8, 0.2]))).toBe(1);
    expect(argmax(adapt(layer, vec(6, 998), [0.8, 0.2]))).toBe(0);
    // Plain JSON: stored and loaded as is.
    const again = JSON.parse(JSON.stringify(layer));
    expect([...adapt(again, vec(5), [0.8, 0.2])]).toEqual([...adapt(layer, vec(5), [0.8, 0.2])]);
  });

  it('with no corrections is the identity', () => {
    expect(fitAdapter(['a', 'b'], [])).toEqual(identityAdapter(['a', 'b']));
  });
});

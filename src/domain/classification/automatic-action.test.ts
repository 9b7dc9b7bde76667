import { describe, expect, it } from 'vitest';
import { automaticAction, chooseThreshold, DEFAULT_AUTOMATIC_THRESHOLDS } from './automatic-action.js';

const at = (kind: string, conf: number) => ({ kind, confidence: { kind: conf, sentiment: 0.9 } }) as never;

describe('automaticAction', () => {
  it('silences a troll only at or above the threshold; below it the mention is for review', () => {
    expect(automaticAction(at('trolling', 0.97), { trolling: 0.95 })).toEqual({
      kind: 'trolling',
      action: 'not_engaging',
      allowed: true,
      confidence: 0.97,
      threshold: 0.95,
      review: false,
    });
    expect(automaticAction(at('trolling', 0.95), { trolling: 0.95 }).allowed).toBe(true);
    expect(automaticAction(at('trolling', 0.6), { trolling: 0.95 })).toMatchObject({ allowed: false, review: true, action: 'not_engaging' });
  });

  it('gates the cool-down hold and black-PR escalation the same way, each with its own threshold', () => {
    const t = { impulsive: 0.5, black_pr: 0.99 };
    expect(automaticAction(at('impulsive', 0.6), t)).toMatchObject({ action: 'cool_down', allowed: true });
    expect(automaticAction(at('black_pr', 0.9), t)).toMatchObject({ action: 'escalation', allowed: false, review: true, threshold: 0.99 });
  });

  it('uses the defaults for kinds a brand has not set', () => {
    const d = automaticAction(at('trolling', 0.5), { impulsive: 0.1 });
    expect(d.threshold).toBe(DEFAULT_AUTOMATIC_THRESHOLDS.trolling);
  });

  it('has nothing to gate for kinds people always handle', () => {
    expect(automaticAction(at('constructive', 0.2))).toEqual({
      kind: 'constructive',
      action: null,
      allowed: false,
      confidence: 0.2,
      threshold: null,
      review: false,
    });
  });
});

describe('chooseThreshold', () => {
  it('finds the lowest threshold reaching the precision', () => {
    const conf = [0.2, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95];
    const right = [false, false, false, true, true, true, true, true];
    expect(chooseThreshold(conf, right, 0.9, 3)).toEqual({ threshold: 0.6, precision: 1, acted: 5 });
    expect(chooseThreshold(conf, right, 0.7, 3)).toEqual({ threshold: 0.3, precision: 5 / 7, acted: 7 });
  });

  it('returns null when no threshold with enough cases reaches it', () => {
    expect(chooseThreshold([0.9, 0.95], [false, true], 0.9, 3)).toBeNull();
  });
});

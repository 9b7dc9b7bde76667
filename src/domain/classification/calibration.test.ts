import { describe, expect, it } from 'vitest';
import { calibrate, expectedCalibrationError, fitIsotonic, reliability } from './calibration.js';

describe('calibration', () => {
  it('fits a monotone curve that pulls over-confident scores down to how often they are right', () => {
    // Raw 0.9 is right only half the time, raw 0.3 never, raw 0.6 always.
    const raw = [0.3, 0.3, 0.3, 0.3, 0.6, 0.6, 0.6, 0.6, 0.9, 0.9, 0.9, 0.9];
    const right = [false, false, false, false, true, true, true, true, true, false, true, false];
    const curve = fitIsotonic(raw, right, 0);
    for (let i = 1; i < curve.y.length; i++) expect(curve.y[i]!).toBeGreaterThanOrEqual(curve.y[i - 1]!);
    expect(calibrate(0.3, curve)).toBe(0);
    // 0.6 and 0.9 pool (1.0 then 0.5 violates monotonicity): 6 right of 8.
    expect(calibrate(0.9, curve)).toBeCloseTo(0.75, 5);
    expect(calibrate(0.95, curve)).toBeCloseTo(0.75, 5);
    expect(calibrate(0.5, curve)).toBeGreaterThan(0);
    expect(calibrate(0.5, curve)).toBeLessThan(0.75);
  });

  it('keeps small blocks off 0 and 1 with the prior', () => {
    const curve = fitIsotonic([0.2, 0.95], [false, true], 2);
    expect(calibrate(0.2, curve)).toBeGreaterThan(0);
    expect(calibrate(0.95, curve)).toBeLessThan(1);
  });

  it('is the identity without a curve', () => {
    expect(calibrate(0.42, undefined)).toBe(0.42);
  });

  it('measures the expected calibration error over equal-width bins', () => {
    const conf = [0.95, 0.95, 0.95, 0.95, 0.15, 0.15];
    const right = [true, true, false, false, false, false];
    const bins = reliability(conf, right, 10);
    expect(bins[9]).toMatchObject({ n: 4, accuracy: 0.5 });
    expect(bins[1]).toMatchObject({ n: 2, accuracy: 0 });
    // (4/6)·|0.5 − 0.95| + (2/6)·|0 − 0.15|
    expect(expectedCalibrationError(conf, right)).toBeCloseTo((4 / 6) * 0.45 + (2 / 6) * 0.15, 6);
    // A perfectly calibrated set scores 0.
    expect(expectedCalibrationError([0.5, 0.5], [true, false])).toBeCloseTo(0, 9);
  });
});

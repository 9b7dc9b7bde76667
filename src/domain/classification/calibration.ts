/**
 * Calibrated confidences: a model's raw probability of the class it chose is
 * mapped to how often such a choice turns out right, with a monotone curve
 * (isotonic regression, pool-adjacent-violators) fitted on predictions for
 * texts the model was not trained on. Also the measures of calibration:
 * the reliability table and the expected calibration error.
 */

/** A monotone, piecewise-linear map from raw to calibrated confidence. */
export interface IsotonicCurve {
  method: 'isotonic';
  /** Raw confidences, increasing. */
  x: number[];
  /** Calibrated confidences at those points, non-decreasing. */
  y: number[];
}

export interface Calibration {
  kind?: IsotonicCurve;
  sentiment?: IsotonicCurve;
  /** How the curves were fitted (for the record). */
  fittedOn?: string;
}

/** The calibrated confidence for a raw one (identity without a curve). */
export function calibrate(raw: number, curve: IsotonicCurve | undefined): number {
  if (!curve || curve.x.length === 0) return raw;
  const { x, y } = curve;
  if (raw <= x[0]!) return y[0]!;
  if (raw >= x[x.length - 1]!) return y[y.length - 1]!;
  let lo = 0;
  let hi = x.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (x[mid]! <= raw) lo = mid;
    else hi = mid;
  }
  const span = x[hi]! - x[lo]!;
  return span > 0 ? y[lo]! + ((y[hi]! - y[lo]!) * (raw - x[lo]!)) / span : y[hi]!;
}

/**
 * Isotonic regression of correctness (0/1) on raw confidence. Each pooled
 * block becomes one point at its mean confidence; a prior of `prior`
 * pseudo-observations at the block's own mean confidence keeps tiny blocks
 * from claiming 0% or 100%.
 */
export function fitIsotonic(raw: number[], correct: boolean[], prior = 2): IsotonicCurve {
  const order = raw.map((_, i) => i).sort((a, b) => raw[a]! - raw[b]!);
  const blocks: { sumX: number; sumY: number; n: number }[] = [];
  for (const i of order) {
    blocks.push({ sumX: raw[i]!, sumY: correct[i] ? 1 : 0, n: 1 });
    while (blocks.length > 1) {
      const b = blocks[blocks.length - 1]!;
      const a = blocks[blocks.length - 2]!;
      if (a.sumY / a.n < b.sumY / b.n) break;
      blocks.splice(blocks.length - 2, 2, { sumX: a.sumX + b.sumX, sumY: a.sumY + b.sumY, n: a.n + b.n });
    }
  }
  const x: number[] = [];
  const y: number[] = [];
  for (const b of blocks) {
    const mx = b.sumX / b.n;
    const my = (b.sumY + prior * mx) / (b.n + prior);
    if (x.length && mx - x[x.length - 1]! < 1e-9) continue;
    x.push(round(mx));
    // Smoothing by the prior can break monotonicity slightly: keep it non-decreasing.
    y.push(round(Math.max(my, y.length ? y[y.length - 1]! : 0)));
  }
  return { method: 'isotonic', x, y };
}

export interface ReliabilityBin {
  from: number;
  to: number;
  n: number;
  meanConfidence: number;
  accuracy: number;
}

/** Predictions grouped by confidence into equal-width bins. */
export function reliability(conf: number[], correct: boolean[], bins = 10): ReliabilityBin[] {
  const out: ReliabilityBin[] = [];
  for (let b = 0; b < bins; b++) {
    const from = b / bins;
    const to = (b + 1) / bins;
    const idx = conf.map((_, i) => i).filter((i) => conf[i]! >= from && (b === bins - 1 ? conf[i]! <= to : conf[i]! < to));
    const n = idx.length;
    out.push({
      from,
      to,
      n,
      meanConfidence: n ? idx.reduce((s, i) => s + conf[i]!, 0) / n : NaN,
      accuracy: n ? idx.filter((i) => correct[i]).length / n : NaN,
    });
  }
  return out;
}

/** Expected calibration error: the bins' |accuracy − confidence|, weighted by their share of predictions. */
export function expectedCalibrationError(conf: number[], correct: boolean[], bins = 10): number {
  const total = conf.length;
  if (!total) return NaN;
  return reliability(conf, correct, bins).reduce((s, b) => (b.n ? s + (b.n / total) * Math.abs(b.accuracy - b.meanConfidence) : s), 0);
}

const round = (v: number) => Math.round(v * 10000) / 10000;

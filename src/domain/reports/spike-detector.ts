/**
 * Systemic problems caught early (PRODUCT.md rule 11): is a topic's volume in
 * the last few hours well above its own baseline? The baseline is seasonal —
 * the same hours of the week in the previous weeks — so the ordinary weekly
 * rhythm (busy Monday mornings, quiet Sunday nights) raises nothing. The test
 * is a Poisson tail probability of seeing at least the observed count given
 * the baseline, plus a minimum count and ratio so tiny numbers stay quiet.
 */
export const HOURS_PER_WEEK = 168;

export interface SpikeOptions {
  /** Hours summed for the current window (an incident should show within a few hours). */
  windowHours: number;
  /** Weeks of history for the seasonal baseline. */
  baselineWeeks: number;
  /** Alert when P(X >= observed | baseline) is below this. */
  pValue: number;
  minCount: number;
  minRatio: number;
  /** Smallest expected count per window hour (a never-seen topic is not infinitely surprising). */
  floorPerHour: number;
}

export const DEFAULT_SPIKE_OPTIONS: SpikeOptions = { windowHours: 3, baselineWeeks: 4, pValue: 1e-4, minCount: 6, minRatio: 3, floorPerHour: 0.25 };

export interface SpikeResult {
  alert: boolean;
  observed: number;
  expected: number;
  ratio: number;
  pValue: number;
}

/** log(k!) by summation for small k, Stirling beyond. */
function logFactorial(k: number): number {
  if (k < 2) return 0;
  if (k < 256) {
    let s = 0;
    for (let i = 2; i <= k; i++) s += Math.log(i);
    return s;
  }
  return k * Math.log(k) - k + 0.5 * Math.log(2 * Math.PI * k) + 1 / (12 * k);
}

/** P(X >= k) for X ~ Poisson(mu), computed stably in log space. */
export function poissonUpperTail(k: number, mu: number): number {
  if (k <= 0) return 1;
  if (mu <= 0) return 0;
  // P(X >= k) = 1 - P(X <= k-1); for the far tail sum the terms from k upwards instead.
  const logTerm = (i: number) => -mu + i * Math.log(mu) - logFactorial(i);
  if (k > mu) {
    let sum = 0;
    const first = logTerm(k);
    for (let i = k, t = 0; i < k + 1000; i++) {
      t = Math.exp(logTerm(i) - first);
      sum += t;
      if (t < 1e-12 * sum) break;
    }
    return Math.min(1, Math.exp(first) * sum);
  }
  let cdf = 0;
  for (let i = 0; i < k; i++) cdf += Math.exp(logTerm(i));
  return Math.max(0, 1 - cdf);
}

/**
 * `hourly` holds one series' counts per hour, oldest first, ending with the
 * current hour. Needs `baselineWeeks` weeks of history before the window.
 */
export function detectSpike(hourly: readonly number[], options: Partial<SpikeOptions> = {}): SpikeResult {
  const o = { ...DEFAULT_SPIKE_OPTIONS, ...options };
  const end = hourly.length;
  const sum = (from: number, to: number) => {
    let s = 0;
    for (let i = Math.max(0, from); i < to; i++) s += hourly[i]!;
    return s;
  };
  const observed = sum(end - o.windowHours, end);
  const past: number[] = [];
  for (let w = 1; w <= o.baselineWeeks; w++) {
    const to = end - w * HOURS_PER_WEEK;
    if (to - o.windowHours < 0) break;
    past.push(sum(to - o.windowHours, to));
  }
  if (past.length < o.baselineWeeks) return { alert: false, observed, expected: Number.NaN, ratio: Number.NaN, pValue: 1 };
  const seasonal = past.reduce((a, b) => a + b, 0) / past.length;
  const expected = Math.max(seasonal, o.floorPerHour * o.windowHours);
  const p = poissonUpperTail(observed, expected);
  const ratio = observed / expected;
  return { alert: observed >= o.minCount && ratio >= o.minRatio && p < o.pValue, observed, expected, ratio, pValue: p };
}

/** Evaluation arithmetic: accuracy, macro-F1, confusion matrices, multi-label F1. */

export function accuracy(gold: string[], pred: string[]): number {
  if (gold.length === 0) return NaN;
  return gold.filter((g, i) => g === pred[i]).length / gold.length;
}

/** Macro-F1 over `classes` (default: every gold class). */
export function macroF1(gold: string[], pred: string[], classes?: string[]): number {
  const cs = classes ?? [...new Set(gold)];
  if (cs.length === 0) return NaN;
  let sum = 0;
  for (const c of cs) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < gold.length; i++) {
      if (pred[i] === c && gold[i] === c) tp++;
      else if (pred[i] === c) fp++;
      else if (gold[i] === c) fn++;
    }
    const p = tp + fp ? tp / (tp + fp) : 0;
    const r = tp + fn ? tp / (tp + fn) : 0;
    sum += p + r ? (2 * p * r) / (p + r) : 0;
  }
  return sum / cs.length;
}

/** Classes with at least `min` gold examples. */
export function frequentClasses(gold: string[], min: number): string[] {
  const counts = new Map<string, number>();
  for (const g of gold) counts.set(g, (counts.get(g) ?? 0) + 1);
  return [...counts].filter(([, n]) => n >= min).map(([c]) => c).sort();
}

/** Micro-averaged F1 of sets of labels (topics, signals). */
export function multiLabelF1(gold: string[][], pred: string[][]): number {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  gold.forEach((g, i) => {
    const p = new Set(pred[i]);
    const gs = new Set(g);
    for (const x of p) {
      if (gs.has(x)) tp++;
      else fp++;
    }
    for (const x of gs) if (!p.has(x)) fn++;
  });
  const prec = tp + fp ? tp / (tp + fp) : 0;
  const rec = tp + fn ? tp / (tp + fn) : 0;
  return prec + rec ? (2 * prec * rec) / (prec + rec) : 1;
}

export function confusion(gold: string[], pred: string[], classes: readonly string[]): string {
  const header = ['gold \\ pred', ...classes.map((c) => c.slice(0, 6))];
  const rows = classes.map((g) => [g, ...classes.map((p) => String(gold.filter((x, i) => x === g && pred[i] === p).length))]);
  return [header, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n').replace(/^(\|[^\n]+\|)\n/, `$1\n|${header.map(() => ' --- ').join('|')}|\n`);
}

export const pct = (v: number) => (Number.isNaN(v) ? '—' : v.toFixed(3));

/** `n` bootstrap resamples of `m` items (each a list of `m` indexes drawn with replacement), from `rand`. */
export function bootstrapSamples(m: number, n: number, rand: () => number): number[][] {
  return Array.from({ length: n }, () => Array.from({ length: m }, () => Math.floor(rand() * m)));
}

/**
 * Paired bootstrap of the macro-F1 difference b − a on the same items (classes with at least `min` items in each
 * resample's gold): the difference on all items, and its 2.5 and 97.5 percentiles over the resamples.
 */
export function pairedDifference(
  gold: string[],
  a: string[],
  b: string[],
  samples: number[][],
  min = 5,
): { diff: number; low: number; high: number } {
  const f1 = (idx: number[], pred: string[]) => {
    const g = idx.map((i) => gold[i]!);
    return macroF1(g, idx.map((i) => pred[i]!), frequentClasses(g, min));
  };
  const all = gold.map((_, i) => i);
  const n = samples.length;
  const diffs = samples.map((idx) => f1(idx, b) - f1(idx, a)).sort((x, y) => x - y);
  return { diff: f1(all, b) - f1(all, a), low: diffs[Math.floor(0.025 * n)]!, high: diffs[Math.ceil(0.975 * n) - 1]! };
}

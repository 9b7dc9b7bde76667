/**
 * Pure arithmetic for the dashboard: per-day series by kind and sentiment, and
 * first-response times against the targets (median, 90th percentile, share
 * answered within target).
 */
export interface DayKindRow {
  day: string;
  kind: string;
  sentiment: string;
  n: number;
}

/** A case's first response: when it opened, when it was first answered, whether its first deadline was breached. */
export interface ResponseRow {
  openedAt: string;
  firstResponseAt: string | null;
  breached: boolean;
}

/** Every day from `from` to `to` (exclusive), as YYYY-MM-DD, so a chart has no gaps. */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(from.slice(0, 10)); t < Date.parse(to); t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

export function seriesByDay(
  rows: DayKindRow[],
  days: string[],
  key: 'kind' | 'sentiment',
  values: readonly string[],
): Array<Record<string, number | string>> {
  const by = new Map(days.map((d) => [d, Object.fromEntries(values.map((v) => [v, 0])) as Record<string, number>]));
  for (const r of rows) {
    const day = by.get(r.day);
    if (day && r[key] in day) day[r[key]]! += r.n;
  }
  return days.map((d) => ({ day: d, ...by.get(d)! }));
}

const quantile = (sorted: number[], q: number): number | null => {
  if (!sorted.length) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i]!;
};

export function responseTimes(rows: ResponseRow[]) {
  const answered = rows.filter((r) => r.firstResponseAt);
  const minutes = answered.map((r) => (Date.parse(r.firstResponseAt!) - Date.parse(r.openedAt)) / 60_000).sort((a, b) => a - b);
  const breached = rows.filter((r) => r.breached).length;
  const withinTarget = answered.filter((r) => !r.breached).length;
  return {
    cases: rows.length,
    answered: answered.length,
    medianMinutes: quantile(minutes, 0.5),
    p90Minutes: quantile(minutes, 0.9),
    breached,
    withinTargetShare: answered.length ? withinTarget / answered.length : null,
  };
}

/** The same figures from a histogram of first-response minutes (for reports over millions of cases). */
export function responseTimesFromHistogram(h: {
  histogram: Array<{ minutes: number; n: number }>;
  cases: number;
  answered: number;
  breached: number;
  breachedAnswered: number;
}) {
  const sorted = [...h.histogram].sort((a, b) => a.minutes - b.minutes);
  const total = sorted.reduce((a, x) => a + x.n, 0);
  const at = (q: number): number | null => {
    if (!total) return null;
    const rank = Math.max(1, Math.ceil(q * total));
    let seen = 0;
    for (const x of sorted) {
      seen += x.n;
      if (seen >= rank) return x.minutes;
    }
    return sorted.at(-1)!.minutes;
  };
  return {
    cases: h.cases,
    answered: h.answered,
    medianMinutes: at(0.5),
    p90Minutes: at(0.9),
    breached: h.breached,
    withinTargetShare: h.answered ? (h.answered - h.breachedAnswered) / h.answered : null,
  };
}

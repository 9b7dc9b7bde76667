/**
 * Pure arithmetic for the dashboard: per-day series by kind and sentiment, and
 * first-response times against the targets (median, 90th percentile, share
 * answered within target: see `firstResponseOutcome`).
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
  /** The first-response deadline still running (unanswered cases), if any. */
  firstDueAt?: string | null;
}

/**
 * A case's first response against its target, defined once for the
 * dashboard and the reports: answered before its deadline (`within_target`),
 * answered after it (`late`), not answered and past it (`overdue`: a breach
 * that is not answered yet), or not answered and not yet due (`pending`).
 * A breached case is never "within target", answered or not.
 */
export type FirstResponseOutcome = 'within_target' | 'late' | 'overdue' | 'pending';

export function firstResponseOutcome(r: ResponseRow, now: string): FirstResponseOutcome {
  if (r.firstResponseAt) return r.breached ? 'late' : 'within_target';
  return r.breached || (r.firstDueAt != null && r.firstDueAt <= now) ? 'overdue' : 'pending';
}

/**
 * The share answered within target among the cases whose target has been met
 * or missed (answered, or past their deadline): overdue cases count against
 * it; cases still within their time do not count yet. Null when none.
 */
export function withinTargetShare(n: { withinTarget: number; late: number; overdue: number }): number | null {
  const decided = n.withinTarget + n.late + n.overdue;
  return decided ? n.withinTarget / decided : null;
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

export function responseTimes(rows: ResponseRow[], now: string) {
  const answered = rows.filter((r) => r.firstResponseAt);
  const minutes = answered.map((r) => (Date.parse(r.firstResponseAt!) - Date.parse(r.openedAt)) / 60_000).sort((a, b) => a - b);
  const n = { withinTarget: 0, late: 0, overdue: 0, pending: 0 };
  for (const r of rows) {
    const o = firstResponseOutcome(r, now);
    if (o === 'within_target') n.withinTarget++;
    else n[o]++;
  }
  return {
    cases: rows.length,
    answered: answered.length,
    medianMinutes: quantile(minutes, 0.5),
    p90Minutes: quantile(minutes, 0.9),
    /** Breached first responses: answered late, or overdue and still unanswered. */
    breached: n.late + n.overdue,
    withinTargetShare: withinTargetShare(n),
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
    withinTargetShare: withinTargetShare({
      withinTarget: h.answered - h.breachedAnswered,
      late: h.breachedAnswered,
      overdue: h.breached - h.breachedAnswered,
    }),
    /** The share's counts: answered in time, of the cases whose first response is decided (answered or overdue). */
    withinTarget: h.answered - h.breachedAnswered,
    decided: h.answered + h.breached - h.breachedAnswered,
  };
}

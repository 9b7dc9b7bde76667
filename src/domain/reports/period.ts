/**
 * Report periods: a quarter ("2026-Q3"), a month ("2026-09"), a year
 * ("2026") or any range of at most MAX_RANGE_YEARS; each with the period just
 * before it, of the same length, for the change against the previous period.
 * Times are UTC. Also the strict calendar dates and range limits the
 * dashboard and list filters share.
 */
export interface Period {
  label: string;
  from: string;
  to: string;
  previous: { from: string; to: string };
}

/** The longest report period or dashboard range, in years: longer ones are refused, not computed. */
export const MAX_RANGE_YEARS = 5;

const DAY_MS = 86_400_000;

/** Midnight UTC of year y, month m (0-based, may overflow), day d; years below 100 stay themselves. */
const utc = (y: number, m: number, d = 1): number => {
  const t = new Date(0);
  t.setUTCFullYear(y, m, d);
  return t.getTime();
};
const iso = (y: number, m: number, d = 1) => new Date(utc(y, m, d)).toISOString();

/** A calendar date YYYY-MM-DD as midnight UTC (ms), or null when it is not one (2026-02-30, 2026-13-01). */
export function parseDay(s: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return null;
  const t = utc(y, mo - 1, d);
  const back = new Date(t);
  return back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d ? t : null;
}

/** The instant `years` calendar years after `ms` (UTC). */
const addYears = (ms: number, years: number): number => {
  const t = new Date(ms);
  t.setUTCFullYear(t.getUTCFullYear() + years);
  return t.getTime();
};

/**
 * Why the half-open range [from, to) cannot be used, or null when it can: the
 * end must not come before the start, and the range may span at most
 * MAX_RANGE_YEARS.
 */
export function rangeProblem(from: number, to: number): 'reversed' | 'too_long' | null {
  if (to < from) return 'reversed';
  if (to > addYears(from, MAX_RANGE_YEARS)) return 'too_long';
  return null;
}

export function parsePeriod(spec: string): Period {
  const q = /^(\d{4})-Q([1-4])$/i.exec(spec);
  if (q) {
    const y = Number(q[1]);
    const m = (Number(q[2]) - 1) * 3;
    return { label: `${y}-Q${q[2]}`, from: iso(y, m), to: iso(y, m + 3), previous: { from: iso(y, m - 3), to: iso(y, m) } };
  }
  const mo = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(spec);
  if (mo) {
    const y = Number(mo[1]);
    const m = Number(mo[2]) - 1;
    return { label: spec, from: iso(y, m), to: iso(y, m + 1), previous: { from: iso(y, m - 1), to: iso(y, m) } };
  }
  const yr = /^(\d{4})$/.exec(spec);
  if (yr) {
    const y = Number(yr[1]);
    return { label: spec, from: iso(y, 0), to: iso(y + 1, 0), previous: { from: iso(y - 1, 0), to: iso(y, 0) } };
  }
  const range = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(spec);
  if (range) {
    const [start, end] = [range[1]!, range[2]!];
    const from = parseDay(start);
    if (from === null) throw new Error(`${start} is not a date`);
    const last = parseDay(end);
    if (last === null) throw new Error(`${end} is not a date`);
    const to = last + DAY_MS; // the end day is included
    const problem = last < from ? 'reversed' : rangeProblem(from, to);
    if (problem === 'reversed') throw new Error(`the range ends (${end}) before it starts (${start})`);
    if (problem === 'too_long') throw new Error(`a period spans at most ${MAX_RANGE_YEARS} years`);
    return {
      label: `${start} – ${end}`,
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      previous: { from: new Date(from - (to - from)).toISOString(), to: new Date(from).toISOString() },
    };
  }
  throw new Error('a period is 2026-Q3, 2026-09, 2026 or 2026-07-01..2026-09-30');
}

/** The Monday (YYYY-MM-DD) of the ISO week holding instant `ms`. */
const mondayOf = (ms: number): string => {
  const d = new Date(ms - (((ms % DAY_MS) + DAY_MS) % DAY_MS));
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
};

/** Monday-based ISO week starts (YYYY-MM-DD) covering the period. */
export function weekStarts(from: string, to: string): string[] {
  const out: string[] = [];
  const end = Date.parse(to);
  for (let t = Date.parse(`${mondayOf(Date.parse(from))}T00:00:00Z`); t < end; t += 7 * DAY_MS) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

export type SentimentWeek = { week: string; negative: number; neutral: number; positive: number };

/**
 * Daily sentiment counts summed into the period's weeks, in one pass: each
 * day's Monday is looked up in a map of the weeks (rows outside the period,
 * or of another sentiment, are left out).
 */
export function sentimentByWeek(daily: ReadonlyArray<{ day: string; sentiment: string; n: number }>, from: string, to: string): SentimentWeek[] {
  const weeks = weekStarts(from, to).map((week) => ({ week, negative: 0, neutral: 0, positive: 0 }));
  const byWeek = new Map(weeks.map((w) => [w.week, w]));
  for (const d of daily) {
    if (d.sentiment !== 'negative' && d.sentiment !== 'neutral' && d.sentiment !== 'positive') continue;
    const day = parseDay(d.day.slice(0, 10));
    const w = day === null ? undefined : byWeek.get(mondayOf(day));
    if (w) w[d.sentiment] += d.n;
  }
  return weeks;
}

/**
 * Report periods: a quarter ("2026-Q3"), a month ("2026-09"), a year
 * ("2026") or any range; each with the period just before it, of the same
 * length, for the change against the previous period. Times are UTC.
 */
export interface Period {
  label: string;
  from: string;
  to: string;
  previous: { from: string; to: string };
}

const iso = (y: number, m: number, d = 1) => new Date(Date.UTC(y, m, d)).toISOString();

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
    const from = Date.parse(`${range[1]}T00:00:00Z`);
    const to = Date.parse(`${range[2]}T00:00:00Z`) + 86_400_000; // the end day is included
    if (!(to > from)) throw new Error('the range must end after it starts');
    return {
      label: `${range[1]} – ${range[2]}`,
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      previous: { from: new Date(from - (to - from)).toISOString(), to: new Date(from).toISOString() },
    };
  }
  throw new Error('a period is 2026-Q3, 2026-09, 2026 or 2026-07-01..2026-09-30');
}

/** Monday-based ISO week starts (YYYY-MM-DD) covering the period. */
export function weekStarts(from: string, to: string): string[] {
  const out: string[] = [];
  const d = new Date(from);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  for (let t = d.getTime(); t < Date.parse(to); t += 7 * 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

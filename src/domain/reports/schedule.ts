/** Which finished periods a schedule owes a report for on a given day (UTC): the previous month on the 1st, the previous quarter on the 1st of Jan/Apr/Jul/Oct. */
export function periodsDue(now: Date, schedule: { monthly: boolean; quarterly: boolean }): string[] {
  const out: string[] = [];
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth(); // 0-based: the month that just started
  const prev = new Date(Date.UTC(y, m - 1, 1));
  if (schedule.monthly) out.push(`${prev.getUTCFullYear()}-${String(prev.getUTCMonth() + 1).padStart(2, '0')}`);
  if (schedule.quarterly && m % 3 === 0) {
    const q = Math.floor(prev.getUTCMonth() / 3) + 1;
    out.push(`${prev.getUTCFullYear()}-Q${q}`);
  }
  return out;
}

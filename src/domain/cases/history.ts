/**
 * History, not live work: a mention imported with `defuse import --history`,
 * or posted more than the brand's horizon (`historyHorizonDays`) before it is
 * processed, is filed as history. It is counted in reports like any other,
 * but its case is closed with the `history` flag: no deadline, no breach, no
 * due-soon alert, no notification.
 */
const DAY_MS = 86_400_000;

/** The reason a history case is closed with (its status reason). */
export const HISTORY_REASON = "history: posted before the brand's history horizon, or imported with --history";

export function isHistory(m: { imported: boolean; postedAt: string; horizonDays: number; now: Date }): boolean {
  if (m.imported) return true;
  return m.now.getTime() - new Date(m.postedAt).getTime() > m.horizonDays * DAY_MS;
}

/**
 * When the first-response clock starts. A post the desk could not have seen — published before its channel was
 * connected (the channel marks it `backlog`) — is owed an answer from when it arrived, not from when it was written:
 * a new feed's last days must not arrive breached. Anything else counts from when it was posted.
 */
export function responseClockStart(m: { postedAt: string; receivedAt: string; backlog: boolean }): Date {
  const posted = new Date(m.postedAt);
  if (!m.backlog) return posted;
  const received = new Date(m.receivedAt);
  return received > posted ? received : posted;
}

/**
 * The per-account limit on failed sign-ins, with backoff: the per-address
 * rate limit does nothing against tries spread over many addresses. An
 * account may fail a few times freely; after that each further failure makes
 * it wait twice as long before the next try, up to an hour. A quiet spell
 * starts the count again, and a successful sign-in clears it.
 */

/** Failures in a row that cost nothing. */
export const FREE_FAILURES = 5;
/** A failure this long after the previous one starts a new count. */
export const QUIET_RESET_MS = 15 * 60_000;
const FIRST_WAIT_MS = 60_000;
const MAX_WAIT_MS = 60 * 60_000;

/** How long an account waits after its `failures`-th failure in a row (0: not at all). */
export function waitAfterFailures(failures: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(MAX_WAIT_MS, FIRST_WAIT_MS * 2 ** (failures - FREE_FAILURES));
}

/** The count after one more failure at `now`, given the previous one's count and moment. */
export function nextFailureCount(previous: { failures: number; lastAt: string } | undefined, now: Date): number {
  if (!previous || now.getTime() - new Date(previous.lastAt).getTime() > QUIET_RESET_MS) return 1;
  return previous.failures + 1;
}

import { describe, expect, it } from 'vitest';
import { FREE_FAILURES, nextFailureCount, QUIET_RESET_MS, waitAfterFailures } from './sign-in-limit.js';

describe('sign-in limit per account', () => {
  it('lets a few failures pass, then doubles the wait up to an hour', () => {
    for (let n = 1; n < FREE_FAILURES; n++) expect(waitAfterFailures(n)).toBe(0);
    expect([5, 6, 7, 8, 12, 40].map(waitAfterFailures)).toEqual([60_000, 120_000, 240_000, 480_000, 3_600_000, 3_600_000]);
  });

  it('counts failures in a row; a quiet spell starts again', () => {
    const at = new Date('2026-12-01T10:00:00Z');
    expect(nextFailureCount(undefined, at)).toBe(1);
    expect(nextFailureCount({ failures: 4, lastAt: '2026-12-01T09:50:00Z' }, at)).toBe(5);
    expect(nextFailureCount({ failures: 9, lastAt: new Date(at.getTime() - QUIET_RESET_MS - 1).toISOString() }, at)).toBe(1);
  });
});

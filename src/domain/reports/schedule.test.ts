import { describe, expect, it } from 'vitest';
import { periodsDue } from './schedule.js';

describe('report schedule', () => {
  it('owes the month that ended, and the quarter when one ended', () => {
    expect(periodsDue(new Date('2026-11-03T06:00:00Z'), { monthly: true, quarterly: true })).toEqual(['2026-10']);
    expect(periodsDue(new Date('2026-10-01T06:00:00Z'), { monthly: true, quarterly: true })).toEqual(['2026-09', '2026-Q3']);
    expect(periodsDue(new Date('2026-01-02T06:00:00Z'), { monthly: false, quarterly: true })).toEqual(['2025-Q4']);
    expect(periodsDue(new Date('2026-02-02T06:00:00Z'), { monthly: false, quarterly: true })).toEqual([]);
  });
});

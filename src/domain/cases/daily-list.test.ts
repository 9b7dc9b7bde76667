import { describe, expect, it } from 'vitest';
import { dailyListWindow } from './daily-list.js';

describe('daily list window', () => {
  it('covers the 24 hours before 08:00 in the brand’s time zone, today once it has passed', () => {
    const w = dailyListWindow(new Date('2026-03-10T06:30:00Z'), 'Europe/Moscow'); // 09:30 in Moscow
    expect(w.day).toBe('2026-03-10');
    expect(w.to.toISOString()).toBe('2026-03-10T05:00:00.000Z');
    expect(w.from.toISOString()).toBe('2026-03-09T05:00:00.000Z');
  });

  it('is yesterday’s list before the hour, so a run at any time of day finds the same window', () => {
    const early = dailyListWindow(new Date('2026-03-10T04:59:00Z'), 'Europe/Moscow');
    expect(early.day).toBe('2026-03-09');
    const late = dailyListWindow(new Date('2026-03-10T04:00:00Z'), 'Europe/Moscow');
    expect(late).toEqual(early);
  });
});

import { describe, expect, it } from 'vitest';
import { daysBetween, responseTimes, seriesByDay } from './dashboard-stats.js';

describe('dashboard stats', () => {
  it('fills every day of the period', () => {
    const days = daysBetween('2026-12-01T00:00:00.000Z', '2026-12-04T00:00:00.000Z');
    expect(days).toEqual(['2026-12-01', '2026-12-02', '2026-12-03']);
    const s = seriesByDay([{ day: '2026-12-02', kind: 'trolling', sentiment: 'negative', n: 3 }], days, 'kind', ['trolling', 'idea']);
    expect(s).toEqual([
      { day: '2026-12-01', trolling: 0, idea: 0 },
      { day: '2026-12-02', trolling: 3, idea: 0 },
      { day: '2026-12-03', trolling: 0, idea: 0 },
    ]);
  });

  it('measures first responses against the targets', () => {
    const r = responseTimes([
      { openedAt: '2026-12-01T10:00:00Z', firstResponseAt: '2026-12-01T10:30:00Z', breached: false },
      { openedAt: '2026-12-01T10:00:00Z', firstResponseAt: '2026-12-01T12:00:00Z', breached: true },
      { openedAt: '2026-12-01T10:00:00Z', firstResponseAt: '2026-12-01T10:10:00Z', breached: false },
      { openedAt: '2026-12-01T10:00:00Z', firstResponseAt: null, breached: true },
    ]);
    expect(r).toEqual({ cases: 4, answered: 3, medianMinutes: 30, p90Minutes: 120, breached: 2, withinTargetShare: 2 / 3 });
  });
});

import { describe, expect, it } from 'vitest';
import { daysBetween, firstResponseOutcome, responseTimes, responseTimesFromHistogram, seriesByDay } from './dashboard-stats.js';

const NOW = '2026-12-01T18:00:00Z';

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
    const r = responseTimes(
      [
        { openedAt: '2026-12-01T10:00:00Z', firstResponseAt: '2026-12-01T10:30:00Z', breached: false },
        { openedAt: '2026-12-01T10:00:00Z', firstResponseAt: '2026-12-01T12:00:00Z', breached: true },
        { openedAt: '2026-12-01T10:00:00Z', firstResponseAt: '2026-12-01T10:10:00Z', breached: false },
        { openedAt: '2026-12-01T10:00:00Z', firstResponseAt: null, breached: true },
      ],
      NOW,
    );
    // The unanswered breach counts against the share: 2 of the 4 cases whose target came were answered within it.
    expect(r).toEqual({ cases: 4, answered: 3, medianMinutes: 30, p90Minutes: 120, breached: 2, withinTargetShare: 2 / 4 });
  });

  it('never shows 100% answered within target beside breached cases (issue 16)', () => {
    const rows = [
      { openedAt: '2026-12-01T10:00:00Z', firstResponseAt: '2026-12-01T10:30:00Z', breached: false },
      // Two unanswered cases past their deadline: one the scheduler has recorded, one it has not reached yet.
      { openedAt: '2026-12-01T10:00:00Z', firstResponseAt: null, breached: true },
      { openedAt: '2026-12-01T10:00:00Z', firstResponseAt: null, breached: false, firstDueAt: '2026-12-01T11:00:00Z' },
      // Still within its time: it does not count yet.
      { openedAt: '2026-12-01T10:00:00Z', firstResponseAt: null, breached: false, firstDueAt: '2026-12-02T11:00:00Z' },
    ];
    expect(rows.map((r) => firstResponseOutcome(r, NOW))).toEqual(['within_target', 'overdue', 'overdue', 'pending']);
    const r = responseTimes(rows, NOW);
    expect(r.breached).toBe(2);
    expect(r.withinTargetShare).toBe(1 / 3);
    // Nothing decided yet: no share rather than 100%.
    expect(responseTimes([rows[3]!], NOW).withinTargetShare).toBeNull();
    // The reports' histogram arithmetic says the same.
    const fromHistogram = responseTimesFromHistogram({ histogram: [{ minutes: 30, n: 1 }], cases: 4, answered: 1, breached: 2, breachedAnswered: 0 });
    expect(fromHistogram.withinTargetShare).toBe(1 / 3);
  });
});

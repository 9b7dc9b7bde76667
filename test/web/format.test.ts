/** The desk's one formatting helper (web/src/format.ts): dates, numbers and spans in the UI language. */
import { describe, expect, it } from 'vitest';
import { formatAge, formatDateTime, formatDay, formatDue, formatPercent, formatShortDay, formatSpan } from '../../web/src/format.js';

describe('desk formatting by UI language', () => {
  it('writes spans in each language’s units', () => {
    expect(formatSpan(200, 'en')).toBe('3h 20m');
    expect(formatSpan(200, 'ru')).toBe('3 ч 20 мин');
    expect(formatSpan(45, 'ro')).toBe('45 m');
    expect(formatSpan(200, 'ar')).toBe('3 س 20 د');
    expect(formatSpan(-3 * 24 * 60, 'en')).toBe('3d');
  });

  it('writes a case’s age in its largest whole unit, by language', () => {
    const now = '2026-12-02T12:00:00Z';
    expect(formatAge('2026-12-02T11:35:00Z', 'en', now)).toBe('25m');
    expect(formatAge('2026-12-02T09:59:00Z', 'en', now)).toBe('2h');
    expect(formatAge('2026-11-29T10:00:00Z', 'en', now)).toBe('3d');
    expect(formatAge('2026-12-02T10:00:00Z', 'ru', now)).toBe('2 ч');
    expect(formatAge('2026-11-29T10:00:00Z', 'ro', now)).toMatch(/^3\s?z/);
    expect(formatAge('2026-12-02T10:00:00Z', 'ar', now)).toBe('2 س');
    expect(formatAge('2026-12-02T12:05:00Z', 'en', now)).toBe('0m'); // a clock a little ahead is not negative
  });

  it('writes dates with the month by name, a calendar day as that day', () => {
    const at = '2026-12-02T10:05:00Z';
    expect(formatDateTime(at, 'ar')).toMatch(/ديسمبر/);
    expect(formatDateTime(at, 'ru')).toMatch(/дек/);
    expect(formatDay('2026-07-06', 'ro')).toBe('6 iul. 2026');
    expect(formatShortDay('2026-07-06', 'en')).toBe('Jul 6');
  });

  it('shows a due moment today as its time alone, within the week with its weekday', () => {
    const now = new Date(2026, 11, 2, 9, 0);
    expect(formatDue(new Date(2026, 11, 2, 10, 0), 'en', now)).toBe(
      new Date(2026, 11, 2, 10, 0).toLocaleTimeString('en', { hour: '2-digit', minute: '2-digit' }),
    );
    expect(formatDue(new Date(2026, 11, 3, 10, 0), 'ru', now)).toMatch(/^чт/);
  });

  it('writes shares as percentages the language’s way', () => {
    expect(formatPercent(0.915, 'en')).toBe('92%');
    expect(formatPercent(0.5, 'ro')).toBe('50\u00a0%');
  });
});

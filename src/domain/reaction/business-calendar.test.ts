import { describe, expect, it } from 'vitest';
import { addBusinessMinutes, ALWAYS_OPEN, BusinessCalendarSchema, businessMinutesBetween, isWorkingTime } from './business-calendar.js';

const chisinau = BusinessCalendarSchema.parse({
  timeZone: 'Europe/Chisinau',
  week: {
    mon: [
      { start: '09:00', end: '13:00' },
      { start: '14:00', end: '18:00' },
    ],
    tue: [
      { start: '09:00', end: '13:00' },
      { start: '14:00', end: '18:00' },
    ],
    wed: [
      { start: '09:00', end: '13:00' },
      { start: '14:00', end: '18:00' },
    ],
    thu: [
      { start: '09:00', end: '13:00' },
      { start: '14:00', end: '18:00' },
    ],
    fri: [
      { start: '09:00', end: '13:00' },
      { start: '14:00', end: '18:00' },
    ],
  },
  holidays: ['2026-12-25'],
});
const at = (s: string) => new Date(s);

describe('business calendar', () => {
  it('counts an hour inside a working period', () => {
    // Tue 2026-12-01 10:00 in Chisinau is 08:00 UTC (winter, UTC+2).
    expect(addBusinessMinutes(at('2026-12-01T08:00:00Z'), 60, chisinau).toISOString()).toBe('2026-12-01T09:00:00.000Z');
  });

  it('skips the lunch break between two periods of a day', () => {
    // 12:30 local + 60 business minutes = 30 before lunch + 30 after = 14:30 local.
    expect(addBusinessMinutes(at('2026-12-01T10:30:00Z'), 60, chisinau).toISOString()).toBe('2026-12-01T12:30:00.000Z');
  });

  it('carries over the night and the weekend', () => {
    // Friday 17:30 local + 60 → Monday 09:30 local.
    expect(addBusinessMinutes(at('2026-12-04T15:30:00Z'), 60, chisinau).toISOString()).toBe('2026-12-07T07:30:00.000Z');
  });

  it('does not count a holiday', () => {
    // Thursday 24 Dec 17:30 + 60: the 25th is a holiday, so Monday 28th 09:30 (26/27 are the weekend).
    expect(addBusinessMinutes(at('2026-12-24T15:30:00Z'), 60, chisinau).toISOString()).toBe('2026-12-28T07:30:00.000Z');
    expect(isWorkingTime(at('2026-12-25T10:00:00Z'), chisinau)).toBe(false);
  });

  it('starts from the next opening when the clock starts out of hours', () => {
    expect(addBusinessMinutes(at('2026-12-05T10:00:00Z'), 0, chisinau).toISOString()).toBe('2026-12-07T07:00:00.000Z');
  });

  it('keeps local opening hours across a daylight-saving change', () => {
    // Sunday 29 March 2026 Chisinau moves to UTC+3; Monday 09:00 local is 06:00 UTC.
    expect(addBusinessMinutes(at('2026-03-27T15:59:00Z'), 2, chisinau).toISOString()).toBe('2026-03-30T06:01:00.000Z');
  });

  it('measures business minutes between two moments', () => {
    expect(businessMinutesBetween(at('2026-12-04T15:30:00Z'), at('2026-12-07T07:30:00Z'), chisinau)).toBe(60);
    expect(businessMinutesBetween(at('2026-12-07T07:30:00Z'), at('2026-12-04T15:30:00Z'), chisinau)).toBe(0);
    expect(businessMinutesBetween(at('2026-12-01T00:00:00Z'), at('2026-12-02T00:00:00Z'), chisinau)).toBe(480);
  });

  it('around the clock counts every minute', () => {
    expect(addBusinessMinutes(at('2026-12-05T23:30:00Z'), 60, ALWAYS_OPEN).toISOString()).toBe('2026-12-06T00:30:00.000Z');
  });

  it('refuses bad calendars with a clear message', () => {
    const closed = BusinessCalendarSchema.safeParse({ week: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] } });
    expect(closed.success).toBe(false);
    expect(BusinessCalendarSchema.safeParse({ timeZone: 'Mars/Olympus' }).success).toBe(false);
    expect(BusinessCalendarSchema.safeParse({ week: { mon: [{ start: '10:00', end: '09:00' }] } }).success).toBe(false);
    expect(
      BusinessCalendarSchema.safeParse({
        week: {
          mon: [
            { start: '09:00', end: '12:00' },
            { start: '11:00', end: '13:00' },
          ],
        },
      }).success,
    ).toBe(false);
  });
});

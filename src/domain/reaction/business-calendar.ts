/**
 * Business hours: a brand's working week (several periods a day), its time
 * zone and its holidays, and the arithmetic that deadlines need — "1 business
 * hour after Friday 17:30" is Monday 09:30, and nothing counts on a holiday.
 * Pure: times in, times out; the zone rules come from the platform's Intl data
 * through Luxon.
 */
import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export const PeriodSchema = z
  .object({
    start: z.string().regex(HHMM, 'a time of day as HH:MM'),
    end: z.string().regex(HHMM, 'a time of day as HH:MM (24:00 for midnight)'),
  })
  .refine((p) => minutesOf(p.start) < minutesOf(p.end), { message: 'a period must end after it starts' });
export type Period = z.infer<typeof PeriodSchema>;

const DaySchema = z
  .array(PeriodSchema)
  .max(6)
  .refine(
    (periods) => {
      const sorted = [...periods].sort((a, b) => minutesOf(a.start) - minutesOf(b.start));
      return sorted.every((p, i) => i === 0 || minutesOf(sorted[i - 1]!.end) <= minutesOf(p.start));
    },
    { message: 'periods of one day must not overlap' },
  );

const nineToSix = [{ start: '09:00', end: '18:00' }];

export const BusinessCalendarSchema = z
  .object({
    timeZone: z
      .string()
      .refine((tz) => IANAZone.isValidZone(tz), { message: 'an IANA time zone such as Europe/Chisinau' })
      .default('UTC'),
    week: z
      .object({
        mon: DaySchema.default(nineToSix),
        tue: DaySchema.default(nineToSix),
        wed: DaySchema.default(nineToSix),
        thu: DaySchema.default(nineToSix),
        fri: DaySchema.default(nineToSix),
        sat: DaySchema.default([]),
        sun: DaySchema.default([]),
      })
      .default({ mon: nineToSix, tue: nineToSix, wed: nineToSix, thu: nineToSix, fri: nineToSix, sat: [], sun: [] }),
    /** Local dates (YYYY-MM-DD) on which nobody works. */
    holidays: z
      .array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD'))
      .max(400)
      .default([]),
  })
  .refine((c) => WEEKDAYS.some((d) => c.week[d].length > 0), { message: 'the week needs at least one working period', path: ['week'] });
export type BusinessCalendar = z.infer<typeof BusinessCalendarSchema>;

/** Around-the-clock: every minute counts (for teams that work 24/7). */
export const ALWAYS_OPEN: BusinessCalendar = BusinessCalendarSchema.parse({
  week: Object.fromEntries(WEEKDAYS.map((d) => [d, [{ start: '00:00', end: '24:00' }]])),
});

/** Far enough to cross any real run of holidays; a calendar that never opens is refused by the schema. */
const MAX_DAYS = 800;

interface Interval {
  start: number;
  end: number;
}

/** The working intervals (epoch ms) of one local day. */
function workingIntervals(day: DateTime, cal: BusinessCalendar): Interval[] {
  if (cal.holidays.includes(day.toISODate()!)) return [];
  const periods = cal.week[WEEKDAYS[day.weekday - 1]!];
  return periods
    .map((p) => ({
      start: day.plus({ minutes: minutesOf(p.start) }).toMillis(),
      // Adding wall-clock minutes from midnight keeps DST days right: 09:00 is 09:00 local.
      end: (minutesOf(p.end) === 1440 ? day.plus({ days: 1 }) : day.plus({ minutes: minutesOf(p.end) })).toMillis(),
    }))
    .sort((a, b) => a.start - b.start);
}

function* daysFrom(at: Date, cal: BusinessCalendar): Generator<DateTime> {
  let day = DateTime.fromJSDate(at, { zone: cal.timeZone }).startOf('day');
  for (let i = 0; i < MAX_DAYS; i++) {
    yield day;
    day = day.plus({ days: 1 }).startOf('day');
  }
}

/** The moment `minutes` business minutes after `from`. Zero minutes gives the next working moment. */
export function addBusinessMinutes(from: Date, minutes: number, cal: BusinessCalendar): Date {
  let left = Math.max(0, minutes) * 60_000;
  const t0 = from.getTime();
  for (const day of daysFrom(from, cal)) {
    for (const iv of workingIntervals(day, cal)) {
      const start = Math.max(iv.start, t0);
      if (start >= iv.end) continue;
      const available = iv.end - start;
      if (left <= available) return new Date(start + left);
      left -= available;
    }
  }
  throw new Error('the calendar has no working time in the next two years');
}

/** Business minutes between two moments (0 when `to` is not after `from`). */
export function businessMinutesBetween(from: Date, to: Date, cal: BusinessCalendar): number {
  const a = from.getTime();
  const b = to.getTime();
  if (b <= a) return 0;
  let total = 0;
  for (const day of daysFrom(from, cal)) {
    if (day.toMillis() >= b) break;
    for (const iv of workingIntervals(day, cal)) {
      const s = Math.max(iv.start, a);
      const e = Math.min(iv.end, b);
      if (e > s) total += e - s;
    }
  }
  return total / 60_000;
}

/** Whether `at` falls inside working time. */
export function isWorkingTime(at: Date, cal: BusinessCalendar): boolean {
  const day = DateTime.fromJSDate(at, { zone: cal.timeZone }).startOf('day');
  const t = at.getTime();
  return workingIntervals(day, cal).some((iv) => iv.start <= t && t < iv.end);
}

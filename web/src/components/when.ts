import { formatDue } from '../format';

/**
 * Moments as the viewer reads them: in the browser's own time zone and the
 * UI's language (the time alone today, "Tue 10:00" within the week, else the date), and
 * how long until then ("2h 5m").
 */
export function atViewerTime(at: string | Date, lang: string, now: Date = new Date()): string {
  // One format for every moment of the desk's day (the cool-down badge, held replies, deadlines): see formatDue.
  return formatDue(at, lang, now);
}

/** Whole hours and minutes from `now` until `at` (never negative). */
export function untilParts(at: string | Date, now: Date = new Date()): { hours: number; minutes: number } {
  const total = Math.max(0, Math.round((new Date(at).getTime() - now.getTime()) / 60_000));
  return { hours: Math.floor(total / 60), minutes: total % 60 };
}

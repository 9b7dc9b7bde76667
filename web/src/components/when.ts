/**
 * Moments as the viewer reads them: in the browser's own time zone and the
 * UI's language ("Tue 10:00", or with the date when it is not this week), and
 * how long until then ("2h 5m").
 */
export function atViewerTime(at: string | Date, lang: string, now: Date = new Date()): string {
  const d = new Date(at);
  const days = Math.abs(d.getTime() - now.getTime()) / 86_400_000;
  const f = new Intl.DateTimeFormat(lang, {
    weekday: 'short',
    ...(days >= 6 ? { day: 'numeric', month: 'short' } : {}),
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  return f.format(d);
}

/** Whole hours and minutes from `now` until `at` (never negative). */
export function untilParts(at: string | Date, now: Date = new Date()): { hours: number; minutes: number } {
  const total = Math.max(0, Math.round((new Date(at).getTime() - now.getTime()) / 60_000));
  return { hours: Math.floor(total / 60), minutes: total % 60 };
}

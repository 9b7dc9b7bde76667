/**
 * Dates, times, numbers and spans in the UI language (Intl), the one place
 * the desk formats them: Arabic month names and units, Russian and Romanian
 * day-month order and decimal commas, all in the viewer's own time zone.
 * Each takes the language (i18n.language) so it stays a plain module.
 */

type When = string | number | Date;
const toDate = (v: When) => (v instanceof Date ? v : new Date(v));

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
function dateFormat(lang: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d|${lang}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) cache.set(key, (f = new Intl.DateTimeFormat(lang, options)));
  return f as Intl.DateTimeFormat;
}
function numberFormat(lang: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `n|${lang}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) cache.set(key, (f = new Intl.NumberFormat(lang, options)));
  return f as Intl.NumberFormat;
}

const TIME: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit' };

const DATE_TIME: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', year: 'numeric', ...TIME };

/** Date and time with the month by name: "Dec 2, 2026, 10:00 AM", "2 дек. 2026 г., 10:00", "2 ديسمبر 2026، 10:00 ص". */
export const formatDateTime = (v: When, lang: string) => dateFormat(lang, DATE_TIME).format(toDate(v));
/** The time of day alone. */
export const formatTime = (v: When, lang: string) => dateFormat(lang, TIME).format(toDate(v));
/** A calendar day; an ISO day ("2026-12-02") is read as that day, not as UTC midnight shifted. */
export function formatDay(v: When, lang: string): string {
  const day: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', year: 'numeric' };
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return dateFormat(lang, { ...day, timeZone: 'UTC' }).format(new Date(`${v}T00:00:00Z`));
  return dateFormat(lang, day).format(toDate(v));
}

/** A calendar day without its year ("Dec 2", "2 дек."), for chart axes. */
export function formatShortDay(v: When, lang: string): string {
  const day: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short' };
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return dateFormat(lang, { ...day, timeZone: 'UTC' }).format(new Date(`${v}T00:00:00Z`));
  return dateFormat(lang, day).format(toDate(v));
}

/** A month of a year ("December 2026", "декабрь 2026 г."); an ISO day names its month. */
export const formatMonth = (isoDay: string, lang: string) =>
  dateFormat(lang, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${isoDay.slice(0, 10)}T00:00:00Z`));

/**
 * The due moment in the viewer's own time and language: the time alone today,
 * the weekday within the week ("Tue 10:00"), else the date.
 */
export function formatDue(v: When, lang: string, now = new Date()): string {
  const d = toDate(v);
  if (d.toDateString() === now.toDateString()) return formatTime(d, lang);
  const withinWeek = Math.abs(d.getTime() - now.getTime()) < 6 * 86_400_000;
  return dateFormat(lang, withinWeek ? { weekday: 'short', ...TIME } : { day: 'numeric', month: 'short', ...TIME }).format(d);
}

export const formatNumber = (n: number, lang: string, options: Intl.NumberFormatOptions = {}) => numberFormat(lang, options).format(n);

/** A 0–1 share as a percentage ("91%", "٩١٪"). */
export const formatPercent = (share: number, lang: string, digits = 0) =>
  numberFormat(lang, { style: 'percent', maximumFractionDigits: digits }).format(share);

const unit = (n: number, u: 'minute' | 'hour' | 'day', lang: string) =>
  numberFormat(lang, { style: 'unit', unit: u, unitDisplay: 'narrow' }).format(n);

/** A span of minutes, short: "45m", "3h 20m", "4d" in the UI language's units and digits. */
export function formatSpan(minutes: number, lang: string): string {
  const m = Math.abs(Math.round(minutes));
  if (m < 60) return unit(m, 'minute', lang);
  const h = Math.floor(m / 60);
  if (h < 48) return `${unit(h, 'hour', lang)} ${unit(m % 60, 'minute', lang)}`;
  return unit(Math.floor(h / 24), 'day', lang);
}

/**
 * How long ago, in its largest whole unit: "5m", "2h", "3d" (narrow units of
 * the UI language: "2 ч", "3 ز"); a moment in the future reads as now.
 */
export function formatAge(since: When, lang: string, now: When = new Date()): string {
  const minutes = Math.max(0, Math.floor((toDate(now).getTime() - toDate(since).getTime()) / 60_000));
  if (minutes < 60) return unit(minutes, 'minute', lang);
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? unit(hours, 'hour', lang) : unit(Math.floor(hours / 24), 'day', lang);
}

/** A number of hours ("4h", "4 ч", "4 س"). */
export const formatHours = (hours: number, lang: string) => unit(hours, 'hour', lang);

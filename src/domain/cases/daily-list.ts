/**
 * The managers' daily list of automatic decisions (trolls silenced, posters
 * held for a cool-down, black PR escalated without a person): once a day, at
 * DAILY_LIST_HOUR in the brand's time zone, covering the 24 hours before.
 * The window is fixed per day, so a late or repeated run lists the same cases.
 */
import { DateTime } from 'luxon';

export const DAILY_LIST_HOUR = 8;

/** One automatic decision on the list (the notification's `data.items`, read by the desk too). */
export interface DailyListItem {
  case_id: string;
  subject: string;
  action: string;
  kind: string;
  confidence: number;
  threshold: number | null;
  at: string;
  link: string;
}

export interface DailyListWindow {
  /** The brand's local date of the list. */
  day: string;
  from: Date;
  /** The moment the list is due; decisions before it (and after `from`) are on it. */
  to: Date;
}

/** The latest daily list due at `now` (today's if its hour has passed, else yesterday's). */
export function dailyListWindow(now: Date, timeZone: string, hour = DAILY_LIST_HOUR): DailyListWindow {
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  let moment = local.startOf('day').set({ hour });
  if (moment.toMillis() > local.toMillis()) moment = moment.minus({ days: 1 });
  return { day: moment.toISODate()!, from: moment.minus({ hours: 24 }).toJSDate(), to: moment.toJSDate() };
}

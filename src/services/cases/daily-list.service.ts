/**
 * The managers' daily list of what the desk decided by itself: cases silenced
 * by the troll policy, posters held for a cool-down and black PR escalated,
 * each on a confident classification (the `automatic_action` events). One
 * in-app notification per manager per brand per day, at DAILY_LIST_HOUR in
 * the brand's time zone, listing the 24 hours before with links to the cases;
 * nothing when there were none. Runs hourly; a late run catches up.
 */
import type { Logger } from 'pino';
import { type DailyListItem, dailyListWindow } from '../../domain/cases/daily-list.js';
import { type Clock, iso } from '../../domain/clock.js';
import type { Store } from '../../repositories/store.js';
import { brandSettings } from '../brand-settings.js';
import type { Notifier } from '../people/notifier.js';
import { managerIds } from '../people/recipients.js';

export const DAILY_LIST_TYPE = 'automatic.daily';
const MAX_ITEMS = 500;

export class DailyListService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly notifier: Notifier,
    private readonly logger: Logger,
  ) {}

  /** Sends the lists due now; returns how many notifications were written. */
  async sendDue(): Promise<number> {
    const now = this.clock.now();
    let sent = 0;
    for (const brand of await this.store.repos.brands.listAll()) {
      const window = dailyListWindow(now, brandSettings(brand.settings).responsePolicy.calendar.timeZone);
      sent += await this.store.transaction(async (r) => {
        const managers = await managerIds(r, brand.id);
        const told = await r.notifications.recipientsSince(brand.id, DAILY_LIST_TYPE, managers, iso(window.to));
        const due = managers.filter((m) => !told.has(m));
        if (!due.length) return 0;
        const events = await r.cases.eventsBetween(brand.id, 'automatic_action', iso(window.from), iso(window.to));
        if (!events.length) return 0;
        const items: DailyListItem[] = events.map((e) => {
          const d = e.data as { action?: string; kind?: string; confidence?: number; threshold?: number | null };
          return {
            case_id: e.caseId,
            subject: e.subject.slice(0, 200),
            action: d.action ?? 'unknown',
            kind: d.kind ?? 'unknown',
            confidence: d.confidence ?? 0,
            threshold: d.threshold ?? null,
            at: e.createdAt,
            link: `/cases/${e.caseId}`,
          };
        });
        const counts = { not_engaging: 0, cool_down: 0, escalation: 0 } as Record<string, number>;
        for (const i of items) counts[i.action] = (counts[i.action] ?? 0) + 1;
        await this.notifier.notify(
          r,
          {
            brandId: brand.id,
            userIds: due,
            type: DAILY_LIST_TYPE,
            caseId: null,
            data: { day: window.day, from: iso(window.from), to: iso(window.to), counts, total: items.length, items: items.slice(0, MAX_ITEMS) },
          },
          now,
        );
        return due.length;
      });
    }
    if (sent) this.logger.info({ sent }, 'daily lists of automatic decisions sent');
    return sent;
  }
}

/** A person's in-app notifications: escalations, deadlines, approvals, questions from colleagues. */
import { type Clock, iso } from '../../domain/clock.js';
import type { Notification } from '../../repositories/notification.repository.js';
import { excerpt } from '../../domain/reports/excerpt.js';
import { validationError } from '../../errors.js';
import type { Store } from '../../repositories/store.js';
import type { Actor } from '../access.js';

/** How much of a case's subject a notification shows. */
const SUBJECT_CHARS = 140;

/** A notification as the list shows it: with the case it is about, when it is about one that still exists. */
export type NotificationListing = Notification & { case: { subject: string; author: string } | null };

export class NotificationService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** Newest first, each with the case it is about (subject cut to a line, author), so the list says which case without opening it. */
  async list(actor: Actor, opts: { unreadOnly: boolean; limit: number }): Promise<NotificationListing[]> {
    if (actor.type !== 'user') throw validationError('notifications belong to people', 'actor');
    // Only brands the person still belongs to: a removed member's old notices stay hidden.
    const items = await this.store.repos.notifications.forUser(actor.userId, { ...opts, brandIds: [...actor.roles.keys()] });
    const ids = [...new Set(items.flatMap((n) => (n.caseId ? [n.caseId] : [])))];
    const heads = await this.store.repos.cases.headlinesOf(ids);
    return items.map((n) => {
      const h = n.caseId ? heads.get(n.caseId) : undefined;
      return { ...n, case: h ? { subject: excerpt(h.subject.replace(/\s+/g, ' '), SUBJECT_CHARS), author: h.author } : null };
    });
  }

  async markRead(actor: Actor, ids: string[]): Promise<number> {
    if (actor.type !== 'user') throw validationError('notifications belong to people', 'actor');
    return this.store.repos.notifications.markRead(actor.userId, ids, iso(this.clock.now()));
  }
}

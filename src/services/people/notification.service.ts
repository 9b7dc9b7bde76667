/** A person's in-app notifications: escalations, deadlines, approvals, questions from colleagues. */
import { type Clock, iso } from '../../domain/clock.js';
import type { Notification } from '../../repositories/notification.repository.js';
import { validationError } from '../../errors.js';
import type { Store } from '../../repositories/store.js';
import type { Actor } from '../access.js';

export class NotificationService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  async list(actor: Actor, opts: { unreadOnly: boolean; limit: number }): Promise<Notification[]> {
    if (actor.type !== 'user') throw validationError('notifications belong to people', 'actor');
    // Only brands the person still belongs to: a removed member's old notices stay hidden.
    return this.store.repos.notifications.forUser(actor.userId, { ...opts, brandIds: [...actor.roles.keys()] });
  }

  async markRead(actor: Actor, ids: string[]): Promise<number> {
    if (actor.type !== 'user') throw validationError('notifications belong to people', 'actor');
    return this.store.repos.notifications.markRead(actor.userId, ids, iso(this.clock.now()));
  }
}

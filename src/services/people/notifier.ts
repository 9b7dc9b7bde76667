/**
 * Tells people: in-app notifications (rows, in the caller's transaction) and
 * the brand's outgoing webhooks (queued after the change commits, delivered
 * with retries and an HMAC signature).
 */
import type { Logger } from 'pino';
import { iso } from '../../domain/clock.js';
import { newId } from '../../domain/ids.js';
import type { JobQueue } from '../../jobs/job-queue.js';
import type { Repositories } from '../../repositories/store.js';
import type { BrandSettings, WebhookEvent } from '../brand-settings.js';

export interface Notice {
  brandId: string;
  userIds: readonly string[];
  type: string;
  caseId: string | null;
  data: Record<string, unknown>;
}

export interface WebhookCall {
  brandId: string;
  event: WebhookEvent;
  body: Record<string, unknown>;
}

/** An e-mail to a brand's contact, sent by the `mail.send` job after the change commits. */
export interface MailCall {
  brandId: string;
  caseId: string | null;
  to: string[];
  subject: string;
  text: string;
}

/** Collects what to tell during a transaction; `flush` queues the webhooks and e-mails once it has committed. */
export class Outbox {
  readonly webhooks: WebhookCall[] = [];
  readonly mails: MailCall[] = [];
  /** Replies to hand to their channel adapter once the change has committed. */
  readonly deliveries: string[] = [];
  add(call: WebhookCall): void {
    this.webhooks.push(call);
  }
  deliver(replyId: string): void {
    this.deliveries.push(replyId);
  }
  mail(call: MailCall): void {
    this.mails.push(call);
  }
}

export class Notifier {
  constructor(
    private readonly queue: JobQueue,
    private readonly logger: Logger,
  ) {}

  /** Writes in-app notifications, one per distinct user. */
  async notify(r: Repositories, n: Notice, at: Date): Promise<void> {
    const users = [...new Set(n.userIds)];
    await r.notifications.add(
      users.map((userId) => ({
        id: newId(),
        brandId: n.brandId,
        userId,
        type: n.type,
        caseId: n.caseId,
        data: n.data,
        createdAt: iso(at),
        readAt: null,
      })),
    );
  }

  /** Queues the webhook deliveries collected in `outbox` for the brands' subscribed hooks. */
  async flush(outbox: Outbox, settingsOf: (brandId: string) => Promise<BrandSettings>): Promise<void> {
    for (const replyId of outbox.deliveries) {
      await this.queue.enqueue('reply.deliver', { replyId }).catch((err) => this.logger.error({ err, replyId }, 'could not queue a reply delivery'));
    }
    for (const m of outbox.mails) {
      await this.queue.enqueue('mail.send', { ...m }).catch((err) => this.logger.error({ err, caseId: m.caseId }, 'could not queue an e-mail'));
    }
    for (const call of outbox.webhooks) {
      const settings = await settingsOf(call.brandId);
      for (const hook of settings.webhooks) {
        if (hook.events && !hook.events.includes(call.event)) continue;
        await this.queue
          .enqueue('webhook.deliver', {
            url: hook.url,
            secret: hook.secret,
            event: call.event,
            body: { event: call.event, brand_id: call.brandId, ...call.body },
          })
          .catch((err) => this.logger.error({ err, event: call.event }, 'could not queue a webhook'));
      }
    }
  }
}

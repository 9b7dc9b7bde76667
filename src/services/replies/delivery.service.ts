/**
 * Runs a queued reply delivery (`reply.deliver`): hands the reply to its
 * channel's adapter, then records it sent — or, after the last attempt (or at
 * once for a failure no retry can fix), marks it failed and tells its author
 * and the managers. Each attempt is counted on the reply.
 */
import type { Logger } from 'pino';
import type { Clock } from '../../domain/clock.js';
import type { Store } from '../../repositories/store.js';
import { type Actor } from '../access.js';
import { brandSettings } from '../brand-settings.js';
import { CaseWriter } from '../cases/case-writer.js';
import { type Notifier, Outbox } from '../people/notifier.js';
import { managerIds } from '../people/recipients.js';
import { awaitManualPosting, deliveryFor, markReplySent } from './reply-flow.js';
import { PermanentDeliveryError, type ReplyChannelFactory, type ReplyPublishing } from './reply-channel.js';

export const MAX_DELIVERY_ATTEMPTS = 5;
const DELIVERY: Actor = { type: 'system', name: 'delivery' };

export class DeliveryService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly notifier: Notifier,
    private readonly channelFor: ReplyChannelFactory,
    private readonly logger: Logger,
    private readonly publishing?: ReplyPublishing,
  ) {}

  async deliver(replyId: string): Promise<void> {
    const repos = this.store.repos;
    const reply = await repos.replies.find(replyId);
    if (!reply || reply.status !== 'sending') return; // already sent, failed or withdrawn: nothing to do
    const c = (await repos.cases.findById(reply.caseId))!;
    const settings = brandSettings((await repos.brands.findById(c.brandId))?.settings);
    const { channelKey, config } = await deliveryFor(repos, c, settings, {
      publishing: this.publishing,
      isPrivate: reply.visibility === 'private',
    });
    if (config.type === 'manual') {
      // Its connection was paused or removed (or the setting changed) since it was queued: posted by hand, never lost.
      const outbox = new Outbox();
      const now = this.clock.now();
      await this.store.transaction(async (r) => {
        const fresh = (await r.replies.find(reply.id))!;
        if (fresh.status !== 'sending') return;
        await awaitManualPosting(r, (await r.cases.findById(c.id))!, fresh, {
          actor: DELIVERY,
          now,
          notifier: this.notifier,
          outbox,
          channelKey,
          reason: 'the channel can no longer publish it',
        });
      });
      await this.notifier.flush(outbox, () => Promise.resolve(settings));
      return;
    }
    const attempt = reply.deliveryAttempts + 1;
    await repos.replies.update(reply.id, { deliveryAttempts: attempt });
    try {
      const channel = await this.channelFor(config);
      const view = await repos.cases.findView(c.id);
      // The customer's latest message on the case (a colleague's or the brand's own mention is not what is answered).
      const recent = await repos.mentions.list({ brandId: c.brandId, caseId: c.id }, 20);
      const latest = recent.items.find((m) => m.authorHandle === view?.authorHandle) ?? recent.items[0];
      const result = await channel.send({
        replyId: reply.id,
        caseId: c.id,
        brandId: c.brandId,
        channel: channelKey,
        text: reply.body,
        to: { handle: view?.authorHandle ?? '', name: view?.authorDisplayName ?? null },
        inReplyTo: latest?.externalId ?? null,
        inReplyToExtra: latest?.extra ?? null,
        subject: c.subject.replace(/\s+/g, ' ').slice(0, 80),
        private: reply.visibility === 'private' || config.type === 'email' || (config.type === 'connector' && config.connector === 'email'),
      });
      const now = this.clock.now();
      await this.store.transaction(async (r) => {
        const fresh = (await r.replies.find(reply.id))!;
        if (fresh.status !== 'sending') return;
        await markReplySent(r, (await r.cases.findById(c.id))!, fresh, {
          actor: DELIVERY,
          now,
          settings,
          deliveryChannel: channel.type,
          externalId: result.externalId,
          externalLink: result.link ?? null,
        });
      });
    } catch (err) {
      const message = (err as Error).message.slice(0, 500);
      const permanent = err instanceof PermanentDeliveryError;
      if (!permanent && attempt < MAX_DELIVERY_ATTEMPTS) {
        await repos.replies.update(reply.id, { deliveryError: message });
        throw err; // the job queue retries with backoff
      }
      this.logger.warn({ replyId, attempt, err: message }, 'reply delivery failed');
      const now = this.clock.now();
      await this.store.transaction(async (r) => {
        await r.replies.update(reply.id, { status: 'failed', deliveryStatus: 'failed', deliveryError: message });
        const w = new CaseWriter(r, now);
        await w.record(c, 'reply_failed', DELIVERY, { reply_id: reply.id, attempts: attempt, error: message });
        const to = [reply.authorId, ...(await managerIds(r, c.brandId))];
        await this.notifier.notify(
          r,
          { brandId: c.brandId, userIds: to, type: 'reply.failed', caseId: c.id, data: { reply_id: reply.id, error: message } },
          now,
        );
        await w.touch(c);
      });
    }
  }
}

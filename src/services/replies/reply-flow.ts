/**
 * What happens when a reply is released (written and approved, or at the end
 * of a cool-down) and when it has gone out, wherever it comes from. Runs
 * inside the caller's transaction; deliveries through an adapter are queued
 * on the outbox and run after the commit.
 */
import { iso } from '../../domain/clock.js';

import type { Reply } from '../../repositories/reply.repository.js';
import type { Repositories } from '../../repositories/store.js';
import type { Actor } from '../access.js';
import type { BrandSettings } from '../brand-settings.js';
import { CaseWriter } from '../cases/case-writer.js';
import type { Notifier, Outbox } from '../people/notifier.js';
import type { Case } from '../../repositories/case.repository.js';
import type { DeliveryRoute, ReplyPublishing } from './reply-channel.js';

export interface SendContext {
  actor: Actor;
  now: Date;
  settings: BrandSettings;
  outbox: Outbox;
  /** Which connections can publish (absent: none do, as before channel connectors). */
  publishing?: ReplyPublishing | undefined;
}

/**
 * How a reply on the case leaves: through an active connection of the case's
 * channel whose connector can publish it (a public answer, or a private
 * message when `isPrivate`), else the brand's delivery setting for the
 * channel, else by hand. A paused or removed connection is not asked, so its
 * replies wait to be posted by hand.
 */
export async function deliveryFor(
  r: Repositories,
  c: Case,
  settings: BrandSettings,
  o: { publishing?: ReplyPublishing | undefined; isPrivate?: boolean } = {},
): Promise<{ channelKey: string; config: DeliveryRoute }> {
  const channelKey = (await r.mentions.findChannel(c.channelId))?.key ?? '';
  if (o.publishing) {
    const connections = (await r.connections.list([c.brandId])).filter((x) => x.channelId === c.channelId && x.status === 'active');
    const conn = connections.find((x) => o.publishing!.canPublish(x, o.isPrivate ?? !c.isPublic));
    if (conn) return { channelKey, config: { type: 'connector', connectionId: conn.id, connector: conn.type } };
  }
  return { channelKey, config: settings.delivery[channelKey] ?? { type: 'manual' } };
}

/** The stored delivery channel for a route: manual, webhook, email, or connector:<type>. */
export function routeName(d: DeliveryRoute): string {
  return d.type === 'connector' ? `connector:${d.connector}` : d.type;
}

/** The reply waits as "ready" for the responder to post it on the channel and confirm (copy, "I posted it"). */
export async function awaitManualPosting(
  r: Repositories,
  c: Case,
  reply: Reply,
  ctx: { actor: Actor; now: Date; notifier: Notifier; outbox: Outbox; channelKey: string; reason?: string },
): Promise<void> {
  await r.replies.update(reply.id, { status: 'ready', sendAt: null, deliveryChannel: 'manual', deliveryStatus: 'awaiting_manual' });
  await new CaseWriter(r, ctx.now).record(c, 'reply_ready', ctx.actor, {
    reply_id: reply.id,
    channel: ctx.channelKey,
    ...(ctx.reason ? { reason: ctx.reason } : {}),
  });
  await ctx.notifier.notify(
    r,
    {
      brandId: c.brandId,
      userIds: [reply.authorId],
      type: 'reply.ready',
      caseId: c.id,
      data: { reply_id: reply.id, todo: 'post it on the channel and confirm', ...(ctx.reason ? { reason: ctx.reason } : {}) },
    },
    ctx.now,
  );
  ctx.outbox.add({
    brandId: c.brandId,
    event: 'reply.ready',
    body: { case_id: c.id, reply_id: reply.id, channel: ctx.channelKey, text: reply.body },
  });
}

/**
 * A reply is free to go. Posted by hand already: it is sent. A channel
 * answered by hand: the reply waits as "ready" for the responder to post and
 * confirm. A channel with an adapter: the reply is queued for delivery.
 */
export async function releaseReply(
  r: Repositories,
  c: Case,
  reply: Reply,
  ctx: SendContext & { postedByHand: boolean; notifier: Notifier },
): Promise<void> {
  if (ctx.postedByHand) return markReplySent(r, c, reply, { ...ctx, deliveryChannel: 'manual', externalId: null });
  const { channelKey, config } = await deliveryFor(r, c, ctx.settings, { publishing: ctx.publishing, isPrivate: reply.visibility === 'private' });
  if (config.type === 'manual') return awaitManualPosting(r, c, reply, { ...ctx, channelKey });
  await r.replies.update(reply.id, {
    status: 'sending',
    sendAt: null,
    deliveryChannel: routeName(config),
    deliveryStatus: 'pending',
    deliveryError: null,
  });
  await new CaseWriter(r, ctx.now).record(c, 'reply_queued', ctx.actor, { reply_id: reply.id, channel: channelKey, via: routeName(config) });
  ctx.outbox.deliver(reply.id);
}

/** The reply is out: the deadline is met, the case is "replied", a follow-up check is scheduled, an idea's author is answered. */
export async function markReplySent(
  r: Repositories,
  c: Case,
  reply: Reply,
  ctx: Omit<SendContext, 'outbox'> & { deliveryChannel: string; externalId: string | null; externalLink?: string | null },
): Promise<void> {
  const at = iso(ctx.now);
  await r.replies.update(reply.id, {
    status: 'sent',
    sentAt: at,
    sendAt: null,
    deliveryChannel: ctx.deliveryChannel,
    deliveryStatus: 'delivered',
    deliveredAt: at,
    deliveryError: null,
    externalId: ctx.externalId,
    externalLink: ctx.externalLink ?? null,
  });
  const w = new CaseWriter(r, ctx.now);
  await w.markAnswered(c, ctx.actor, ctx.settings.responsePolicy.followUpAfterHours);
  await r.breaches.markResponded(c.id, at);
  const idea = await r.ideas.ofCase(c.id);
  // The idea's author has an answer; a prompt to tell them an outcome is answered by this reply.
  if (idea && (!idea.answeredAt || idea.tellPrompt)) await r.ideas.update(idea.id, { answeredAt: idea.answeredAt ?? at, tellPrompt: null });
  await w.record(c, 'reply_sent', ctx.actor, {
    reply_id: reply.id,
    via: ctx.deliveryChannel,
    external_id: ctx.externalId,
    ...(ctx.externalLink ? { link: ctx.externalLink } : {}),
  });
}

/**
 * The channel adapter interface: how a reply leaves Defuse. Adapters live in
 * src/adapters/delivery (outgoing webhook, e-mail through the mailer) and the
 * container hands the delivery service a factory for them; "by hand" needs
 * no adapter — the responder copies the reply, posts it and confirms.
 */
import type { DeliveryConfig } from '../brand-settings.js';

export interface OutgoingReply {
  replyId: string;
  caseId: string;
  brandId: string;
  channel: string;
  text: string;
  /** The customer: their handle on the channel (an address for e-mail) and name. */
  to: { handle: string; name: string | null };
  /** The channel's id of the customer's latest message, to answer in its thread. */
  inReplyTo: string | null;
  subject: string;
  /** True: a private message to the customer (a DM; e-mail always is); false: a public answer in the thread. */
  private: boolean;
}

export interface DeliveryResult {
  /** The id the channel gave the sent message, if any. */
  externalId: string | null;
}

export interface ReplyChannel {
  readonly type: 'webhook' | 'email';
  send(reply: OutgoingReply): Promise<DeliveryResult>;
}

/** A failure that retrying cannot fix (not an e-mail address, no SMTP configured): the reply fails at once. */
export class PermanentDeliveryError extends Error {
  override name = 'PermanentDeliveryError';
}

/** The channel adapter for a channel's delivery setting; throws PermanentDeliveryError when it cannot be built. */
export type ReplyChannelFactory = (d: DeliveryConfig) => ReplyChannel;

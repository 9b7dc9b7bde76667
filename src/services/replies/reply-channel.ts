/**
 * The channel adapter interface: how a reply leaves Defuse. Adapters live in
 * src/adapters/delivery (outgoing webhook, e-mail over SMTP); "by hand" needs
 * no adapter — the responder copies the reply, posts it and confirms.
 */
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

/**
 * The channel adapter interface: how a reply leaves Defuse. Adapters live in
 * src/adapters/delivery (outgoing webhook, e-mail through the mailer) and the
 * container hands the delivery service a factory for them; "by hand" needs
 * no adapter — the responder copies the reply, posts it and confirms.
 */
import type { Connection } from '../../repositories/connection.repository.js';
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
  /** What the channel stored with that message (chat id, e-mail subject and References…): a connector needs it to answer. */
  inReplyToExtra: Record<string, unknown> | null;
  subject: string;
  /** True: a private message to the customer (a DM; e-mail always is); false: a public answer in the thread. */
  private: boolean;
}

export interface DeliveryResult {
  /** The id the channel gave the sent message, if any. */
  externalId: string | null;
  /** Where the published reply can be read on the channel, when it says. */
  link?: string | null;
}

export interface ReplyChannel {
  /** Stored as the reply's delivery channel: webhook, email (the installation's mailer) or connector:<type>. */
  readonly type: string;
  send(reply: OutgoingReply): Promise<DeliveryResult>;
}

/** A failure that retrying cannot fix (not an e-mail address, no SMTP configured): the reply fails at once. */
export class PermanentDeliveryError extends Error {
  override name = 'PermanentDeliveryError';
}

/** A reply published through the brand's connection to the channel (its connector's `send`). */
export interface ConnectorRoute {
  type: 'connector';
  connectionId: string;
  /** The connector type (telegram, mastodon, vk, email). */
  connector: string;
}

/** How a reply leaves: through a connection, the brand's delivery setting for the channel, or by hand. */
export type DeliveryRoute = DeliveryConfig | ConnectorRoute;

/** The channel adapter for a route; throws PermanentDeliveryError when it cannot be built. */
export type ReplyChannelFactory = (d: DeliveryRoute) => ReplyChannel | Promise<ReplyChannel>;

/** Which connections can publish a reply (the channel service, over the connector registry). */
export interface ReplyPublishing {
  /** The connection's connector has `send`, its capabilities allow a public reply / a private message, its config can send. */
  canPublish(connection: Connection, isPrivate: boolean): boolean;
}

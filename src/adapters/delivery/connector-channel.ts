/**
 * Publishes a reply through the brand's connection to the channel it came
 * from (a Telegram group, a Mastodon thread, a VK wall, the mailbox): the
 * connector's `send`, handed in by the channel service with the connection's
 * decrypted secrets, gets the reply as an `OutgoingMessage`.
 */
import type { OutgoingMessage, SendResult } from '../channels/connector.js';
import type { DeliveryResult, OutgoingReply, ReplyChannel } from '../../services/replies/reply-channel.js';

export type Publish = (message: OutgoingMessage) => Promise<SendResult>;

export class ConnectorReplyChannel implements ReplyChannel {
  readonly type: string;

  constructor(
    connectorType: string,
    private readonly publish: Publish,
  ) {
    this.type = `connector:${connectorType}`;
  }

  async send(r: OutgoingReply): Promise<DeliveryResult> {
    const result = await this.publish({
      replyId: r.replyId,
      text: r.text,
      inReplyTo: r.inReplyTo ? { externalId: r.inReplyTo, extra: r.inReplyToExtra ?? {} } : null,
      to: r.to,
      subject: r.subject,
      private: r.private,
    });
    return { externalId: result.externalId, link: result.link ?? null };
  }
}

/** Sends a reply by e-mail, in the customer's thread when their message id is known. */
import type { Mailer } from '../../services/ports.js';
import { type DeliveryResult, type OutgoingReply, PermanentDeliveryError, type ReplyChannel } from '../../services/replies/reply-channel.js';

const ADDRESS = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

export class EmailReplyChannel implements ReplyChannel {
  readonly type = 'email' as const;

  constructor(
    private readonly mailer: Mailer,
    private readonly subjectPrefix: string,
  ) {}

  async send(r: OutgoingReply): Promise<DeliveryResult> {
    if (!ADDRESS.test(r.to.handle)) throw new PermanentDeliveryError(`the customer's handle "${r.to.handle}" is not an e-mail address`);
    const messageId = r.inReplyTo && /^<.+>$/.test(r.inReplyTo) ? r.inReplyTo : r.inReplyTo ? `<${r.inReplyTo}>` : undefined;
    const sent = await this.mailer.send({
      to: r.to.name ? { name: r.to.name, address: r.to.handle } : r.to.handle,
      subject: `${this.subjectPrefix}${r.subject}`,
      text: r.text,
      ...(messageId ? { inReplyTo: messageId } : {}),
      headers: { 'X-Defuse-Reply': r.replyId },
    });
    return { externalId: sent.messageId };
  }
}

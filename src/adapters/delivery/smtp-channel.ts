/** Sends a reply by e-mail over SMTP (nodemailer), in the customer's thread when their message id is known. */
import nodemailer, { type Transporter } from 'nodemailer';
import { type DeliveryResult, type OutgoingReply, PermanentDeliveryError, type ReplyChannel } from '../../services/replies/reply-channel.js';

const ADDRESS = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

export class SmtpReplyChannel implements ReplyChannel {
  readonly type = 'email' as const;
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
    private readonly subjectPrefix: string,
  ) {
    this.transport = nodemailer.createTransport(smtpUrl);
  }

  async send(r: OutgoingReply): Promise<DeliveryResult> {
    if (!ADDRESS.test(r.to.handle)) throw new PermanentDeliveryError(`the customer's handle "${r.to.handle}" is not an e-mail address`);
    const messageId = r.inReplyTo && /^<.+>$/.test(r.inReplyTo) ? r.inReplyTo : r.inReplyTo ? `<${r.inReplyTo}>` : undefined;
    const info = await this.transport.sendMail({
      from: this.from,
      to: r.to.name ? { name: r.to.name, address: r.to.handle } : r.to.handle,
      subject: `${this.subjectPrefix}${r.subject}`,
      text: r.text,
      ...(messageId ? { inReplyTo: messageId, references: [messageId] } : {}),
      headers: { 'X-Defuse-Reply': r.replyId },
    });
    return { externalId: typeof info.messageId === 'string' ? info.messageId : null };
  }
}

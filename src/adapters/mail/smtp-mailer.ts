/** The one SMTP sender (nodemailer): replies on e-mail channels and scheduled reports both go out through it. */
import nodemailer, { type Transporter } from 'nodemailer';
import type { Mailer, OutgoingMail } from '../../services/ports.js';

export class SmtpMailer implements Mailer {
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    this.transport = nodemailer.createTransport(smtpUrl);
  }

  async send(m: OutgoingMail): Promise<{ messageId: string | null }> {
    const info = await this.transport.sendMail({
      from: this.from,
      to: m.to,
      subject: m.subject,
      text: m.text,
      ...(m.inReplyTo ? { inReplyTo: m.inReplyTo, references: [m.inReplyTo] } : {}),
      ...(m.headers ? { headers: m.headers } : {}),
      ...(m.attachments ? { attachments: m.attachments } : {}),
    });
    return { messageId: typeof info.messageId === 'string' ? info.messageId : null };
  }
}

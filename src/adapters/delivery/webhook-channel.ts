/** Sends a reply to the brand's integration as a signed JSON POST; the integration posts it on the channel. */
import { postSigned } from '../webhook/signed-post.js';
import type { DeliveryResult, OutgoingReply, ReplyChannel } from '../../services/replies/reply-channel.js';

export class WebhookReplyChannel implements ReplyChannel {
  readonly type = 'webhook' as const;
  constructor(
    private readonly url: string,
    private readonly secret: string | undefined,
    private readonly timeoutMs = 10_000,
  ) {}

  async send(r: OutgoingReply): Promise<DeliveryResult> {
    const body = {
      event: 'reply.send',
      reply_id: r.replyId,
      case_id: r.caseId,
      brand_id: r.brandId,
      channel: r.channel,
      in_reply_to: r.inReplyTo,
      to: r.to,
      text: r.text,
      // Going private: send it to the customer as a private message (a DM), not in the public thread.
      private: r.private,
    };
    const res = await postSigned(
      { url: this.url, secret: this.secret, event: 'reply.send', body, headers: { 'idempotency-key': r.replyId }, timeoutMs: this.timeoutMs },
      'reply webhook',
    );
    // The integration may answer {"external_id": "..."}: the channel's id of the posted reply.
    const answer = (await res.json().catch(() => null)) as { external_id?: unknown } | null;
    return { externalId: typeof answer?.external_id === 'string' ? answer.external_id.slice(0, 500) : null };
  }
}

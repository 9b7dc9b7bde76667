/**
 * Errors the social connectors (Telegram, Mastodon, VK) throw, and the one
 * rule they share: a secret (bot token, access token) never appears in a
 * message, whatever the library or the network put into it.
 */
import { PermanentDeliveryError } from '../../services/replies/reply-channel.js';

/** A channel API call that failed. `permanent`: retrying cannot help (bad token, forbidden); `retryAfterSeconds`: the channel said when to come back (rate limit). */
export class ChannelApiError extends Error {
  override name = 'ChannelApiError';
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly retryAfterSeconds: number | null = null,
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

/** `text` with every secret (of at least 4 characters) replaced by "***". */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('***');
  return out;
}

/** The error a `send` throws for a failed call: a permanent one becomes a PermanentDeliveryError (the reply fails at once), the rest stay retryable. */
export function forSend(err: ChannelApiError): Error {
  return err.permanent ? new PermanentDeliveryError(err.message) : err;
}

/** Whatever was thrown, as a ChannelApiError whose message carries no secret; unknown failures (network, timeout) are retryable. */
export function asChannelError(err: unknown, label: string, secrets: readonly (string | undefined)[]): ChannelApiError {
  if (err instanceof ChannelApiError) return new ChannelApiError(redact(err.message, secrets), err.permanent, err.retryAfterSeconds, err.status);
  const e = err as { name?: string; message?: string; cause?: { message?: string } } | null;
  if (e?.name === 'AbortError' || e?.name === 'TimeoutError') return new ChannelApiError(`${label}: the request timed out or was aborted`, false);
  const cause = e?.cause?.message ? ` (${e.cause.message})` : '';
  return new ChannelApiError(redact(`${label}: ${e?.message ?? String(err)}${cause}`, secrets), false);
}

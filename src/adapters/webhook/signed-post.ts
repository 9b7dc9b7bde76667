/**
 * The one webhook poster: a JSON POST with the event name and, when the
 * receiver shared a secret, an HMAC-SHA256 signature of the body. Brand
 * webhooks and reply delivery to an integration both use it.
 */
import { createHmac } from 'node:crypto';

export const signBody = (secret: string, body: string): string => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

export interface SignedPost {
  url: string;
  secret?: string;
  event: string;
  body: unknown;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

/** Posts; throws on a network error or a non-2xx answer (so a job retries), else returns the answer. */
export async function postSigned(p: SignedPost, what = `webhook ${p.url}`): Promise<Response> {
  const body = JSON.stringify(p.body);
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-defuse-event': p.event, ...p.headers };
  if (p.secret) headers['x-defuse-signature'] = signBody(p.secret, body);
  const res = await fetch(p.url, { method: 'POST', headers, body, signal: AbortSignal.timeout(p.timeoutMs ?? 10_000), redirect: 'manual' });
  if (res.status < 200 || res.status >= 300) throw new Error(`${what} answered ${res.status}`);
  return res;
}

/** Delivers one brand webhook (the `webhook.deliver` job). */
export async function deliverWebhook(
  p: { url: string; secret?: string; event: string; body: Record<string, unknown> },
  timeoutMs = 10_000,
): Promise<void> {
  await postSigned({ url: p.url, secret: p.secret, event: p.event, body: p.body, timeoutMs });
}

/**
 * The requests the integration tests make again and again, over a harness's
 * `inject`: sending mentions in with a brand token (and running the jobs they
 * queue), and calling the API as a signed-in person (cookie for reads, cookie
 * and CSRF token for writes).
 */
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { Harness, SignedIn } from './harness.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
/** A mention as stored (what the mentions repository returns). */
export type StoredMention = NonNullable<Awaited<ReturnType<Harness['container']['store']['repos']['mentions']['findById']>>>;

/** Calls the API as `who`: a GET with their cookie, anything else with the cookie and the CSRF token. */
export function api(h: Harness, method: Method, url: string, who: SignedIn, payload?: object): Promise<LightMyRequestResponse> {
  return h.app.inject({ method, url, headers: method === 'GET' ? { cookie: who.cookie } : who.headers, ...(payload ? { payload } : {}) });
}

/** A GET as `who`, answered with its JSON body. */
export async function getJson(h: Harness, url: string, who: SignedIn) {
  return (await api(h, 'GET', url, who)).json();
}

/** POST /api/v1/mentions with a brand API token; `body` is one mention or `{ mentions: [...] }`. Expects 201 (something new). */
export async function postMentions(h: Harness, token: string, body: object): Promise<LightMyRequestResponse> {
  const res = await h.app.inject({ method: 'POST', url: '/api/v1/mentions', headers: { authorization: `Bearer ${token}` }, payload: body });
  expect(res.statusCode, res.body).toBe(201);
  return res;
}

const storedMentions = (h: Harness, res: LightMyRequestResponse) =>
  Promise.all((res.json() as { items: { id: string }[] }).items.map(async (i) => (await h.container.store.repos.mentions.findById(i.id))!));

/** Sends one mention in, runs the jobs that are due once (processing it), and returns it as stored. */
export async function ingestOne(h: Harness, token: string, mention: object): Promise<StoredMention> {
  const res = await postMentions(h, token, mention);
  await h.runJobs();
  return (await storedMentions(h, res))[0]!;
}

/** Sends mentions in as one batch, runs the jobs that are due once, and returns them as stored, in order (one per mention sent). */
export async function ingestBatch<T extends readonly object[]>(
  h: Harness,
  token: string,
  mentions: T,
): Promise<{ -readonly [K in keyof T]: StoredMention }> {
  const res = await postMentions(h, token, { mentions });
  await h.runJobs();
  return (await storedMentions(h, res)) as { -readonly [K in keyof T]: StoredMention };
}

/** Sends any number of mentions in batches of 500, then runs jobs until none is left (processing and what it queued). */
export async function ingestAll(h: Harness, token: string, mentions: object[]): Promise<void> {
  for (let i = 0; i < mentions.length; i += 500) await postMentions(h, token, { mentions: mentions.slice(i, i + 500) });
  while ((await h.runJobs()) > 0);
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_STATUSES } from '../domain/cases/case-status.js';
import { RESOLUTION_REASONS } from '../domain/cases/resolution.js';
import { DIALECTS } from '../../test/support/databases.js';
import { type Harness, type SignedIn, startHarness } from '../../test/support/harness.js';
import * as requests from '../../test/support/requests.js';

/**
 * Every 400 a request check gives names the field and says in plain words what
 * is wrong and what is accepted — the same way for the body, the query and the
 * path — never Zod's own wording ("Invalid option: expected one of …",
 * "Invalid input: expected string, received number", "Required").
 */
describe('validation errors in plain words', () => {
  let h: Harness;
  let resp: SignedIn;
  let token: string;

  beforeAll(async () => {
    // Request checks touch no storage: one database is enough.
    h = await startHarness(DIALECTS[0]!);
    const brandId = await h.createBrand('words');
    token = await h.createToken(brandId);
    await h.createUser('resp@words.test', brandId, 'responder');
    resp = await h.login('resp@words.test');
  });
  afterAll(async () => {
    await h.close();
    await h.db.drop();
  });

  const refused = async (method: requests.Method, url: string, payload?: object) => {
    const res = await requests.api(h, method, url, resp, payload);
    expect(res.statusCode, res.body).toBe(400);
    const { error } = res.json<{ error: { id: string; message: string; field?: string } }>();
    expect(error.id).toBe('validation_failed');
    return { message: error.message, field: error.field };
  };

  it('query: a bad choice lists what is accepted, a bad number says what a number must be', async () => {
    expect(await refused('GET', '/api/v1/cases?brand=words&sort=oldest')).toEqual({
      field: 'sort',
      message: 'sort: must be one of recent, due ("oldest" is not)',
    });
    // A list filter names the filter, not the bad item's position in it.
    expect(await refused('GET', '/api/v1/cases?brand=words&status=new,done')).toEqual({
      field: 'status',
      message: `status: must be one of ${CASE_STATUSES.join(', ')} ("done" is not)`,
    });
    expect(await refused('GET', '/api/v1/cases?brand=words&limit=lots')).toEqual({ field: 'limit', message: 'limit: must be a number' });
    expect(await refused('GET', '/api/v1/cases?brand=words&limit=500')).toEqual({ field: 'limit', message: 'limit: must be at most 200 (got 500)' });
    expect(await refused('GET', '/api/v1/cases')).toEqual({ field: 'brand', message: 'brand: is required (text)' });
  });

  it('path: a too-long id is refused in the same shape, without echoing the URL', async () => {
    // Fastify's router refuses it before the params check (414, its own wording and the URL echoed, before).
    const res = await requests.api(h, 'GET', `/api/v1/cases/${'x'.repeat(101)}`, resp);
    expect(res.statusCode).toBe(414);
    expect(res.json()).toEqual({ error: { id: 'uri_too_long', message: 'a part of the path (such as an id) must be at most 100 characters long' } });
    const bad = await requests.api(h, 'GET', '/api/v1/cases/%E0%A4%A', resp);
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({ error: { id: 'bad_url', message: 'the path is not a valid URL (check its %-escapes)' } });
  });

  it('body: missing fields, wrong types, bad choices, too long, unknown fields, nested fields', async () => {
    expect(await refused('POST', '/api/v1/cases/bulk', { brand: 'words', change: { status: 'resolved' } })).toEqual({
      field: 'case_ids',
      message: 'case_ids: is required (a list)',
    });
    expect(await refused('POST', '/api/v1/cases/bulk', { brand: 42, case_ids: ['a'], change: { status: 'resolved' } })).toEqual({
      field: 'brand',
      message: 'brand: must be text, not a number',
    });
    expect(
      await refused('POST', '/api/v1/cases/bulk', { brand: 'words', case_ids: ['a'], change: { status: 'resolved', reason_code: 'bored' } }),
    ).toEqual({
      field: 'change.reason_code',
      message: `change.reason_code: must be one of ${RESOLUTION_REASONS.join(', ')} ("bored" is not)`,
    });
    expect(await refused('POST', '/api/v1/cases/some-case/notes', { body: 'x'.repeat(10_001) })).toEqual({
      field: 'body',
      message: 'body: must be at most 10,000 characters long (this one has 10,001)',
    });
    expect(await refused('POST', '/api/v1/cases/some-case/bring-back', { kind: 'black_pr', why: 'x' })).toEqual({
      field: 'why',
      message: 'why: is not a field this request accepts',
    });
    expect(await refused('POST', '/api/v1/cases/some-case/notes', [])).toEqual({ field: 'body', message: 'body: must be an object, not a list' });
  });

  it('an ingested mention with a bad field is refused with the same wording (checked in the handler)', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/v1/mentions',
      headers: { authorization: `Bearer ${token}` },
      payload: { mentions: [{ channel: 'web', external_id: 'm1', text: 12, created_at: '2026-07-01T10:00:00Z', author: { handle: 'a' } }] },
    });
    expect(res.statusCode).toBe(400);
    // The English line for API users and the CLI; the problem as a code with its numbers, for clients that translate.
    expect(res.json().error).toEqual({
      id: 'validation_failed',
      field: 'mentions.0.text',
      message: 'mentions.0.text: must be text, not a number',
      problem: 'wrong_type',
      params: { expected: 'string' },
    });
  });

  it('names each problem by a stable code with its numbers', async () => {
    const problem = async (method: requests.Method, url: string, payload?: object) => {
      const { error } = (await requests.api(h, method, url, resp, payload)).json<{ error: { problem?: string; params?: object } }>();
      return { problem: error.problem, params: error.params };
    };
    expect(await problem('GET', '/api/v1/cases?brand=words&sort=oldest')).toEqual({ problem: 'not_one_of', params: { values: 'recent, due' } });
    expect(await problem('GET', '/api/v1/cases?brand=words&limit=500')).toEqual({ problem: 'too_big', params: { max: 200 } });
    expect(await problem('GET', '/api/v1/cases')).toEqual({ problem: 'required', params: undefined });
    expect(await problem('POST', '/api/v1/auth/password', { current_password: 'x', new_password: 'y' })).toEqual({
      problem: 'too_short',
      params: { min: 12 },
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/support/databases.js';
import { buildMention } from '../../test/support/factories.js';
import { type Harness, type SignedIn, startHarness } from '../../test/support/harness.js';
import { api, ingestOne } from '../../test/support/requests.js';
import { badTextAt } from './input-guard.js';

const nulAt = (v: unknown) => badTextAt(v)?.at ?? null;

describe('badTextAt', () => {
  it('names the first string or key holding U+0000, by its path', () => {
    expect(nulAt({ a: 'ok', b: ['fine', 'x\u0000y'] })).toBe('b.1');
    expect(nulAt({ first: '\u0000', second: '\u0000' })).toBe('first');
    expect(nulAt({ ok: { ['k\u0000']: 1 } })).toBe('ok.k\u0000');
    expect(nulAt('\u0000')).toBe('');
    expect(nulAt({ text: 'no nul here', n: 1, t: true, z: null })).toBeNull();
    expect(nulAt(undefined)).toBeNull();
  });

  it('names a lone UTF-16 surrogate the same way, and lets a well-formed pair (an emoji) through', () => {
    expect(badTextAt({ note: 'ok', body: 'half \uD83D only' })).toEqual({
      at: 'body',
      problem: 'must be well-formed Unicode (it holds a lone UTF-16 surrogate)',
    });
    expect(badTextAt({ ['k\uDC00']: 1 })?.at).toBe('k\uDC00');
    expect(badTextAt({ body: 'thanks 👍 and 😄' })).toBeNull();
  });

  it('walks 100,000 levels of nesting without overflowing the stack', () => {
    let deep: unknown = 'bottom\u0000';
    for (let i = 0; i < 100_000; i++) deep = i % 2 ? [deep] : { a: deep };
    const at = nulAt(deep)!;
    expect(at.startsWith('0.a.0.a.')).toBe(true);
    expect(at.split('.')).toHaveLength(100_000);
  });
});

// Each was a 500 on PostgreSQL (text cannot hold U+0000), found by test/fuzz.test.ts (issue 15).
describe.each(DIALECTS)('a NUL anywhere in a request on %s', (dialect) => {
  let h: Harness;
  let brandId: string;
  let token: string;
  let admin: SignedIn;
  let caseId: string;

  beforeAll(async () => {
    h = await startHarness(dialect);
    brandId = await h.createBrand('acme');
    token = await h.createToken(brandId);
    await h.createUser('admin@acme.test', brandId, 'admin');
    admin = await h.login('admin@acme.test');
    caseId = (await ingestOne(h, token, buildMention())).caseId!;
  });
  afterAll(async () => {
    await h.close();
    await h.db.drop();
  });

  const expectRefused = (res: { statusCode: number; json: () => { error: { field?: string; message: string } } }, field: string) => {
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ field, message: `${field}: must not contain a NUL character (U+0000)` });
  };

  it('is a 400 naming the field, and nothing is stored', async () => {
    const mentions = () => h.container.store.repos.mentions.count({ brandId });
    const before = await mentions();
    const ingest = (payload: object) =>
      h.app.inject({ method: 'POST', url: '/api/v1/mentions', headers: { authorization: `Bearer ${token}` }, payload });
    expectRefused(await ingest(buildMention({ text: 'late\u0000order' })), 'text');
    expectRefused(await ingest(buildMention({ external_id: 'id\u0000' })), 'external_id');
    expectRefused(await ingest({ mentions: [buildMention(), buildMention({ author: { handle: 'a\u0000' } })] }), 'mentions.1.author.handle');
    expect(await mentions()).toBe(before);

    const notes = () => h.container.store.repos.cases.findById(caseId);
    const caseBefore = await notes();
    expectRefused(await api(h, 'POST', `/api/v1/cases/${caseId}/notes`, admin, { body: 'a\u0000b' }), 'body');
    expectRefused(await api(h, 'PUT', `/api/v1/cases/${caseId}/fix`, admin, { ref: 'JIRA\u0000' }), 'ref');
    expectRefused(await api(h, 'POST', `/api/v1/brands/${brandId}/teams`, admin, { name: 'x\u0000' }), 'name');
    // A lone surrogate anywhere (not only in a mention) is refused too: both databases would store it as U+FFFD.
    const half = await api(h, 'POST', `/api/v1/cases/${caseId}/notes`, admin, { body: 'half \uD83D' });
    expect(half.statusCode).toBe(400);
    expect(half.json().error).toMatchObject({ field: 'body', message: 'body: must be well-formed Unicode (it holds a lone UTF-16 surrogate)' });
    expect((await notes())?.fixRef).toBe(caseBefore?.fixRef);
    expect(await h.container.store.repos.teams.list(brandId)).toEqual([]);
  });

  it('in a path or a query parameter is a 400 naming it', async () => {
    expectRefused(await api(h, 'GET', '/api/v1/cases/%00', admin), 'id');
    expectRefused(await api(h, 'GET', '/api/v1/brands/a%00b/dashboard', admin), 'brandId');
    expectRefused(await api(h, 'GET', '/api/v1/cases?brand=%00', admin), 'brand');
    expectRefused(await api(h, 'GET', `/api/v1/mentions?brand=${brandId}&language=e%00n`, admin), 'language');
    const deep = `${'{"a":'.repeat(300)}"x\\u0000"${'}'.repeat(300)}`;
    const res = await h.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${caseId}/notes`,
      headers: { ...admin.headers, 'content-type': 'application/json' },
      payload: deep,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.field).toBe(`${'a.'.repeat(100).slice(0, 200)}…`);
    // Text without one still goes through.
    expect((await api(h, 'GET', `/api/v1/cases?brand=${brandId}`, admin)).statusCode).toBe(200);
  });
});

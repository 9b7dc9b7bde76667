/**
 * Saved views on both databases (issue 16): a person keeps inbox filters of
 * their own under a name; a colleague neither sees nor deletes them; names are
 * unique per person and brand; the filter holds only the inbox's fields.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from './support/databases.js';
import { type Harness, openHarness, type SignedIn } from './support/harness.js';
import * as requests from './support/requests.js';

describe.each(DIALECTS)('saved views on %s', (dialect) => {
  let db: TestDatabase;
  let h: Harness;
  let brandId: string;
  let ana: SignedIn;
  let ion: SignedIn;
  const api = (method: requests.Method, url: string, who: SignedIn, payload?: object) => requests.api(h, method, url, who, payload);

  beforeEach(async () => {
    db = await createTestDatabase(dialect);
    h = await openHarness(dialect, db);
    brandId = await h.createBrand('acme');
    await h.createUser('ana@acme.test', brandId, 'responder');
    await h.createUser('ion@acme.test', brandId, 'manager');
    ana = await h.login('ana@acme.test');
    ion = await h.login('ion@acme.test');
  });
  afterEach(async () => {
    await h.close();
    await db.drop();
  });

  it('keeps each person’s views to themselves', async () => {
    const filter = { view: 'all', kind: 'constructive', language: 'ro', q: 'livrare', sort: 'due' };
    const made = await api('POST', `/api/v1/brands/${brandId}/views`, ana, { name: 'Romanian complaints', filter });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toMatchObject({ name: 'Romanian complaints', filter });
    await api('POST', `/api/v1/brands/acme/views`, ana, { name: 'Ideas', filter: { view: 'ideas' } });
    const mine = (await api('GET', `/api/v1/brands/${brandId}/views`, ana)).json().items;
    expect(mine.map((v: { name: string }) => v.name)).toEqual(['Romanian complaints', 'Ideas']);
    expect((await api('GET', `/api/v1/brands/${brandId}/views`, ion)).json().items).toEqual([]);

    // The same name twice is refused; a colleague may use it for theirs.
    const twice = await api('POST', `/api/v1/brands/${brandId}/views`, ana, { name: 'Ideas', filter: {} });
    expect(twice.statusCode).toBe(409);
    expect((await api('POST', `/api/v1/brands/${brandId}/views`, ion, { name: 'Ideas', filter: {} })).statusCode).toBe(201);

    // Only the owner deletes it.
    const id = made.json().id as string;
    expect((await api('DELETE', `/api/v1/views/${id}`, ion)).statusCode).toBe(404);
    expect((await api('DELETE', `/api/v1/views/${id}`, ana)).statusCode).toBe(204);
    expect((await api('GET', `/api/v1/brands/${brandId}/views`, ana)).json().items.map((v: { name: string }) => v.name)).toEqual(['Ideas']);
  });

  it('refuses filters that are not the inbox’s, empty names, and API tokens', async () => {
    const bad = await api('POST', `/api/v1/brands/${brandId}/views`, ana, { name: 'x', filter: { where: '1=1' } });
    expect(bad.statusCode).toBe(400);
    expect((await api('POST', `/api/v1/brands/${brandId}/views`, ana, { name: '  ', filter: {} })).statusCode).toBe(400);
    expect((await api('POST', `/api/v1/brands/${brandId}/views`, ana, { name: 'x', filter: { view: 'everything' } })).statusCode).toBe(400);
    const token = await h.createToken(brandId);
    const res = await h.app.inject({ method: 'GET', url: `/api/v1/brands/${brandId}/views`, headers: { authorization: `Bearer ${token}` } });
    expect([401, 403]).toContain(res.statusCode);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../../test/support/harness.js';

/**
 * The contract: every route the API registers declares what it answers, so
 * the OpenAPI document shows response shapes and the desk's types (taken from
 * the same schemas) break the build when the server changes.
 */
describe('API contract', () => {
  let h: Harness;
  let doc: { paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>> };

  beforeAll(async () => {
    h = await startHarness('sqlite');
    const res = await h.app.inject({ method: 'GET', url: '/api/docs/json' });
    doc = res.json();
  });
  afterAll(() => h.close());

  it('documents a success response with a schema for every API route', () => {
    const routes = h.app.registeredRoutes.filter((r) => r.url.startsWith('/api/v1/') && r.method !== 'HEAD');
    expect(routes.length).toBeGreaterThan(60);
    const missing: string[] = [];
    for (const r of routes) {
      const path = r.url.replace(/:(\w+)/g, '{$1}');
      const op = doc.paths[path]?.[r.method.toLowerCase()];
      const success = Object.entries(op?.responses ?? {}).filter(([code]) => /^2/.test(code));
      const described = success.length > 0 && success.every(([code, resp]) => code === '204' || resp.content?.['application/json']?.schema);
      if (!described) missing.push(`${r.method} ${r.url}`);
    }
    expect(missing).toEqual([]);
  });

  it('documents the error body on every API route', () => {
    const ops = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/api/v1/'))
      .flatMap(([path, methods]) => Object.entries(methods).map(([m, op]) => ({ name: `${m} ${path}`, op })));
    const without = ops.filter(({ op }) => !op.responses?.['4XX'] && !op.responses?.['4xx']).map((o) => o.name);
    expect(without).toEqual([]);
  });

  it('answers in the declared shape: a case list as the desk reads it', async () => {
    const brandId = await h.createBrand('contract');
    await h.createUser('lead@contract.test', brandId, 'manager');
    const s = await h.login('lead@contract.test');
    const token = await h.createToken(brandId);
    const sent = await h.app.inject({
      method: 'POST',
      url: '/api/v1/mentions',
      headers: { authorization: `Bearer ${token}` },
      payload: {
        channel: 'twitter',
        external_id: 'c-1',
        author: { handle: '@ana' },
        text: 'My parcel is lost, order 5521',
        created_at: '2026-11-30T10:00:00Z',
      },
    });
    expect(sent.statusCode).toBe(201);
    await h.runJobs();
    const res = await h.app.inject({ method: 'GET', url: `/api/v1/cases?brand=${brandId}`, headers: { cookie: s.cookie } });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(['items', 'next_cursor', 'total', 'total_capped']);
    expect(body.items[0]).toMatchObject({ channel: 'twitter', author: { handle: '@ana' }, public: expect.any(Boolean), flags: expect.any(Array) });
  });
});

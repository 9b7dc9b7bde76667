/**
 * Case tags on both databases (issue 16): put on and taken off one case (trimmed, lower-cased in any script, at
 * most 20, refused in plain words when not a tag), recorded in the timeline, listed per brand with counts, the
 * inbox's `tag=` filter with its paging and capped count, and tags put on in bulk, each case checked on its own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from './support/databases.js';
import { buildMention } from './support/factories.js';
import { type Harness, type SignedIn, startHarness } from './support/harness.js';
import * as requests from './support/requests.js';

interface Item {
  id: string;
  status: string;
  tags: string[];
}
interface Body {
  items: Item[];
  next_cursor: string | null;
  total: number;
  total_capped: boolean;
}

describe.each(DIALECTS)('case tags on %s', (dialect) => {
  let h: Harness;
  let brandId: string;
  let manager: SignedIn;
  let responder: SignedIn;
  let specialist: SignedIn;
  /** The brand's 14 cases, most recent first (the inbox's order). */
  let cases: string[];
  let foreignCase: string;

  const api = (method: requests.Method, url: string, who: SignedIn, payload?: object) => requests.api(h, method, url, who, payload);
  const tag = (id: string, body: object, who = manager) => api('PUT', `/api/v1/cases/${id}/tags`, who, body);
  const inbox = async (query: string, who = manager): Promise<Body> => {
    const res = await api('GET', `/api/v1/cases?brand=tags&${query}`, who);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  /** Every page of the query, `limit` at a time, following next_cursor. */
  const allPages = async (query: string, limit: number): Promise<{ ids: string[]; pages: number }> => {
    const ids: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Body = await inbox(`${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      ids.push(...page.items.map((c) => c.id));
      cursor = page.next_cursor;
      pages++;
    } while (cursor && pages < 20);
    return { ids, pages };
  };

  beforeAll(async () => {
    // A count cap of 5: a tag on more cases than that is counted "5+" and paged by walking the inbox.
    h = await startHarness(dialect, { DEFUSE_INBOX_COUNT_CAP: '5' });
    brandId = await h.createBrand('tags');
    const token = await h.createToken(brandId);
    await h.createUser('lead@tags.test', brandId, 'manager');
    await h.createUser('resp@tags.test', brandId, 'responder');
    await h.createUser('spec@tags.test', brandId, 'specialist');
    manager = await h.login('lead@tags.test');
    responder = await h.login('resp@tags.test');
    specialist = await h.login('spec@tags.test');
    await requests.ingestAll(
      h,
      token,
      Array.from({ length: 14 }, (_, i) =>
        buildMention({
          external_id: `t-${i}`,
          author: { handle: `tagged${i}` },
          text: i % 2 ? 'My parcel is late again' : 'Where is my refund?',
          created_at: `2026-01-01T${String(10 + i).padStart(2, '0')}:00:00.000Z`,
        }),
      ),
    );
    cases = (await inbox('limit=50')).items.map((c) => c.id);
    expect(cases).toHaveLength(14);
    const other = await h.createBrand('rival');
    foreignCase = (await requests.ingestOne(h, await h.createToken(other), buildMention({ external_id: 'r-1' }))).caseId!;
  });
  afterAll(async () => {
    await h.close();
    await h.db.drop();
  });

  it('puts tags on and takes them off one case, normalised in any script, with timeline events', async () => {
    const id = cases[0]!;
    const res = await tag(id, { add: [' VIP ', 'Возврат', 'استرداد', 'Rambursare  Întârziată', 'vip'] });
    expect(res.statusCode, res.body).toBe(200);
    // Trimmed, single spaces, lower-cased (Cyrillic and Romanian too), repeats once, in code-point order.
    expect(res.json().tags).toEqual(['rambursare întârziată', 'vip', 'возврат', 'استرداد']);
    expect((await api('GET', `/api/v1/cases/${id}`, manager)).json().tags).toEqual(['rambursare întârziată', 'vip', 'возврат', 'استرداد']);
    expect((await inbox('limit=1')).items[0]).toMatchObject({ id, tags: ['rambursare întârziată', 'vip', 'возврат', 'استرداد'] });

    // Putting on a tag it carries changes nothing and records nothing.
    const again = await tag(id, { add: ['VIP'] });
    expect(again.statusCode, again.body).toBe(200);
    const off = await tag(id, { remove: ['ВОЗВРАТ', 'never-there'], add: ['late'] });
    expect(off.json().tags).toEqual(['late', 'rambursare întârziată', 'vip', 'استرداد']);

    const events = (await api('GET', `/api/v1/cases/${id}/timeline`, manager))
      .json()
      .items.filter((e: { type: string }) => ['tagged', 'untagged'].includes(e.type));
    expect(events.map((e: { type: string; data: unknown; actor: unknown }) => [e.type, e.data, e.actor])).toEqual([
      ['tagged', { tags: ['vip', 'возврат', 'استرداد', 'rambursare întârziată'] }, { type: 'user', id: manager.userId }],
      ['tagged', { tags: ['late'] }, { type: 'user', id: manager.userId }],
      ['untagged', { tags: ['возврат'] }, { type: 'user', id: manager.userId }],
    ]);
    await tag(id, { remove: ['late', 'rambursare întârziată', 'vip', 'استرداد'] });
    expect(await h.container.store.repos.tags.ofCase(id)).toEqual([]);
  });

  it('refuses what is not a tag in plain words (400), and a 21st tag on a case', async () => {
    const id = cases[1]!;
    const refused = async (body: object, message: RegExp) => {
      const res = await tag(id, body);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.message).toMatch(message);
    };
    await refused({ add: ['   '] }, /must not be empty/);
    await refused({ add: ['vip\u0007'] }, /control characters/);
    await refused({ add: ['\u202Egnp.exe'] }, /direction marks/);
    await refused({ add: ['a,b'] }, /comma/);
    await refused({ add: ['x'.repeat(41)] }, /at most 40 characters \(this one has 41\)/);
    await refused({ add: 'vip' }, /list/);
    await refused({}, /give tags to add or to remove/);
    await refused({ add: ['vip'], remove: ['VIP'] }, /both put on and taken off/);
    const forty = 'я'.repeat(40); // 40 characters, 80 bytes: fine
    expect((await tag(id, { add: [forty] })).json().tags).toEqual([forty]);

    const twenty = Array.from({ length: 19 }, (_, i) => `t${i}`);
    expect((await tag(id, { add: twenty })).json().tags).toHaveLength(20);
    await refused({ add: ['one-more'] }, /at most 20 tags \(this one has 20; it would have 21\)/);
    // Swapping one for another stays within the limit.
    expect((await tag(id, { add: ['one-more'], remove: ['t0'] })).json().tags).toHaveLength(20);
    // At most 20 in one change, too.
    const all = [forty, 'one-more', ...twenty];
    expect((await tag(id, { remove: all })).json().error.message).toMatch(/^remove: at most 20 tags at a time/);
    await tag(id, { remove: all.slice(0, 10) });
    await tag(id, { remove: all.slice(10) });
    expect(await h.container.store.repos.tags.ofCase(id)).toEqual([]);
  });

  it('lets those who may change a case tag it, not a specialist or another brand', async () => {
    const id = cases[2]!;
    expect((await tag(id, { add: ['checked'] }, responder)).statusCode).toBe(200);
    expect((await tag(id, { add: ['sneaky'] }, specialist)).statusCode).toBe(403);
    expect((await api('GET', `/api/v1/brands/${brandId}/tags`, specialist)).statusCode).toBe(200);
    const bulk = await api('POST', '/api/v1/cases/bulk', specialist, { brand: brandId, case_ids: [id], change: { add_tags: ['sneaky'] } });
    expect(bulk.statusCode).toBe(403);
    expect(await h.container.store.repos.tags.ofCase(id)).toEqual(['checked']);
    await tag(id, { remove: ['checked'] });
  });

  it("tags cases in bulk, each checked on its own, and lists the brand's tags with counts", async () => {
    const [a, b, c] = cases;
    const res = await api('POST', '/api/v1/cases/bulk', manager, {
      brand: brandId,
      case_ids: [a, b, foreignCase],
      change: { add_tags: ['Refund', 'задержка'] },
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ changed: 2, failed: 1 });
    expect(body.items.find((i: { id: string }) => i.id === foreignCase)).toMatchObject({ ok: false, error: { id: 'not_found' } });
    expect(body.items.find((i: { id: string }) => i.id === a).case.tags).toEqual(['refund', 'задержка']);
    expect(await h.container.store.repos.tags.ofCase(foreignCase)).toEqual([]);
    await tag(c!, { add: ['refund', 'rest_100%'] });

    const list = (await api('GET', `/api/v1/brands/${brandId}/tags`, responder)).json().items;
    expect(list).toEqual([
      { tag: 'refund', count: 3 },
      { tag: 'задержка', count: 2 },
      { tag: 'rest_100%', count: 1 },
    ]);
    const starting = async (q: string) =>
      (await api('GET', `/api/v1/brands/tags/tags?q=${encodeURIComponent(q)}`, responder)).json().items.map((t: { tag: string }) => t.tag);
    expect(await starting('RE')).toEqual(['refund', 'rest_100%']);
    expect(await starting('ЗАД')).toEqual(['задержка']);
    expect(await starting('re_')).toEqual([]); // _ is a character, not a wildcard
    expect(await starting('rest_1')).toEqual(['rest_100%']);

    // Taken off in bulk: a case without the tag is fine, it just records nothing.
    const off = await api('POST', '/api/v1/cases/bulk', manager, { brand: brandId, case_ids: [a, b, c], change: { remove_tags: ['задержка'] } });
    expect(off.json()).toMatchObject({ changed: 3, failed: 0 });
    const untaggedOf = async (id: string) =>
      (await api('GET', `/api/v1/cases/${id}/timeline`, manager))
        .json()
        .items.filter((e: { type: string; data: { tags: string[] } }) => e.type === 'untagged' && e.data.tags.includes('задержка'));
    expect(await untaggedOf(a!)).toHaveLength(1);
    expect(await untaggedOf(c!)).toEqual([]);
    await api('POST', '/api/v1/cases/bulk', manager, { brand: brandId, case_ids: [a, b, c], change: { remove_tags: ['refund', 'rest_100%'] } });
    expect((await api('GET', `/api/v1/brands/${brandId}/tags`, manager)).json().items).toEqual([]);
  });

  it('filters the inbox by tag with keyset paging, beside the other filters, in both orders', async () => {
    // 9 cases tagged "promo" (more than the count cap of 5: the pages walk the inbox), 3 tagged "rare" (within it).
    const promo = cases.filter((_, i) => i % 3 !== 0 || i === 0).slice(0, 9);
    const rare = [cases[1]!, cases[6]!, cases[13]!];
    for (const id of promo) await tag(id, { add: ['promo'] });
    for (const id of rare) await tag(id, { add: ['Редкий'] });
    await tag(cases[13]!, { add: ['promo'] });
    const promoAll = cases.filter((id) => promo.includes(id) || id === cases[13]);
    expect(promoAll).toHaveLength(10);

    const first = await inbox('tag=promo&limit=4');
    expect(first).toMatchObject({ total: 5, total_capped: true });
    expect(first.items.every((c) => c.tags.includes('promo'))).toBe(true);
    const walked = await allPages('tag=promo', 4);
    expect(walked.ids).toEqual(promoAll);
    expect(walked.pages).toBeGreaterThanOrEqual(3);

    const rarePages = await allPages(`tag=${encodeURIComponent('РЕДКИЙ')}`, 2);
    expect(rarePages.ids).toEqual(cases.filter((id) => rare.includes(id)));
    expect(await inbox(`tag=${encodeURIComponent('редкий')}&limit=2`)).toMatchObject({ total: 3, total_capped: false });

    // Any of several tags; with another filter; with a search; by due order.
    expect((await allPages(`tag=promo,${encodeURIComponent('редкий')}`, 3)).ids).toEqual(
      cases.filter((id) => promoAll.includes(id) || rare.includes(id)),
    );
    expect((await api('PATCH', `/api/v1/cases/${promo[1]}`, manager, { assignee_id: responder.userId })).statusCode).toBe(200);
    const unassigned = await allPages('tag=promo&assignee=none', 3);
    expect(unassigned.ids).toEqual(promoAll.filter((id) => id !== promo[1]));
    const refunds = await allPages('tag=promo&q=refund', 2);
    const refundCases = cases.filter((_, i) => i % 2 === 1); // "Where is my refund?" was every other one, oldest first
    expect(refunds.ids).toEqual(promoAll.filter((id) => refundCases.includes(id)));
    expect(refunds.ids.length).toBeGreaterThan(2);
    const byDue = await allPages('tag=promo&sort=due', 3);
    expect([...byDue.ids].sort()).toEqual([...promoAll].sort());
    expect((await inbox('tag=nobody-has-it')).items).toEqual([]);

    const bad = await api('GET', `/api/v1/cases?brand=tags&tag=${encodeURIComponent('a\u0001')}`, manager);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/^tag: must not hold control characters/);
  });

  it("lists a case's tags in its author's data export", async () => {
    const id = cases[3]!;
    await tag(id, { add: ['vip'] });
    const authorId = (await h.container.store.repos.cases.findById(id))!.authorId;
    const res = await api('GET', `/api/v1/brands/${brandId}/authors/${authorId}/export`, manager);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().cases.map((c: { id: string; tags: string[] }) => [c.id, c.tags])).toEqual([[id, ['vip']]]);
  });

  it('keeps the tag filter in a saved view', async () => {
    const res = await api('POST', `/api/v1/brands/${brandId}/views`, manager, { name: 'Promo', filter: { tag: 'promo', view: 'all' } });
    expect(res.statusCode, res.body).toBe(201);
    expect((await api('GET', `/api/v1/brands/${brandId}/views`, manager)).json().items[0].filter).toEqual({ tag: 'promo', view: 'all' });
  });
});

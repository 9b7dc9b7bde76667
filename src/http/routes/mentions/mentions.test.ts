import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { up as reindexForStemmedSearch } from '../../../db/migrations/0016-stemmed-search.js';
import { normalizeForSearch } from '../../../domain/mentions/search-text.js';
import { DIALECTS } from '../../../../test/support/databases.js';
import { buildMention } from '../../../../test/support/factories.js';
import { type Harness, startHarness } from '../../../../test/support/harness.js';

describe.each(DIALECTS)('mentions API on %s', (dialect) => {
  let h: Harness;
  let brandId: string;
  let token: string;
  let auth: { authorization: string };

  beforeAll(async () => {
    h = await startHarness(dialect);
    brandId = await h.createBrand('acme');
    token = await h.createToken(brandId);
    auth = { authorization: `Bearer ${token}` };
  });
  afterAll(async () => {
    await h.close();
    await h.db.drop();
  });

  const post = (payload: unknown, headers: Record<string, string> = auth) =>
    h.app.inject({ method: 'POST', url: '/api/v1/mentions', headers, payload: payload as object });

  it('stores a mention before answering, processes it into a case, and finds it in the inbox and by search', async () => {
    const m = buildMention({ text: 'Comanda mea nu a ajuns de două săptămâni, curierul nu răspunde', author: { handle: 'ioana.p' } });
    const res = await post(m);
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ created: 1, duplicates: 0 });
    const id = body.items[0].id;
    // Stored (committed) before any job ran:
    expect(await h.container.store.repos.mentions.findById(id)).toBeDefined();

    expect(await h.runJobs()).toBeGreaterThan(0);
    const stored = await h.container.store.repos.mentions.findById(id);
    expect(stored?.caseId).toBeTruthy();
    // Classified by the shipped model: a Romanian delivery complaint.
    expect(stored).toMatchObject({ language: 'ro', sentiment: 'negative' });
    expect(stored!.classification!.topics).toContain('delivery');

    const user = await h.createUser('resp@acme.test', brandId, 'responder');
    const s = await h.login('resp@acme.test');
    const inbox = await h.app.inject({ method: 'GET', url: `/api/v1/cases?brand=acme`, headers: { cookie: s.cookie } });
    expect(inbox.statusCode).toBe(200);
    expect(inbox.json().items.map((c: { id: string }) => c.id)).toContain(stored!.caseId);
    expect(user).toBeTruthy();

    // Search without diacritics and by prefix finds the Romanian text, in mentions and in the inbox.
    const search = await h.app.inject({
      method: 'GET',
      url: `/api/v1/mentions?brand=acme&q=${encodeURIComponent('saptamani curier')}`,
      headers: { cookie: s.cookie },
    });
    expect(search.json().items.map((x: { id: string }) => x.id)).toEqual([id]);
    const inboxSearch = await h.app.inject({ method: 'GET', url: `/api/v1/cases?brand=acme&q=comanda`, headers: { cookie: s.cookie } });
    expect(inboxSearch.json().total).toBe(1);
    const miss = await h.app.inject({ method: 'GET', url: `/api/v1/mentions?brand=acme&q=refund`, headers: { cookie: s.cookie } });
    expect(miss.json().total).toBe(0);
  });

  it('searches Russian, Arabic and English text', async () => {
    const texts = {
      ru: 'Ещё не пришёл возврат денег за отменённый заказ, поддержка молчит',
      ar: 'لم يصل الطَّلَب حتى الآن وخدمة العملاء لا ترد',
      en: 'The app crashes every time I try to pay with my card',
    };
    for (const text of Object.values(texts)) expect((await post(buildMention({ text }))).statusCode).toBe(201);
    await h.runJobs();
    const find = async (q: string) =>
      (await h.app.inject({ method: 'GET', url: `/api/v1/mentions?q=${encodeURIComponent(q)}`, headers: auth }))
        .json()
        .items.map((x: { text: string }) => x.text);
    expect(await find('возврат поддержка')).toEqual([texts.ru]);
    expect(await find('еще')).toEqual([texts.ru]); // ё folded
    expect(await find('الطلب')).toEqual([texts.ar]); // vowel marks ignored
    expect(await find('crash card')).toEqual([texts.en]);
  });

  it('finds inflected forms in Russian, Romanian and Arabic, and re-indexes mentions stored before stemming', async () => {
    const brand = await h.createBrand('inflection');
    const t = await h.createToken(brand);
    const texts = {
      ru: 'Недоволен доставкой: курьер опоздал на три часа',
      ro: 'Livrarea comenzii a durat o lună, nimeni nu răspunde',
      ar: 'وين الطلبية؟ بالطلب رقم ٥٥ وما وصل شي',
    };
    for (const text of Object.values(texts)) expect((await post(buildMention({ text }), { authorization: `Bearer ${t}` })).statusCode).toBe(201);
    await h.runJobs();
    const find = async (q: string) =>
      (await h.app.inject({ method: 'GET', url: `/api/v1/mentions?q=${encodeURIComponent(q)}`, headers: { authorization: `Bearer ${t}` } }))
        .json()
        .items.map((x: { text: string }) => x.text);
    expect(await find('доставка курьеры')).toEqual([texts.ru]);
    expect(await find('livrare')).toEqual([texts.ro]);
    expect(await find('الطلبات')).toEqual([texts.ar]); // the article and the plural ending are not part of the word searched for
    expect(await find('طلب')).toEqual([texts.ar]); // "بالطلب" without its clitics
    expect(await find('доставщик отмена')).toEqual([]);

    // A mention indexed the old way (normalised text only) is found once migration 0016 has re-indexed it.
    const db = h.container.database.db;
    await db
      .updateTable('mentions')
      .set({ search_text: normalizeForSearch(texts.ar) })
      .where('brand_id', '=', brand)
      .where('text', '=', texts.ar)
      .execute();
    if (dialect === 'sqlite') await sql`INSERT INTO mentions_fts(mentions_fts) VALUES ('rebuild')`.execute(db);
    expect(await find('طلب')).toEqual([]);
    await reindexForStemmedSearch(db as never, dialect);
    expect(await find('طلب')).toEqual([texts.ar]);
  });

  it('never duplicates: the same 1,000 mentions sent twice leave 1,000', async () => {
    const brand2 = await h.createBrand('dedupe');
    const t2 = await h.createToken(brand2);
    const batch = Array.from({ length: 1000 }, (_, i) => buildMention({ external_id: `dup-${i}`, author: { handle: `a${i % 37}` } }));
    const first = await post({ mentions: batch }, { authorization: `Bearer ${t2}` });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ created: 1000, duplicates: 0 });
    const second = await post({ mentions: batch }, { authorization: `Bearer ${t2}` });
    expect(second.statusCode).toBe(200);
    expect(second.json()).toMatchObject({ created: 0, duplicates: 1000 });
    expect(second.json().items[5].id).toBe(first.json().items[5].id);
    expect(await h.container.store.repos.mentions.count({ brandId: brand2 })).toBe(1000);
  });

  it('reports a duplicate inside one batch and keeps the first text', async () => {
    const a = buildMention({ external_id: 'same', text: 'first' });
    const b = { ...a, text: 'second, changed' };
    const res = await post({ mentions: [a, b] });
    expect(res.json()).toMatchObject({ created: 1, duplicates: 1 });
    const again = await post({ ...a, text: 'edited later' });
    expect(again.json().items[0].status).toBe('duplicate');
    const stored = await h.container.store.repos.mentions.findById(res.json().items[0].id);
    expect(stored?.text).toBe('first');
  });

  it('names the failing field of malformed input', async () => {
    const bad = await post({ mentions: [buildMention(), buildMention({ text: '   ' })] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ id: 'validation_failed', field: 'mentions.1.text' });

    const noChannel = await post({ ...buildMention(), channel: 'Not A Key!' });
    expect(noChannel.json().error.field).toBe('channel');

    const badDate = await post(buildMention({ created_at: 'yesterday' }));
    expect(badDate.json().error.field).toBe('created_at');

    const jsUrl = await post(buildMention({ link: 'javascript:alert(1)' }));
    expect(jsUrl.json().error.field).toBe('link');

    const tooMany = await post({ mentions: Array.from({ length: 1001 }, () => buildMention()) });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error.field).toBe('mentions');

    const tooLong = await post(buildMention({ text: 'x'.repeat(20_001) }));
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().error.field).toBe('text');

    const notJson = await h.app.inject({
      method: 'POST',
      url: '/api/v1/mentions',
      headers: { ...auth, 'content-type': 'application/json' },
      payload: '{"channel":',
    });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().error.message).toBeTruthy();
  });

  it('refuses lone surrogates, deep extra and a repeated brand with a 400 naming the field, storing nothing altered (issue 15.2)', async () => {
    const b = await h.createBrand('hostile');
    const t = { authorization: `Bearer ${await h.createToken(b)}` };
    const stored = () => h.container.store.repos.mentions.count({ brandId: b });
    const lone = 'x\uD800y';
    const cases: [Record<string, unknown>, string][] = [
      [buildMention({ author: { handle: lone } }), 'author.handle'],
      [buildMention({ author: { handle: 'ok', name: 'a\uDC00' } }), 'author.name'],
      [buildMention({ external_id: `id-\uDBFF` }), 'external_id'],
      [buildMention({ text: `Order late ${lone}` }), 'text'],
      [buildMention({ in_reply_to: '\uDC00\uD800' }), 'in_reply_to'],
      // The edge's input guard names the exact place inside extra (the value, or the key itself).
      [buildMention({ extra: { note: lone } }), 'extra.note'],
      [buildMention({ extra: { [lone]: 1 } }), `extra.${lone}`],
    ];
    for (const [payload, field] of cases) {
      const res = await post(payload, t);
      expect(res.statusCode, `${field}: ${res.body}`).toBe(400);
      expect(res.json().error).toMatchObject({ id: 'validation_failed', field });
      expect(res.json().error.message).toMatch(/lone UTF-16 surrogate/);
    }

    // In a batch the bad mention is named and, as the README says, the batch is refused whole; sent again without it, the good ones go in.
    const good = Array.from({ length: 5 }, () => buildMention());
    const mixed = await post({ mentions: [...good.slice(0, 2), buildMention({ author: { handle: lone } }), ...good.slice(2)] }, t);
    expect(mixed.statusCode).toBe(400);
    expect(mixed.json().error.field).toBe('mentions.2.author.handle');
    expect(await stored()).toBe(0);
    const retry = await post({ mentions: good }, t);
    expect(retry.statusCode).toBe(201);
    expect(retry.json()).toMatchObject({ created: 5, duplicates: 0 });

    // A well-formed astral character (a surrogate pair) is text like any other and is stored unchanged.
    const emoji = buildMention({ external_id: 'emoji-😡', author: { handle: 'ana😡' }, text: 'Still no refund 😡😡' });
    const res = await post(emoji, t);
    expect(res.statusCode).toBe(201);
    const row = (await h.container.store.repos.mentions.list({ brandId: b }, 20)).items.find((m) => m.id === res.json().items[0].id);
    expect(row).toMatchObject({ externalId: 'emoji-😡', text: 'Still no refund 😡😡', authorHandle: 'ana😡' });

    // extra nested 5,000 deep: a 400 naming extra (it overflowed the stack); 10 levels is fine, 11 is not.
    const deepExtra = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
    const deepBody = JSON.stringify(buildMention()).replace(/}$/, `,"extra":${deepExtra}}`);
    const tooDeep = await h.app.inject({
      method: 'POST',
      url: '/api/v1/mentions',
      headers: { ...t, 'content-type': 'application/json' },
      payload: deepBody,
    });
    expect(tooDeep.statusCode, tooDeep.body).toBe(400);
    expect(tooDeep.json().error).toMatchObject({ field: 'extra' });
    expect(tooDeep.json().error.message).toMatch(/at most 10 levels/);
    const nest = (levels: number) => {
      let v: Record<string, unknown> = { leaf: [1, 'two'] };
      for (let i = 1; i < levels - 1; i++) v = { n: v };
      return v;
    };
    expect((await post(buildMention({ extra: nest(10) }), t)).statusCode).toBe(201);
    expect((await post(buildMention({ extra: nest(11) }), t)).json().error.field).toBe('extra');
    const wide = await post(buildMention({ extra: { list: Array.from({ length: 20_000 }, () => 0) } }), t);
    expect(wide.json().error).toMatchObject({ field: 'extra', message: 'extra: must be at most 16384 bytes of JSON' });

    // ?brand given twice: a 400 naming brand, on ingest and on the list.
    const twice = await post(buildMention(), t).then(() =>
      h.app.inject({ method: 'POST', url: '/api/v1/mentions?brand=a&brand=b', headers: t, payload: buildMention() }),
    );
    expect(twice.statusCode, twice.body).toBe(400);
    expect(twice.json().error).toMatchObject({ id: 'validation_failed', field: 'brand' });
    const listTwice = await h.app.inject({ method: 'GET', url: '/api/v1/mentions?brand=a&brand=b', headers: t });
    expect(listTwice.statusCode).toBe(400);
    expect(listTwice.json().error.field).toBe('brand');
    expect(await stored()).toBe(5 + 1 + 1 + 1);
  });

  it('refuses oversized bodies with 413', async () => {
    const huge = { mentions: Array.from({ length: 1000 }, () => buildMention({ text: 'я'.repeat(9000) })) };
    const res = await post(huge);
    expect(res.statusCode).toBe(413);
    expect(res.json().error.id).toBe('payload_too_large');
  });

  it('refuses missing, unknown and revoked tokens', async () => {
    expect((await post(buildMention(), {})).statusCode).toBe(401);
    expect((await post(buildMention(), { authorization: 'Bearer dfs_nope' })).statusCode).toBe(401);
    const t = await h.createToken(brandId);
    const row = (await h.container.store.repos.tokens.listForBrand(brandId)).find((r) => t.startsWith(r.prefix))!;
    await h.container.brands.revokeToken({ type: 'system', name: 'test' }, row.id);
    expect((await post(buildMention(), { authorization: `Bearer ${t}` })).statusCode).toBe(401);
  });

  it('paginates with a cursor and filters by channel and date', async () => {
    const b = await h.createBrand('pages');
    const t = { authorization: `Bearer ${await h.createToken(b)}` };
    const batch = Array.from({ length: 25 }, (_, i) =>
      buildMention({ channel: i % 2 ? 'facebook' : 'email', created_at: new Date(Date.UTC(2026, 0, 1 + i)).toISOString() }),
    );
    await post({ mentions: batch }, t);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/mentions?limit=10${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await h.app.inject({ method: 'GET', url, headers: t })).json();
      seen.push(...page.items.map((m: { id: string }) => m.id));
      cursor = page.next_cursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(25);
    const fb = (await h.app.inject({ method: 'GET', url: '/api/v1/mentions?channel=facebook', headers: t })).json();
    expect(fb.total).toBe(12);
    const jan10 = (await h.app.inject({ method: 'GET', url: '/api/v1/mentions?from=2026-01-10&to=2026-01-15', headers: t })).json();
    expect(jan10.total).toBe(5);
    const badCursor = await h.app.inject({ method: 'GET', url: '/api/v1/mentions?cursor=garbage', headers: t });
    expect(badCursor.statusCode).toBe(400);
    expect(badCursor.json().error.field).toBe('cursor');
  });
});

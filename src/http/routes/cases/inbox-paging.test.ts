import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/support/databases.js';
import { buildMention } from '../../../../test/support/factories.js';
import { type Harness, type SignedIn, startHarness } from '../../../../test/support/harness.js';
import * as requests from '../../../../test/support/requests.js';
import { searchTerms } from '../../../domain/mentions/search-text.js';
import { decodeCursor } from '../../../repositories/pagination.js';
import { planOf, statementsSent } from '../../../../test/support/query-plans.js';
import type { Kysely } from 'kysely';

interface Item {
  id: string;
  status: string;
  author: { handle: string };
  topics: string[];
  last_mention_at: string;
  deadline: { due_at: string; state: string } | null;
}
interface Body {
  items: Item[];
  next_cursor: string | null;
  total: number;
  total_capped: boolean;
}

/** 25 cases with known deadlines: ties, breached ones, and 6 with none; and a count cap of 10. */
describe.each(DIALECTS)('the inbox sorted and paged on %s', (dialect) => {
  let h: Harness;
  let manager: SignedIn;
  let pagingBrand = '';
  const dueOf = new Map<string, string | null>();

  beforeAll(async () => {
    h = await startHarness(dialect, { DEFUSE_INBOX_COUNT_CAP: '10' });
    const brandId = await h.createBrand('paging');
    pagingBrand = brandId;
    const token = await h.createToken(brandId);
    await h.createUser('m@paging.test', brandId, 'manager');
    manager = await h.login('m@paging.test');
    await requests.ingestAll(
      h,
      token,
      Array.from({ length: 25 }, (_, i) =>
        buildMention({
          external_id: `p-${i}`,
          author: { handle: `pager${i}` },
          created_at: `2026-01-0${1 + (i % 4)}T${String(10 + (i % 7)).padStart(2, '0')}:00:00.000Z`,
        }),
      ),
    );
    const cases = await h.container.store.repos.cases.list({ brandId }, 100);
    expect(cases.items).toHaveLength(25);
    // The clock reads 2026-01-05T09:00Z: the first due moments are past (breached); every fifth case shares one moment.
    for (const [i, c] of cases.items.entries()) {
      const due = i % 4 === 3 ? null : i % 5 === 0 ? '2026-01-06T12:00:00.000Z' : `2026-01-0${1 + (i % 9)}T0${i % 10}:30:00.000Z`;
      dueOf.set(c.id, due);
      await h.container.store.repos.cases.update(c.id, { responseDueAt: due });
    }
  });
  afterAll(async () => {
    await h.close();
    await h.db.drop();
  });

  const get = async (query: string): Promise<Body> => {
    const res = await requests.api(h, 'GET', `/api/v1/cases?brand=paging&${query}`, manager);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  /** Every page of `query`, `limit` at a time, following next_cursor. */
  const pages = async (query: string, limit: number): Promise<Item[][]> => {
    const out: Item[][] = [];
    let cursor: string | null = null;
    do {
      const page: Body = await get(`${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      out.push(page.items);
      cursor = page.next_cursor;
    } while (cursor && out.length < 10);
    return out;
  };

  it('sorts by the due moment on the server: breached first, ties by id, no deadline last; 3 pages equal the whole list', async () => {
    const expected = [...dueOf.entries()]
      .sort(([ia, a], [ib, b]) => (a === b ? (ia < ib ? -1 : 1) : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1))
      .map(([id]) => id);
    const whole = await get('sort=due&limit=100');
    expect(whole.items.map((c) => c.id)).toEqual(expected);
    expect(whole.items[0]!.deadline?.state).toBe('breached');
    expect(whole.items.slice(-6).every((c) => c.deadline === null)).toBe(true);

    const paged = await pages('sort=due', 10); // page 2 crosses into the no-deadline tail, page 3 starts inside it
    expect(paged.map((p) => p.length)).toEqual([10, 10, 5]);
    expect(paged.flat().map((c) => c.id)).toEqual(expected); // no duplicates, no gaps, across the no-deadline tail too
  });

  it('pages the most recent first the same way, and keeps filters across pages', async () => {
    const whole = (await get('limit=100')).items.map((c) => c.id);
    const paged = await pages('sort=recent', 10);
    expect(paged.map((p) => p.length)).toEqual([10, 10, 5]);
    expect(paged.flat().map((c) => c.id)).toEqual(whole);

    const breached = (await get('sort=due&deadline=breached&limit=100')).items.map((c) => c.id);
    expect(breached.length).toBeGreaterThan(3);
    expect((await pages('sort=due&deadline=breached', 3)).flat().map((c) => c.id)).toEqual(breached);
  });

  it('filters by topic: exactly the cases with a mention on it, in either sort', async () => {
    const all = (await get('limit=100')).items;
    const delivery = all.filter((c) => c.topics.includes('delivery')).map((c) => c.id);
    expect(delivery.length).toBeGreaterThan(0);
    expect((await get('topic=delivery&limit=100')).items.map((c) => c.id)).toEqual(delivery);
    expect(
      (await pages('topic=delivery&sort=due', 4))
        .flat()
        .map((c) => c.id)
        .sort(),
    ).toEqual([...delivery].sort());
    expect((await get('topic=billing,delivery&limit=100')).items.map((c) => c.id)).toEqual(
      all.filter((c) => c.topics.includes('delivery') || c.topics.includes('billing')).map((c) => c.id),
    );
  });

  it('reads "due soon" from its index: exactly the cases due within their window, paged in either sort', async () => {
    // Due soon two days ahead of each due moment; the breached ones keep theirs (the scheduler has not run yet).
    const now = '2026-01-05T09:00:00.000Z';
    const expected = new Set<string>();
    for (const [id, due] of dueOf) {
      const soon = due === null ? null : new Date(Date.parse(due) - 2 * 86_400_000).toISOString();
      await h.container.store.repos.cases.update(id, { dueSoonAt: soon });
      if (due !== null && soon !== null && soon <= now && due > now) expected.add(id);
    }
    expect(expected.size).toBeGreaterThan(3);
    for (const sort of ['recent', 'due']) {
      const whole = await get(`deadline=due_soon&sort=${sort}&limit=100`);
      expect(new Set(whole.items.map((c) => c.id))).toEqual(expected);
      expect(whole).toMatchObject({ total: expected.size, total_capped: false });
      expect((await pages(`deadline=due_soon&sort=${sort}`, 2)).flat().map((c) => c.id)).toEqual(whole.items.map((c) => c.id));
    }
    const due = (await get('deadline=due_soon&sort=due&limit=100')).items.map((c) => dueOf.get(c.id)!);
    expect(due).toEqual([...due].sort());
  });

  it('counts the cases of a search cut short at the cap, not its mentions, and reads only the matches named', async () => {
    // 12 mentions with the word in two threads: more than the cap's 11 rows, so the count is of the cases those
    // rows name (2, "2+"), and the page walks the inbox; a status filter on top tests each case's row instead.
    const brandId = await h.createBrand('threads');
    const token = await h.createToken(brandId);
    await h.createUser('m@threads.test', brandId, 'manager');
    const me = await h.login('m@threads.test');
    await requests.ingestAll(
      h,
      token,
      Array.from({ length: 12 }, (_, i) =>
        buildMention({
          author: { handle: `zed${i % 2}` },
          text: `Quokka sighting number ${i}`,
          created_at: `2026-01-04T1${i % 2}:${String(10 + i).padStart(2, '0')}:00.000Z`,
        }),
      ),
    );
    const get = async (query: string): Promise<Body> => {
      const res = await requests.api(h, 'GET', `/api/v1/cases?brand=threads&${query}`, me);
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    const cut = await get('q=quokka&limit=10');
    expect(cut).toMatchObject({ total: 2, total_capped: true });
    expect(cut.items.map((c) => c.author.handle)).toEqual(['zed1', 'zed0']);
    const status = cut.items[0]!.status;
    expect(await get(`q=quokka&status=${status}&limit=10`)).toMatchObject({ total: 2, total_capped: true });
    expect(await get('q=quokka&status=closed&limit=10')).toMatchObject({ total: 0, total_capped: true, items: [] });
  });

  it("starts a later page at its cursor in the order's index, and ends a cut-short walk at the walk's end", async () => {
    const db = h.container.database.db as unknown as Kysely<never>;
    /** The plans of the inbox's page reads (cases with their names, in the order of `sort`) while `fn` runs. */
    const pagePlans = async (sort: 'recent' | 'due', fn: () => Promise<unknown>): Promise<string[]> => {
      const key = sort === 'recent' ? '"last_mention_at" desc' : '"due_at"';
      const reads = (await statementsSent(dialect, fn)).filter((s) => /^select "c"\.\*/.test(s.sql) && s.sql.includes(`order by "c".${key}`));
      expect(reads.length).toBeGreaterThan(0);
      return (await Promise.all(reads.map((s) => planOf(dialect, db, s)))).flat();
    };
    // The order's index range begins at the cursor's sort key (SQLite: "last_mention_at<?"; PostgreSQL: an Index Cond
    // on it): with the tie-break OR alone, both read the index from its top and tested every newer case.
    const recent = await get('sort=recent&limit=5');
    const recentPlan = (await pagePlans('recent', () => get(`sort=recent&limit=5&cursor=${encodeURIComponent(recent.next_cursor!)}`))).join('\n');
    expect(recentPlan).toMatch(dialect === 'sqlite' ? /last_mention_at<\?/ : /Index Cond:.*last_mention_at <=/);
    const due = await get('sort=due&limit=5');
    const duePlan = (await pagePlans('due', () => get(`sort=due&limit=5&cursor=${encodeURIComponent(due.next_cursor!)}`))).join('\n');
    expect(duePlan).toMatch(dialect === 'sqlite' ? /due_at>\?/ : /Index Cond:.*due_at >=/);
    // A walk cut short on SQLite reads the range between the cursor and the walk's end: both ends bound the index.
    if (dialect === 'sqlite') {
      const repo = h.container.store.repos.cases;
      const walkPlan = (await pagePlans('recent', () => repo.list({ brandId: pagingBrand, statuses: ['closed'] }, 4, undefined, 'recent', 3))).join(
        '\n',
      );
      expect(walkPlan).toMatch(/last_mention_at>\?/);
    }
  });

  it('refuses a cursor made for the other sort, or tampered with', async () => {
    const first = await get('sort=recent&limit=5');
    const mixed = await requests.api(h, 'GET', `/api/v1/cases?brand=paging&sort=due&cursor=${first.next_cursor}`, manager);
    expect(mixed.statusCode).toBe(400);
    expect(mixed.json().error.field).toBe('cursor');
    const bad = await requests.api(h, 'GET', `/api/v1/cases?brand=paging&sort=sideways`, manager);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('sort');
  });

  it('counts exactly up to the cap, and answers the cap with total_capped beyond it', async () => {
    const all = await get('limit=5');
    expect(all).toMatchObject({ total: 10, total_capped: true });
    const few = await get('deadline=none&limit=5');
    expect(few).toMatchObject({ total: 6, total_capped: false });
    const searched = await get('q=pager2&limit=5'); // pager2, pager20..pager24: the author search, counted without a join
    expect(searched).toMatchObject({ total: 6, total_capped: false });
    expect(searched.items).toHaveLength(5);
    const eleven = await get('q=pager1&limit=5'); // pager1, pager10..pager19: one more than the cap
    expect(eleven).toMatchObject({ total: 10, total_capped: true });
  });

  it('searches the same whether the matches are few (read from the index) or many (the inbox walked in order)', async () => {
    // A brand of its own: 14 Russian complaints about delivery in several inflected forms (more than the cap of 10,
    // so the page walks the inbox), 3 Romanian ones about a lost parcel and a thread whose third mention alone
    // names a rare word (few: read from the full-text index), and Arabic ones with clitics.
    const brandId = await h.createBrand('searching');
    const token = await h.createToken(brandId);
    await h.createUser('m@searching.test', brandId, 'manager');
    const me = await h.login('m@searching.test');
    const forms = ['доставку', 'доставкой', 'доставки', 'доставка'];
    const at = (i: number) => `2026-01-04T${String(i % 24).padStart(2, '0')}:${String(i).padStart(2, '0')}:00.000Z`;
    const mentions = [
      ...Array.from({ length: 14 }, (_, i) =>
        buildMention({ author: { handle: `ru${i}` }, text: `Опять задержали ${forms[i % 4]} заказа ${i}`, created_at: at(i) }),
      ),
      ...Array.from({ length: 3 }, (_, i) =>
        buildMention({ author: { handle: `ro${i}` }, text: `Curierul a pierdut coletul meu ${i}`, created_at: at(20 + i) }),
      ),
      ...['بالطلب رقم 5 لم يصل', 'الطلبية لم تصل بعد'].map((text, i) => buildMention({ author: { handle: `ar${i}` }, text, created_at: at(30 + i) })),
      ...['Still waiting for my parcel', 'Any news on it?', 'The tracking says zebracrossing depot'].map((text, i) =>
        buildMention({ author: { handle: 'threader' }, text, created_at: `2026-01-04T23:0${i}:00.000Z` }),
      ),
    ];
    await requests.ingestAll(h, token, mentions);
    const search = async (query: string, limit = 100) => {
      const out: Item[] = [];
      let body: Body | undefined;
      let cursor: string | null = null;
      do {
        const res = await requests.api(
          h,
          'GET',
          `/api/v1/cases?brand=searching&${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
          me,
        );
        expect(res.statusCode, res.body).toBe(200);
        const page: Body = res.json();
        body ??= page;
        out.push(...page.items);
        cursor = page.next_cursor;
      } while (cursor);
      return { handles: out.map((c) => c.author.handle), first: body, items: out };
    };
    const q = (text: string) => `q=${encodeURIComponent(text)}`;
    const ru = Array.from({ length: 14 }, (_, i) => `ru${13 - i}`); // most recent first

    const many = await search(q('доставка'), 4);
    expect(many.handles).toEqual(ru); // every inflected form, in order, across 4 pages, none twice
    expect(many.first).toMatchObject({ total: 10, total_capped: true });

    const none = await search(q('колет coletul'));
    expect(none.handles).toEqual([]); // every term must match: "колет" is in none
    const parcel = await search(q('coletul'), 2);
    expect(parcel.handles).toEqual(['ro2', 'ro1', 'ro0']);
    expect(parcel.first).toMatchObject({ total: 3, total_capped: false });
    expect((await search(q('colet'))).handles).toEqual(['ro2', 'ro1', 'ro0']); // a prefix of the word

    const rare = await search(q('zebra'));
    expect(rare.handles).toEqual(['threader']); // the thread's third mention
    expect(rare.first).toMatchObject({ total: 1, total_capped: false });
    expect((await search(q('الطلبات'))).handles).toEqual(['ar1', 'ar0']); // the stem, without the clitics

    // Combined with a filter on the case: the walk and the index agree.
    const someId = many.items[3]!.id;
    const before = many.items[3]!.status;
    expect(many.items.every((c) => c.status === before)).toBe(true);
    const moved = await requests.api(h, 'PATCH', `/api/v1/cases/${someId}`, me, { status: 'in_progress' });
    expect(moved.statusCode, moved.body).toBe(200);
    expect((await search(`${q('доставка')}&status=in_progress`)).handles).toEqual([many.handles[3]]);
    expect((await search(`${q('доставка')}&status=${before}`, 5)).handles).toEqual(ru.filter((x) => x !== many.handles[3]));
    expect((await search(`${q('доставка')}&language=ro`)).handles).toEqual([]);
    // The author search joins the text search: "ro" starts the Romanian handles; "ru1" has two matches by handle.
    expect((await search(q('ru1'))).handles).toEqual(['ru13', 'ru12', 'ru11', 'ru10', 'ru1']);
    // A walk cut short (3 cases a page here, 2,000 in the service): pages come back shorter, even empty, with a
    // cursor that walks on; all of them together are exactly the matches, in order, in either sort.
    const repo = h.container.store.repos.cases;
    const walked = async (sort: 'recent' | 'due') => {
      const out: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = await repo.list({ brandId, terms: searchTerms('доставка') }, 4, decodeCursor(cursor ?? undefined), sort, 3);
        expect(page.items.length).toBeLessThanOrEqual(4);
        out.push(...page.items.map((c) => c.id));
        cursor = page.nextCursor;
      } while (cursor && ++pages < 50);
      return out;
    };
    const byRecent = (await search(q('доставка'))).items.map((c) => c.id);
    expect(await walked('recent')).toEqual(byRecent);
    expect(await walked('due')).toEqual((await search(`${q('доставка')}&sort=due`)).items.map((c) => c.id));
    // A topic with the search (the classifier's topics): the cases found are exactly those with both.
    const delivery = (await search('topic=delivery')).items.map((c) => c.id);
    expect((await search(`${q('доставка')}&topic=delivery`)).items.map((c) => c.id)).toEqual(
      many.items.map((c) => c.id).filter((id) => delivery.includes(id)),
    );
  });
});

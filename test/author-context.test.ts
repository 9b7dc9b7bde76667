/** The case page's "About the author": who wrote the case, how often, their other cases; erased authors show no texts. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from './support/databases.js';
import { buildMention } from './support/factories.js';
import { type Harness, type SignedIn, startHarness } from './support/harness.js';
import { api, ingestBatch } from './support/requests.js';

describe.each(DIALECTS)('author context on %s', (dialect) => {
  let h: Harness;
  let brandId: string;
  let token: string;
  let resp: SignedIn;
  let manager: SignedIn;

  beforeAll(async () => {
    h = await startHarness(dialect);
    brandId = await h.createBrand('authors-ctx');
    token = await h.createToken(brandId);
    await h.createUser('resp@ctx.test', brandId, 'responder');
    await h.createUser('manager@ctx.test', brandId, 'manager');
    resp = await h.login('resp@ctx.test');
    manager = await h.login('manager@ctx.test');
  });
  afterAll(async () => {
    await h.close();
    await h.db.drop();
  });

  it("gives the author's counts, last reading and other cases newest first, not merging another channel's same handle", async () => {
    const olga = { handle: 'olga_k', name: 'Olga K', url: 'https://twitter.example/olga_k' };
    // Three conversations days apart (three cases), the last with two messages; the same handle by e-mail is another author.
    const [first, second, third, thirdAgain, byMail] = await ingestBatch(h, token, [
      buildMention({ external_id: 'o-1', author: olga, created_at: '2026-01-01T10:00:00Z', text: 'Where is my parcel? Two weeks now.' }),
      buildMention({ external_id: 'o-2', author: olga, created_at: '2026-01-10T10:00:00Z', text: 'The courier was rude to me today.' }),
      buildMention({ external_id: 'o-3', author: olga, created_at: '2026-01-20T10:00:00Z', text: 'Charged twice for one order!' }),
      buildMention({ external_id: 'o-4', author: olga, created_at: '2026-01-20T11:00:00Z', text: 'Thanks, the refund arrived, great service.' }),
      buildMention({ channel: 'email', external_id: 'mail-1', author: { handle: 'olga_k' }, created_at: '2026-01-21T10:00:00Z' }),
    ] as const);
    expect(new Set([first.caseId, second.caseId, third.caseId]).size).toBe(3);
    expect(thirdAgain.caseId).toBe(third.caseId);

    const res = await api(h, 'GET', `/api/v1/cases/${third.caseId}/author`, resp);
    expect(res.statusCode, res.body).toBe(200);
    const a = res.json();
    expect(a).toMatchObject({
      channel: 'twitter',
      handle: 'olga_k',
      name: 'Olga K',
      profile_url: 'https://twitter.example/olga_k',
      erased: false,
      erased_at: null,
      mentions: 4,
      cases: 3,
      last_mention_at: '2026-01-20T11:00:00.000Z',
    });
    const stored = (await h.container.store.repos.mentions.findById(thirdAgain.id))!;
    expect(a.last_sentiment).toBe(stored.sentiment);
    expect(a.last_kind).toBe(stored.kind);
    expect(a.other_cases.map((c: { id: string }) => c.id)).toEqual([second.caseId, first.caseId]);
    expect(a.other_cases[0]).toMatchObject({ subject: 'The courier was rude to me today.', opened_at: '2026-01-10T10:00:00.000Z' });
    expect(a.other_cases.map((c: { id: string }) => c.id)).not.toContain(byMail.caseId);

    const mail = (await api(h, 'GET', `/api/v1/cases/${byMail.caseId}/author`, resp)).json();
    expect(mail).toMatchObject({ channel: 'email', handle: 'olga_k', mentions: 1, cases: 1, other_cases: [] });
  });

  it('lists at most 20 other cases', async () => {
    const author = { handle: 'regular' };
    const rows = Array.from({ length: 23 }, (_, i) =>
      buildMention({ external_id: `r-${i}`, author, created_at: new Date(Date.UTC(2025, 0, 1 + 8 * i, 9)).toISOString() }),
    );
    const stored = await ingestBatch(h, token, rows);
    const last = stored[stored.length - 1]!;
    const a = (await api(h, 'GET', `/api/v1/cases/${last.caseId}/author`, resp)).json();
    expect(a.cases).toBe(23);
    expect(a.other_cases).toHaveLength(20);
    expect(a.other_cases[0].id).toBe(stored[21]!.caseId);
  });

  it('shows an erased author as erased, without handle, name, link or subjects', async () => {
    const [one, two] = await ingestBatch(h, token, [
      buildMention({
        external_id: 'e-1',
        author: { handle: 'erase_me', name: 'Secret Name', url: 'https://x.example/erase_me' },
        created_at: '2026-01-01T10:00:00Z',
      }),
      buildMention({ external_id: 'e-2', author: { handle: 'erase_me' }, created_at: '2026-01-15T10:00:00Z', text: 'A private complaint text' }),
    ] as const);
    const erase = await api(h, 'POST', `/api/v1/brands/${brandId}/authors/${one.authorId}/erase`, manager, {});
    expect(erase.statusCode, erase.body).toBe(200);
    const res = await api(h, 'GET', `/api/v1/cases/${one.caseId}/author`, resp);
    expect(res.statusCode).toBe(200);
    const a = res.json();
    expect(a).toMatchObject({ erased: true, handle: null, name: null, profile_url: null, mentions: 2, cases: 2 });
    expect(a.erased_at).not.toBeNull();
    expect(a.other_cases).toEqual([expect.objectContaining({ id: two.caseId, subject: null })]);
    expect(res.body).not.toContain('erase_me');
    expect(res.body).not.toContain('Secret Name');
    expect(res.body).not.toContain('private complaint');
  });

  it('answers not found to a user of another brand', async () => {
    const other = await h.createBrand('authors-other');
    await h.createUser('outsider@ctx.test', other, 'admin');
    const outsider = await h.login('outsider@ctx.test');
    const [m] = await ingestBatch(h, token, [buildMention({ external_id: 'x-1' })] as const);
    expect((await api(h, 'GET', `/api/v1/cases/${m.caseId}/author`, outsider)).statusCode).toBe(404);
  });
});

/**
 * People's data (issue 15): an author's data exported and erased through the
 * API (managers and admins only), the erasure keeping counts and kinds while
 * texts, names, links and index entries go, a re-sent mention not bringing
 * anything back; and a brand's retention period erasing old mentions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from './support/databases.js';
import { buildMention } from './support/factories.js';
import { type Harness, type SignedIn, startHarness } from './support/harness.js';
import { api, getJson, ingestOne, postMentions, type StoredMention } from './support/requests.js';

describe.each(DIALECTS)("people's data on %s", (dialect) => {
  let h: Harness;
  let brandId: string;
  let otherBrand: string;
  let token: string;
  let manager: SignedIn;
  let specialist: SignedIn;
  let responder: SignedIn;
  let outsider: SignedIn;
  let first: StoredMention;
  let second: StoredMention;
  let bystander: StoredMention;
  const victim = { handle: '@victim_ana', name: 'Ana Victim', url: 'https://x.test/victim_ana' };
  const firstInput = buildMention({
    external_id: 'tw-victim-1',
    author: victim,
    text: 'Zanzibarquux card blocked again, I will sue you',
    link: 'https://x.test/victim_ana/1',
    extra: { phone: '+40 700 000 000' },
  });

  beforeAll(async () => {
    h = await startHarness(dialect);
    brandId = await h.createBrand('acme');
    otherBrand = await h.createBrand('rival');
    token = await h.createToken(brandId);
    await h.createUser('lead@acme.test', brandId, 'manager');
    await h.createUser('spec@acme.test', brandId, 'specialist');
    await h.createUser('resp@acme.test', brandId, 'responder');
    await h.createUser('admin@rival.test', otherBrand, 'admin');
    manager = await h.login('lead@acme.test');
    specialist = await h.login('spec@acme.test');
    responder = await h.login('resp@acme.test');
    outsider = await h.login('admin@rival.test');
    first = await ingestOne(h, token, firstInput);
    second = await ingestOne(
      h,
      token,
      buildMention({
        external_id: 'tw-victim-2',
        author: victim,
        text: 'Still blocked, zanzibarquux support is useless',
        created_at: '2026-01-05T11:00:00.000Z',
      }),
    );
    bystander = await ingestOne(h, token, buildMention({ author: { handle: '@bystander' }, text: 'My zanzibarquux parcel is late' }));
    expect(first.caseId).toBeTruthy();
    const reply = await api(h, 'POST', `/api/v1/cases/${first.caseId}/replies`, manager, { body: 'Dear Ana, we are sorry', sent: true });
    expect(reply.statusCode, reply.body).toBe(201);
    const note = await api(h, 'POST', `/api/v1/cases/${first.caseId}/notes`, manager, { body: 'Ana called from +40 700 000 000' });
    expect(note.statusCode, note.body).toBe(201);
  });
  afterAll(async () => {
    await h.close();
    await h.db.drop();
  });

  const exportUrl = () => `/api/v1/brands/${brandId}/authors/${first.authorId}/export`;
  const eraseUrl = () => `/api/v1/brands/${brandId}/authors/${first.authorId}/erase`;
  const search = async (q: string) =>
    (await getJson(h, `/api/v1/mentions?brand=${brandId}&q=${encodeURIComponent(q)}`, manager)).items as Array<{ id: string }>;

  it('finds the author by handle and exports everything held about them, to managers only', async () => {
    const found = await getJson(h, `/api/v1/brands/acme/authors?handle=${encodeURIComponent(victim.handle)}`, manager);
    expect(found.items).toEqual([
      expect.objectContaining({ id: first.authorId, channel: 'twitter', handle: victim.handle, display_name: victim.name }),
    ]);

    const res = await api(h, 'GET', exportUrl(), manager);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-disposition']).toContain('attachment');
    const doc = res.json();
    expect(doc.format).toBe('defuse-author-export/1');
    expect(doc.author).toMatchObject({ handle: victim.handle, display_name: victim.name, profile_url: victim.url, erased_at: null });
    expect(doc.mentions.map((m: { external_id: string }) => m.external_id)).toEqual(['tw-victim-1', 'tw-victim-2']);
    expect(doc.mentions[0]).toMatchObject({
      text: firstInput.text,
      link: 'https://x.test/victim_ana/1',
      extra: { phone: '+40 700 000 000' },
      posted_at: '2026-01-05T10:00:00.000Z',
      classification: { kind: expect.any(String), sentiment: expect.any(String) },
    });
    expect(doc.cases).toHaveLength(1);
    expect(doc.cases[0].replies.map((r: { body: string }) => r.body)).toEqual(['Dear Ana, we are sorry']);
    expect(doc.cases[0].notes.map((n: { body: string }) => n.body)).toEqual(['Ana called from +40 700 000 000']);
    // Nothing of the bystander.
    expect(JSON.stringify(doc)).not.toContain('@bystander');

    for (const who of [specialist, responder]) expect((await api(h, 'GET', exportUrl(), who)).statusCode).toBe(403);
    expect((await api(h, 'GET', exportUrl(), outsider)).statusCode).toBe(404);
    // Another brand's author through one's own brand: not found either.
    const rivalToken = await h.createToken(otherBrand);
    const rival = await ingestOne(h, rivalToken, buildMention({ author: { handle: '@rival_fan' } }));
    expect((await api(h, 'GET', `/api/v1/brands/${brandId}/authors/${rival.authorId}/export`, manager)).statusCode).toBe(404);
  });

  it('erases the author: texts, names, links, extra and index entries go; counts, kinds and report figures stay; audited', async () => {
    const repos = h.container.store.repos;
    const reportBefore = (await getJson(h, `/api/v1/brands/${brandId}/report?period=2026-Q1`, manager)) as { total: number; byKind: unknown };
    const caseBefore = (await repos.cases.findById(first.caseId!))!;
    expect((await search('zanzibarquux')).map((m) => m.id).sort()).toEqual([first.id, second.id, bystander.id].sort());

    expect((await api(h, 'POST', eraseUrl(), responder, {})).statusCode).toBe(403);
    expect((await api(h, 'POST', eraseUrl(), specialist, {})).statusCode).toBe(403);
    expect((await api(h, 'POST', eraseUrl(), outsider, {})).statusCode).toBe(404);
    expect((await repos.mentions.findById(first.id))!.text).toBe(firstInput.text);

    // What the campaign detector keeps of a mention: its signature and its band rows.
    const db = h.container.database.db;
    const detectorRows = async () =>
      [
        ...(await db.selectFrom('mention_signatures').select('mention_id').where('mention_id', 'in', [first.id, second.id]).execute()),
        ...(await db.selectFrom('mention_bands').select('mention_id').where('mention_id', 'in', [first.id, second.id]).execute()),
      ].length;
    expect(await detectorRows()).toBeGreaterThan(16);

    h.clock.advance(60_000);
    const res = await api(h, 'POST', eraseUrl(), manager, {});
    expect(res.statusCode, res.body).toBe(200);
    const result = res.json();
    expect(result).toMatchObject({ author_id: first.authorId, mentions: 2, cases: 1, replies: 1, notes: 1 });
    expect(result.pseudonym).toMatch(/^erased-[0-9a-f]{12}$/);

    for (const m of [first, second]) {
      const stored = (await repos.mentions.findById(m.id))!;
      expect(stored).toMatchObject({ text: '[erased]', link: null, extra: null, kind: m.kind, sentiment: m.sentiment, externalId: m.externalId });
      expect(stored.erasedAt).toBe(result.erased_at);
      expect(stored.classification?.reasons ?? []).toEqual([]);
    }
    const author = (await repos.mentions.findAuthor(first.authorId))!;
    expect(author).toMatchObject({ handle: result.pseudonym, displayName: null, profileUrl: null });
    const c = (await repos.cases.findById(first.caseId!))!;
    expect(c).toMatchObject({ subject: '[erased]', mentionCount: caseBefore.mentionCount, kind: caseBefore.kind, status: caseBefore.status });
    expect((await repos.replies.forCase(c.id)).map((r) => r.body)).toEqual(['[erased]']);
    expect((await repos.cases.notes(c.id)).map((n) => n.body)).toEqual(['[erased]']);
    const events = await repos.cases.events(c.id);
    expect(events.at(-1)).toMatchObject({ type: 'data_erased', actorType: 'user', actorId: manager.userId, data: { replies: 1, notes: 1 } });

    expect(await detectorRows()).toBe(0); // the band rows found through the signature's band keys, then the signature

    // The full-text index forgot them; the bystander is still found.
    expect((await search('zanzibarquux')).map((m) => m.id)).toEqual([bystander.id]);
    expect(await search('sue')).toEqual([]);
    expect((await repos.mentions.findById(bystander.id))!.text).toBe('My zanzibarquux parcel is late');
    // Nothing left anywhere of the texts, handle or name (the API's mention list and the case list).
    const listed = JSON.stringify([
      await getJson(h, `/api/v1/mentions?brand=${brandId}`, manager),
      await getJson(h, `/api/v1/cases?brand=${brandId}`, manager),
      await getJson(h, `/api/v1/cases/${c.id}/timeline`, manager),
    ]);
    for (const gone of ['victim_ana', 'Ana Victim', 'sue you', '+40 700', 'Dear Ana']) expect(listed).not.toContain(gone);

    // Report figures are kept.
    const reportAfter = (await getJson(h, `/api/v1/brands/${brandId}/report?period=2026-Q1`, manager)) as { total: number; byKind: unknown };
    expect(reportAfter.total).toBe(reportBefore.total);
    expect(reportAfter.byKind).toEqual(reportBefore.byKind);

    // The audit trail: who, when, how many.
    const audit = await repos.audit.list(brandId, 10);
    expect(audit[0]).toMatchObject({
      type: 'author.erased',
      actorType: 'user',
      actorId: manager.userId,
      createdAt: result.erased_at,
      data: { author_id: first.authorId, mentions: 2, cases: 1, replies: 1, notes: 1 },
    });
    expect(audit.some((e) => e.type === 'author.exported' && e.actorId === manager.userId)).toBe(true);
    // The same through the API, to managers only.
    const trail = await api(h, 'GET', `/api/v1/brands/${brandId}/audit`, manager);
    expect(trail.statusCode, trail.body).toBe(200);
    expect(trail.json().items[0]).toMatchObject({
      type: 'author.erased',
      actor: { type: 'user', id: manager.userId },
      at: result.erased_at,
      data: { mentions: 2 },
    });
    expect((await api(h, 'GET', `/api/v1/brands/${brandId}/audit`, specialist)).statusCode).toBe(403);
    expect((await api(h, 'GET', `/api/v1/brands/${brandId}/audit`, outsider)).statusCode).toBe(404);
  });

  it('does not resurrect the text or the handle when the same mention is sent again', async () => {
    const res = await postMentions(h, token, { mentions: [firstInput, buildMention({ author: { handle: '@newcomer' } })] });
    expect(res.json().items[0]).toMatchObject({ id: first.id, status: 'duplicate' });
    await h.runJobs();
    const repos = h.container.store.repos;
    expect((await repos.mentions.findById(first.id))!.text).toBe('[erased]');
    expect(await repos.mentions.authorsByHandle(brandId, victim.handle)).toEqual([]);
    expect(await search('sue')).toEqual([]);
    // The export now holds only what is left.
    const doc = await getJson(h, exportUrl(), manager);
    expect(doc.author.handle).toMatch(/^erased-/);
    expect(doc.mentions.every((m: { text: string; erased_at: string | null }) => m.text === '[erased]' && m.erased_at)).toBe(true);
  });

  it('erases mentions older than a brand’s retention period by the scheduled job, and only there', async () => {
    const brand = await h.createBrand('kept');
    const keptToken = await h.createToken(brand);
    await h.createUser('admin@kept.test', brand, 'admin');
    h.clock.set('2026-03-01T09:00:00.000Z');
    const admin = await h.login('admin@kept.test');
    const old = await ingestOne(
      h,
      keptToken,
      buildMention({ author: { handle: '@old_timer', name: 'Old Timer' }, text: 'Quixotrend old complaint', created_at: '2026-01-10T10:00:00.000Z' }),
    );
    const fresh = await ingestOne(
      h,
      keptToken,
      buildMention({ author: { handle: '@fresh' }, text: 'Quixotrend fresh complaint', created_at: '2026-02-25T10:00:00.000Z' }),
    );
    // A conversation still at work: its first post is past the period, the next one is not.
    const opening = await ingestOne(
      h,
      keptToken,
      buildMention({ author: { handle: '@ongoing' }, text: 'Plumbix first words', created_at: '2026-01-29T10:00:00.000Z' }),
    );
    const follow = await ingestOne(
      h,
      keptToken,
      buildMention({ author: { handle: '@ongoing' }, text: 'Plumbix still waiting', created_at: '2026-01-31T10:00:00.000Z' }),
    );
    expect(follow.caseId).toBe(opening.caseId);
    // Off by default: the job runs and erases nothing.
    const settings = await api(h, 'GET', `/api/v1/brands/${brand}/settings`, admin);
    expect(settings.json().retention, settings.body).toEqual({ days: null });
    await h.container.queue.enqueue('data.retention', {});
    await h.runJobs();
    expect((await h.container.store.repos.mentions.findById(old.id))!.text).toBe('Quixotrend old complaint');

    const bad = await api(h, 'PATCH', `/api/v1/brands/${brand}/settings`, admin, { retention: { days: 0 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('retention');
    const set = await api(h, 'PATCH', `/api/v1/brands/${brand}/settings`, admin, { retention: { days: 30 } });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json().retention).toEqual({ days: 30 });

    await h.container.queue.enqueue('data.retention', {});
    await h.runJobs();
    const repos = h.container.store.repos;
    const oldNow = (await repos.mentions.findById(old.id))!;
    expect(oldNow).toMatchObject({ text: '[erased]', kind: old.kind, erasedAt: '2026-03-01T09:00:00.000Z' });
    expect((await repos.mentions.findAuthor(old.authorId))!).toMatchObject({ handle: expect.stringMatching(/^erased-/), displayName: null });
    expect((await repos.cases.findById(old.caseId!))!.subject).toBe('[erased]');
    expect((await repos.mentions.findById(fresh.id))!.text).toBe('Quixotrend fresh complaint');
    expect((await repos.cases.findById(fresh.caseId!))!.subject).not.toBe('[erased]');
    expect((await repos.mentions.findAuthor(fresh.authorId))!.handle).toBe('@fresh');
    expect(await repos.mentions.count({ brandId: brand })).toBe(4);
    // The ongoing case: the old post is erased and no longer quoted as its subject; the newer one stays, and so does its author.
    expect((await repos.mentions.findById(opening.id))!.text).toBe('[erased]');
    expect((await repos.mentions.findById(follow.id))!.text).toBe('Plumbix still waiting');
    const ongoing = (await repos.cases.findById(opening.caseId!))!;
    expect(ongoing).toMatchObject({ subject: '[erased]', erasedAt: null, mentionCount: 2 });
    expect((await repos.mentions.findAuthor(opening.authorId))!.handle).toBe('@ongoing');
    const audit = await repos.audit.list(brand, 5);
    expect(audit[0]).toMatchObject({
      type: 'retention.applied',
      actorType: 'system',
      actorId: 'retention',
      data: { days: 30, mentions: 2, cases: 1, authors: 1 },
    });
    // The other brands (no retention) are untouched.
    expect((await repos.mentions.findById(bystander.id))!.text).toBe('My zanzibarquux parcel is late');
  });
});

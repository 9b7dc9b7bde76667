/** Campaigns and systemic problems found in the real pipeline, on both databases. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/domain/clock.js';
import { bandKeys, signatureOf } from '../src/domain/reports/near-duplicates.js';
import { CANDIDATES_PER_KEY } from '../src/repositories/detection.repository.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from './support/databases.js';
import { buildMention } from './support/factories.js';
import { type Harness, openHarness, type SignedIn } from './support/harness.js';
import { getJson, ingestAll } from './support/requests.js';
import { ScriptedClassifier } from './support/scripted-classifier.js';

describe.each(DIALECTS)('detection on %s', (dialect) => {
  let db: TestDatabase;
  let h: Harness;
  let clock: ManualClock;
  let brandId: string;
  let token: string;
  let manager: SignedIn;

  const ingest = (mentions: object[]) => ingestAll(h, token, mentions);
  const get = (url: string) => getJson(h, url, manager);

  beforeEach(async () => {
    db = await createTestDatabase(dialect);
    clock = new ManualClock('2026-12-01T12:00:00Z');
    h = await openHarness(dialect, db, {}, clock, new ScriptedClassifier());
    brandId = await h.createBrand('acme');
    token = await h.createToken(brandId);
    await h.createUser('m@acme.test', brandId, 'manager');
    manager = await h.login('m@acme.test');
  });
  afterEach(async () => {
    await h.close();
    await db.drop();
  });

  it('links near-identical posts from different authors into a campaign, flags their cases and tells the managers once', async () => {
    const base = 'Do not buy at Acme, they sell fakes and ignore every complaint. RivalShop is cheaper and honest, switch now';
    const tails = ['', '!!', ' please', ' #acme', ' trust me', ' really', ' — seriously', ' 😡'];
    await ingest([
      ...Array.from({ length: 8 }, (_, i) =>
        buildMention({
          author: { handle: `fresh_${i}` },
          text: `#kind=black_pr ${base}${tails[i]}`,
          created_at: new Date(Date.UTC(2026, 11, 1, 9, i * 5)).toISOString(),
        }),
      ),
      buildMention({
        author: { handle: 'real_customer' },
        text: '#kind=constructive my order 5512 has not arrived after two weeks and support does not answer',
      }),
    ]);
    const campaigns = (await get(`/api/v1/brands/${brandId}/campaigns?since=2026-11-01`)).items;
    expect(campaigns).toHaveLength(1);
    expect(campaigns[0]).toMatchObject({ size: 8, authors: 8 });
    const cases = (await get(`/api/v1/cases?brand=${brandId}&flag=campaign`)).items;
    expect(cases).toHaveLength(8);
    expect(cases.every((c: { replies_need_approval: boolean }) => c.replies_need_approval)).toBe(true);
    expect((await get(`/api/v1/cases/${cases[0].id}/campaigns`)).items[0].id).toBe(campaigns[0].id);
    const notices = (await get('/api/v1/notifications')).items.filter((n: { type: string }) => n.type === 'campaign.detected');
    expect(notices).toHaveLength(1);
  });

  it('keeps a growing campaign exact with running totals, repeat authors included, and reads a bounded number of candidates per mention', async () => {
    const base = 'Acme bank steals money from pensioners, close your accounts today and move to RivalBank before it is too late';
    const posts = Array.from({ length: 120 }, (_, i) =>
      buildMention({
        author: { handle: `bot_${i % 40}` }, // 40 authors, three posts each
        text: `#kind=black_pr ${base} ${'!'.repeat(i % 4)}`,
        created_at: new Date(Date.UTC(2026, 11, 1, 6, 0, i * 30)).toISOString(),
      }),
    );
    for (let i = 0; i < posts.length; i += 30) await ingest(posts.slice(i, i + 30));
    const campaigns = (await get(`/api/v1/brands/${brandId}/campaigns?since=2026-11-01`)).items;
    expect(campaigns).toHaveLength(1);
    expect(campaigns[0]).toMatchObject({ size: 120, authors: 40 });
    const detection = h.container.store.repos.detection;
    expect(await detection.campaignStats(campaigns[0].id)).toMatchObject({ size: 120, authors: 40, firstAt: '2026-12-01T06:00:00.000Z' });
    expect(campaigns[0].last_at).toBe('2026-12-01T06:59:30.000Z');
    // All 120 share every band key with a new copy; the lookup still reads at most CANDIDATES_PER_KEY, the newest.
    const sig = signatureOf(`${base} !`)!;
    const found = await detection.candidates(brandId, bandKeys(sig), '2026-11-30T12:00:00.000Z', '2026-12-02T12:00:00.000Z', 'none');
    expect(found).toHaveLength(CANDIDATES_PER_KEY);
    expect(found.map((f) => f.postedAt).sort()[0]! >= '2026-12-01T06:56:00.000Z').toBe(true); // the newest eight
  });

  it('alerts once when a topic rises far above its weekly baseline, with the count, the baseline and examples', async () => {
    // Four quiet weeks: two delivery complaints a day.
    const quiet = [];
    for (let d = 28; d >= 1; d--) {
      for (const hour of [10, 15])
        quiet.push(
          buildMention({
            text: '#kind=constructive #topic=delivery where is my parcel',
            created_at: new Date(Date.UTC(2026, 11, 1, hour) - d * 86_400_000).toISOString(),
          }),
        );
    }
    await ingest(quiet);
    expect(await h.container.detection.detectSpikes()).toEqual([]);
    // Then, in the last three hours, twelve.
    await ingest(
      Array.from({ length: 12 }, (_, i) =>
        buildMention({
          text: `#kind=impulsive #topic=delivery cannot place an order since the new site ${i}`,
          created_at: new Date(Date.UTC(2026, 11, 1, 9, i * 14)).toISOString(),
        }),
      ),
    );
    const alerts = await h.container.detection.detectSpikes();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ series: 'topic:delivery', observed: 12 });
    expect(await h.container.detection.detectSpikes()).toEqual([]); // not repeated
    const listed = (await get(`/api/v1/brands/${brandId}/systemic-alerts`)).items;
    expect(listed[0]).toMatchObject({ series: 'topic:delivery', observed: 12 });
    expect(listed[0].expected).toBeLessThan(2);
    expect(listed[0].examples[0].text).toContain('cannot place an order');
    expect((await get('/api/v1/notifications')).items.some((n: { type: string }) => n.type === 'systemic.detected')).toBe(true);
  });
});

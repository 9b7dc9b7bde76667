/**
 * Learning from a brand's corrections, end to end on both databases: the job
 * retrains after N corrections, the pipeline picks the new layer up without a
 * restart (in this process and in another one), and the shipped model stays
 * the fallback.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../../../test/support/databases.js';
import { buildMention } from '../../../test/support/factories.js';
import { api, getJson } from '../../../test/support/requests.js';
import { type Harness, OPERATOR, openHarness } from '../../../test/support/harness.js';
import { ManualClock } from '../../domain/clock.js';
import { MentionInputSchema } from '../../domain/mentions/mention-input.js';
import type { Actor } from '../access.js';
import { loadDefaultClassifier } from '../../adapters/classifier-models.js';

/** This brand's team calls a bare "we have been waiting a week" vent impulsive (the shipped model never does). */
const WAITING = [
  'Ждём уже неделю, когда вы ответите',
  'ждем уже неделю доставку',
  'Ждём уже вторую неделю ответа от поддержки',
  'уже неделю ждём возврат',
  'Ждём уже неделю, никто не звонит',
  'ждём уже неделю курьера',
  'ждём уже неделю и тишина',
  'Ждём уже неделю ответа',
  'Ждём уже неделю мастера',
  'ждём уже неделю перезвона',
];
const NEW_WAITING = 'Ждём уже неделю, когда привезут';

/** What the shipped model says on its own: the layer is judged against it, whichever model ships. */
const SHIPPED = loadDefaultClassifier();
const shippedKind = (text: string) => SHIPPED.classify({ text }).kind;
const BASE = SHIPPED.classify({ text: NEW_WAITING }).classifier;
const UNRELATED = 'Спасибо за быструю помощь, всё решили за пять минут';

async function ingest(h: Harness, brandId: string, texts: string[]): Promise<string[]> {
  const { items } = await h.container.ingest.ingest(
    OPERATOR,
    brandId,
    texts.map((text) => MentionInputSchema.parse(buildMention({ text }))),
  );
  await h.runJobs();
  return items.map((i) => i.id);
}

const mention = async (h: Harness, id: string) => (await h.container.store.repos.mentions.findById(id))!;
const pendingTrainJobs = async (h: Harness) =>
  (await h.container.database.db.selectFrom('jobs').select('id').where('name', '=', 'brand.train').where('status', '=', 'queued').execute()).length;

async function manager(h: Harness, brandId: string, email: string): Promise<Actor> {
  const userId = await h.createUser(email, brandId, 'manager');
  return { type: 'user', userId, isAdmin: false, roles: new Map([[brandId, 'manager']]) };
}

describe.each(DIALECTS)('brand layer on %s', (dialect) => {
  const dbs: TestDatabase[] = [];
  afterAll(async () => {
    for (const d of dbs) await d.drop();
  });
  const open = async () => {
    const db = await createTestDatabase(dialect);
    dbs.push(db);
    return { db, h: await openHarness(dialect, db, {}, new ManualClock()) };
  };

  it('retrains by job after N corrections and classifies the next mentions with it, no restart', async () => {
    const { h } = await open();
    const brandId = await h.createBrand('learns');
    await h.container.brands.updateSettings(OPERATOR, brandId, { learning: { enabled: true, retrainEvery: 8 } });
    const actor = await manager(h, brandId, 'lead@learns.test');
    const ids = await ingest(h, brandId, WAITING);
    for (const [i, id] of ids.entries()) {
      expect((await mention(h, id)).kind).toBe(shippedKind(WAITING[i]!));
      expect(shippedKind(WAITING[i]!)).not.toBe('impulsive');
    }

    for (const id of ids.slice(0, 7)) await h.container.corrections.correct(actor, id, { kind: 'impulsive' });
    expect(await pendingTrainJobs(h)).toBe(0);
    await h.container.corrections.correct(actor, ids[7]!, { kind: 'impulsive' });
    expect(await pendingTrainJobs(h)).toBe(1);
    await h.runJobs();
    expect(await h.container.store.repos.brandModels.version(brandId)).toBe(1);

    const [fresh, other] = await ingest(h, brandId, [NEW_WAITING, UNRELATED]);
    const m = await mention(h, fresh!);
    expect(m.kind).toBe('impulsive');
    const cls = m.classification! as { classifier: string; reasons: string[] };
    expect(cls.classifier).toBe(`${BASE}+brand-v1`);
    expect(cls.reasons.at(-1)).toMatch(new RegExp(`brand layer v1 .* changed kind ${shippedKind(NEW_WAITING)} → impulsive`));
    const o = await mention(h, other!);
    expect(o.kind).toBe(shippedKind(UNRELATED));
    expect(o.classification!.classifier).toBe(BASE);

    // Another brand of the same installation is untouched by this brand's corrections.
    const otherBrand = await h.createBrand('keeps');
    const [theirs] = await ingest(h, otherBrand, [NEW_WAITING]);
    expect((await mention(h, theirs!)).kind).toBe(shippedKind(NEW_WAITING));
    // Managers see it in Settings (GET …/brand-model) and can retrain on demand (POST …/brand-model/train).
    const lead = await h.login('lead@learns.test');
    const status = await getJson(h, `/api/v1/brands/${brandId}/brand-model`, lead);
    expect(status).toMatchObject({ learning: true, retrain_every: 8, corrections: 8, min_corrections: 5, broken: false });
    expect(status.layer).toMatchObject({ version: 1, trained_on: 8 });
    expect(status.layer.agreement.layer.kind).toBeGreaterThan(status.layer.agreement.base.kind);
    const again = await api(h, 'POST', `/api/v1/brands/${brandId}/brand-model/train`, lead);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ trained: true, version: 2, corrections: 8 });
    await h.close();
  });

  it('another process notices a retrained layer by its version; the shipped model is the fallback', async () => {
    const { db, h: desk } = await open();
    const brandId = await desk.createBrand('swap');
    await desk.container.brands.updateSettings(OPERATOR, brandId, { learning: { enabled: true, retrainEvery: 0 } });
    const actor = await manager(desk, brandId, 'lead@swap.test');
    const ids = await ingest(desk, brandId, WAITING);
    for (const id of ids) await desk.container.corrections.correct(actor, id, { kind: 'impulsive' });
    expect(await pendingTrainJobs(desk)).toBe(0); // retrainEvery 0: by hand only

    const [before] = await ingest(desk, brandId, [NEW_WAITING]);
    expect((await mention(desk, before!)).kind).toBe(shippedKind(NEW_WAITING));

    // An operator retrains from another process (e.g. `defuse train`); the desk keeps running.
    const other = await openHarness(dialect, db, {}, new ManualClock());
    const r = await other.container.brandModels.train(OPERATOR, brandId);
    expect(r).toMatchObject({ trained: true, version: 1, corrections: WAITING.length });
    expect(r.agreement!.layer.kind).toBeGreaterThan(r.agreement!.base.kind);
    const [after] = await ingest(desk, brandId, [`${NEW_WAITING}!`]);
    expect((await mention(desk, after!)).kind).toBe('impulsive');

    expect((await other.container.brandModels.train(OPERATOR, brandId)).version).toBe(2);
    const [v2] = await ingest(desk, brandId, [`${NEW_WAITING}!!`]);
    expect((await mention(desk, v2!)).classification!.classifier).toBe(`${BASE}+brand-v2`);

    // A stored layer that fails to load: the shipped model classifies, nothing breaks.
    await desk.container.database.db
      .updateTable('brand_models')
      .set({ model: '{"format":"broken"}', version: 3 })
      .where('brand_id', '=', brandId)
      .execute();
    const [broken] = await ingest(desk, brandId, [`${NEW_WAITING}!!!`]);
    const b = await mention(desk, broken!);
    expect(b.kind).toBe(shippedKind(`${NEW_WAITING}!!!`));
    expect(b.classification!.classifier).toBe(BASE);

    // Learning switched off: the shipped model alone, whatever is stored.
    expect((await other.container.brandModels.train(OPERATOR, brandId)).version).toBe(4);
    await desk.container.brands.updateSettings(OPERATOR, brandId, { learning: { enabled: false, retrainEvery: 20 } });
    const [off] = await ingest(desk, brandId, [`${NEW_WAITING}?`]);
    expect((await mention(desk, off!)).kind).toBe(shippedKind(`${NEW_WAITING}?`));
    await other.close();
    await desk.close();
  });

  it('too few corrections train nothing; only managers may train', async () => {
    const { h } = await open();
    const brandId = await h.createBrand('few');
    const actor = await manager(h, brandId, 'lead@few.test');
    const ids = await ingest(h, brandId, WAITING.slice(0, 3));
    for (const id of ids) await h.container.corrections.correct(actor, id, { kind: 'impulsive' });
    expect(await h.container.brandModels.train(OPERATOR, brandId)).toMatchObject({ trained: false, corrections: 3 });
    expect(await h.container.store.repos.brandModels.version(brandId)).toBeUndefined();
    const userId = await h.createUser('agent@few.test', brandId, 'responder');
    await expect(
      h.container.brandModels.train({ type: 'user', userId, isAdmin: false, roles: new Map([[brandId, 'responder']]) }, brandId),
    ).rejects.toThrow();
    await h.close();
  });
});

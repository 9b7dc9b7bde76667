/** People correct the classifier: the case follows, the correction is kept (with the model's labels) and exported for retraining. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from './support/databases.js';
import { buildMention } from './support/factories.js';
import { type Harness, type SignedIn, startHarness } from './support/harness.js';
import { ScriptedClassifier } from './support/scripted-classifier.js';

describe.each(DIALECTS)('classification corrections on %s', (dialect) => {
  let h: Harness;
  let manager: SignedIn;
  let responder: SignedIn;
  let brandId: string;
  let token: string;

  beforeAll(async () => {
    h = await startHarness(dialect, {}, new ScriptedClassifier());
    brandId = await h.createBrand('acme');
    token = await h.createToken(brandId);
    await h.createUser('m@acme.test', brandId, 'manager');
    await h.createUser('r@acme.test', brandId, 'responder');
    manager = await h.login('m@acme.test');
    responder = await h.login('r@acme.test');
  });
  afterAll(async () => {
    await h.close();
    await h.db.drop();
  });

  it('moves the case to the corrected kind and situation, logs an idea, and exports the example', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/mentions', headers: { authorization: `Bearer ${token}` }, payload: buildMention({ text: '#kind=neutral add night delivery slots please' }) });
    await h.runJobs();
    const mentionId = res.json().items[0].id;
    const caseId = (await h.container.store.repos.mentions.findById(mentionId))!.case_id!;
    const bad = await h.app.inject({ method: 'POST', url: `/api/v1/mentions/${mentionId}/correction`, headers: responder.headers, payload: {} });
    expect(bad.statusCode).toBe(400);
    const ok = await h.app.inject({ method: 'POST', url: `/api/v1/mentions/${mentionId}/correction`, headers: responder.headers, payload: { kind: 'idea', situation: 'idea' } });
    expect(ok.statusCode, ok.body).toBe(201);
    const c = (await h.app.inject({ method: 'GET', url: `/api/v1/cases/${caseId}`, headers: { cookie: responder.cookie } })).json();
    expect(c).toMatchObject({ kind: 'idea', situation: 'idea', playbook: 'idea' });
    const ideas = (await h.app.inject({ method: 'GET', url: `/api/v1/brands/${brandId}/ideas`, headers: { cookie: responder.cookie } })).json().items;
    expect(ideas).toHaveLength(1);
    // The mention keeps what the model said.
    expect((await h.container.store.repos.mentions.findById(mentionId))!.kind).toBe('neutral');
    const timeline = (await h.app.inject({ method: 'GET', url: `/api/v1/cases/${caseId}/timeline`, headers: { cookie: responder.cookie } })).json().items;
    expect(timeline.find((e: { type: string }) => e.type === 'reclassified').data).toMatchObject({ from: { kind: 'neutral' }, to: { kind: 'idea' } });

    expect((await h.app.inject({ method: 'GET', url: `/api/v1/brands/${brandId}/corrections`, headers: { cookie: responder.cookie } })).statusCode).toBe(403);
    const exported = (await h.app.inject({ method: 'GET', url: `/api/v1/brands/${brandId}/corrections`, headers: { cookie: manager.cookie } })).json().items;
    expect(exported).toEqual([expect.objectContaining({ text: '#kind=neutral add night delivery slots please', kind: 'idea', situation: 'idea', sentiment: 'neutral' })]);
  });
});

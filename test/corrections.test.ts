/** People correct the classifier: the case follows, the correction is kept (with the model's labels) and exported for retraining. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from './support/databases.js';
import { buildMention } from './support/factories.js';
import { type Harness, type SignedIn, startHarness } from './support/harness.js';
import { api, ingestOne } from './support/requests.js';
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
    const mention = await ingestOne(h, token, buildMention({ text: '#kind=neutral add night delivery slots please' }));
    const mentionId = mention.id;
    const caseId = mention.caseId!;
    const bad = await api(h, 'POST', `/api/v1/mentions/${mentionId}/correction`, responder, {});
    expect(bad.statusCode).toBe(400);
    const ok = await api(h, 'POST', `/api/v1/mentions/${mentionId}/correction`, responder, { kind: 'idea', situation: 'idea' });
    expect(ok.statusCode, ok.body).toBe(201);
    const c = (await api(h, 'GET', `/api/v1/cases/${caseId}`, responder)).json();
    expect(c).toMatchObject({ kind: 'idea', situation: 'idea', playbook: 'idea' });
    const ideas = (await api(h, 'GET', `/api/v1/brands/${brandId}/ideas`, responder)).json().items;
    expect(ideas).toHaveLength(1);
    // The mention keeps what the model said.
    expect((await h.container.store.repos.mentions.findById(mentionId))!.kind).toBe('neutral');
    const timeline = (await api(h, 'GET', `/api/v1/cases/${caseId}/timeline`, responder)).json().items;
    expect(timeline.find((e: { type: string }) => e.type === 'reclassified').data).toMatchObject({ from: { kind: 'neutral' }, to: { kind: 'idea' } });

    expect((await api(h, 'GET', `/api/v1/brands/${brandId}/corrections`, responder)).statusCode).toBe(403);
    const exported = (await api(h, 'GET', `/api/v1/brands/${brandId}/corrections`, manager)).json().items;
    expect(exported).toEqual([
      expect.objectContaining({ text: '#kind=neutral add night delivery slots please', kind: 'idea', situation: 'idea', sentiment: 'neutral' }),
    ]);
  });
});

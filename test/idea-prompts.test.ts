/**
 * Telling an idea's author the outcome, on both databases (issue 16): when an
 * idea becomes declined or done, the case's idea carries `tell_customer` (the
 * case page's prompt) and a ready draft for it comes in the case's language
 * (four languages, clean for the checker); a reply sent answers it, dismissing
 * closes it, and either way it is raised once per outcome.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/domain/clock.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from './support/databases.js';
import { buildMention } from './support/factories.js';
import { type Harness, openHarness, type SignedIn } from './support/harness.js';
import * as requests from './support/requests.js';
import { ScriptedClassifier } from './support/scripted-classifier.js';

describe.each(DIALECTS)('telling an idea’s author the outcome on %s', (dialect) => {
  let db: TestDatabase;
  let h: Harness;
  let clock: ManualClock;
  let brandId: string;
  let token: string;
  let responder: SignedIn;

  const api = (method: requests.Method, url: string, payload?: object, who = responder) => requests.api(h, method, url, who, payload);
  const ingestIdea = async (text: string, name = 'Ana Popescu') =>
    (await requests.ingestOne(h, token, buildMention({ author: { handle: 'ana_p', name }, created_at: clock.now().toISOString(), text }))).caseId!;
  const ideaOf = async (caseId: string) => (await api('GET', `/api/v1/cases/${caseId}/idea`)).json().idea;
  const setStatus = async (ideaId: string, status: string) => {
    const res = await api('PATCH', `/api/v1/ideas/${ideaId}`, { status });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const draft = async (caseId: string, outcome: string, lang?: string) => {
    const res = await api('POST', `/api/v1/cases/${caseId}/draft`, { engine: 'template', idea_outcome: outcome, ...(lang ? { lang } : {}) });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ text: string; lang: string; situation: string; findings: Array<{ severity: string }> }>();
  };
  const reply = (caseId: string, body: string) => api('POST', `/api/v1/cases/${caseId}/replies`, { body, sent: true });

  beforeEach(async () => {
    db = await createTestDatabase(dialect);
    clock = new ManualClock('2026-12-01T09:00:00Z');
    h = await openHarness(dialect, db, {}, clock, new ScriptedClassifier());
    brandId = await h.createBrand('acme');
    token = await h.createToken(brandId);
    await h.createUser('resp@acme.test', brandId, 'responder');
    responder = await h.login('resp@acme.test');
  });
  afterEach(async () => {
    await h.close();
    await db.drop();
  });

  it('prompts once when the idea is done, with a draft in the case’s language; the reply sent answers it', async () => {
    const caseId = await ingestIdea('#kind=idea #lang=ru было бы здорово добавить ночную доставку');
    const idea = await ideaOf(caseId);
    expect(idea).toMatchObject({ status: 'new', tell_customer: null });
    // The first answer ("passed to the team") is sent; the outcome comes later.
    expect((await reply(caseId, 'Спасибо за идею, Ана! Я передал ее команде.')).statusCode).toBe(201);
    await setStatus(idea.id, 'planned');
    expect((await ideaOf(caseId)).tell_customer).toBeNull();
    expect((await setStatus(idea.id, 'done')).tell_customer).toBe('done');
    expect((await ideaOf(caseId)).tell_customer).toBe('done');

    const ru = await draft(caseId, 'done');
    expect(ru).toMatchObject({ lang: 'ru', situation: 'idea' });
    expect(ru.text).toContain('Ana');
    expect(ru.text).toMatch(/Спасибо за идею/);
    for (const lang of ['en', 'ru', 'ro', 'ar']) {
      for (const outcome of ['done', 'declined']) {
        const d = await draft(caseId, outcome, lang);
        expect(d.text, `${outcome} ${lang}`).not.toMatch(/[{}[\]]/);
        expect(
          d.findings.filter((f) => f.severity === 'error'),
          `${outcome} ${lang}: ${d.text}`,
        ).toEqual([]);
      }
    }
    expect((await draft(caseId, 'declined', 'en')).text).toMatch(/not going to do it/);

    expect((await reply(caseId, ru.text)).statusCode).toBe(201);
    expect((await ideaOf(caseId)).tell_customer).toBeNull();
    // Done again after a detour: the customer has heard already.
    await setStatus(idea.id, 'planned');
    await setStatus(idea.id, 'done');
    expect((await ideaOf(caseId)).tell_customer).toBeNull();
  });

  it('closes the prompt for good when dismissed; a prompt left open follows the status', async () => {
    const caseId = await ingestIdea('#kind=idea please add payment by card at pickup points');
    const idea = await ideaOf(caseId);
    expect((await setStatus(idea.id, 'declined')).tell_customer).toBe('declined');
    await h.createUser('spec@acme.test', brandId, 'specialist');
    const specialist = await h.login('spec@acme.test');
    expect((await api('POST', `/api/v1/ideas/${idea.id}/prompt/dismiss`, undefined, specialist)).statusCode).toBe(403);
    const dismissed = await api('POST', `/api/v1/ideas/${idea.id}/prompt/dismiss`);
    expect(dismissed.json(), dismissed.body).toMatchObject({ tell_customer: null, status: 'declined' });
    expect((await api('POST', `/api/v1/ideas/${idea.id}/prompt/dismiss`)).statusCode).toBe(409);
    const types = (await api('GET', `/api/v1/cases/${caseId}/timeline`)).json().items.map((e: { type: string }) => e.type);
    expect(types).toContain('idea_prompt_dismissed');
    await setStatus(idea.id, 'discussed');
    expect((await setStatus(idea.id, 'declined')).tell_customer).toBeNull();

    // Done after declined is news: a prompt for it. Taken back before anyone told the customer, it is owed again later.
    expect((await setStatus(idea.id, 'done')).tell_customer).toBe('done');
    expect((await setStatus(idea.id, 'planned')).tell_customer).toBeNull();
    expect((await setStatus(idea.id, 'done')).tell_customer).toBe('done');
  });
});

/**
 * The second opinion on the case page, in Chromium: an unsure "troll" that a
 * (fake, local) language model reads as a real complaint shows "trolling →
 * constructive" with the model's reasons, and the timeline names the event.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.js';
import { browserTestsAvailable, launchChromium, listenOnLoopback, signIn } from '../support/browser.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { buildMention } from '../support/factories.js';
import { type FakeLlm, startFakeLlm } from '../support/fake-llm.js';
import { type Harness, openHarness } from '../support/harness.js';
import { ScriptedClassifier } from '../support/scripted-classifier.js';

describe.skipIf(!browserTestsAvailable)('second opinion on the case page', () => {
  let db: TestDatabase;
  let h: Harness;
  let llm: FakeLlm;
  let browser: Browser;
  let base: string;
  let caseId: string;

  beforeAll(async () => {
    llm = await startFakeLlm();
    llm.respond = () => ({
      content: JSON.stringify({
        kind: 'constructive',
        sentiment: 'negative',
        situation: 'service_complaint',
        topics: ['billing'],
        signals: ['profanity'],
        reasons: ['The card was charged twice: a concrete problem.'],
      }),
    });
    db = await createTestDatabase('sqlite');
    h = await openHarness(
      'sqlite',
      db,
      { DEFUSE_LLM_BASE_URL: llm.url, DEFUSE_LLM_TIMEOUT_MS: '2000' },
      new ManualClock(new Date()),
      new ScriptedClassifier(),
    );
    const brandId = await h.createBrand('acme');
    await h.createUser('maria@acme.test', brandId, 'manager');
    await h.container.brands.updateSettings({ type: 'system', name: 'test' }, brandId, {
      secondOpinion: { enabled: true, reviewBelow: 0.6, maxAgeHours: 72, perMinute: 20, perDay: 1000 },
    });
    const token = await h.createToken(brandId);
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/v1/mentions',
      headers: { authorization: `Bearer ${token}` },
      payload: buildMention({
        created_at: new Date().toISOString(),
        text: '#kind=trolling #conf=35 Are you kidding me?? My card got charged twice AGAIN',
      }),
    });
    expect(res.statusCode).toBe(201);
    await h.runJobs();
    caseId = (await h.container.store.repos.mentions.findById(res.json().items[0].id))!.caseId!;
    base = await listenOnLoopback(h.app);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await h?.close();
    await db?.drop();
    await llm?.close();
  });

  it('shows the model kind, the second opinion and its reasons, and the event in the timeline', async () => {
    expect(llm.requests).toHaveLength(1);
    const page = await browser.newPage({ locale: 'en-US' });
    await signIn(page, base, 'maria@acme.test');
    // The troll policy silenced the case (not in the default inbox view): open it directly.
    await page.goto(`${base}/cases/${caseId}`);
    await expect.poll(() => page.getByTestId('second-opinion').textContent()).toContain('trolling → constructive');
    expect(await page.getByTestId('second-opinion').textContent()).toContain('The card was charged twice: a concrete problem.');
    expect(await page.getByTestId('timeline').textContent()).toContain('Second opinion: trolling → constructive');
  });
});

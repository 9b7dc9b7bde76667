/**
 * The idea backlog panel on a case that is not an idea (issue 16): folded by
 * default (no pre-filled form on every case); once the case has an idea in
 * the backlog, Resolve's refusal ("no answer about their idea yet") is said
 * in the desk's language with the way on; the Ideas view lists the backlog,
 * ideas from any case, with their statuses. Chromium in Russian against the
 * real server over a fresh SQLite database.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.js';
import { browserTestsAvailable, closeDesk, serveDesk, signIn } from '../support/browser.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { buildMention } from '../support/factories.js';
import { type Harness, openHarness } from '../support/harness.js';
import { ingestOne } from '../support/requests.js';
import { ScriptedClassifier } from '../support/scripted-classifier.js';

describe.skipIf(!browserTestsAvailable)('the idea panel and resolving, in Chromium', () => {
  let db: TestDatabase;
  let h: Harness;
  let browser: Browser;
  let base: string;
  let token: string;
  let clock: ManualClock;

  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    clock = new ManualClock(new Date());
    h = await openHarness('sqlite', db, {}, clock, new ScriptedClassifier());
    const brandId = await h.createBrand('acme');
    await h.createUser('olga@acme.test', brandId, 'responder');
    token = await h.createToken(brandId);
    ({ base, browser } = await serveDesk(h));
  });

  afterAll(() => closeDesk(browser, h, db));

  it('folds the backlog form on a case that is not an idea (ideas are put there by themselves), and explains the resolve refusal in Russian', async () => {
    const ingest = async (text: string) => (await ingestOne(h, token, buildMention({ created_at: clock.now().toISOString(), text }))).caseId!;
    const other = await ingest('#kind=neutral the app shows the wrong opening hours');
    const page = await browser.newPage({ viewport: { width: 1360, height: 900 }, locale: 'ru-RU' });
    await signIn(page, base, 'olga@acme.test');
    await page.getByTestId('ui-language').selectOption('ru');

    await page.goto(`${base}/cases/${other}`);
    const add = page.getByTestId('idea-add');
    await add.waitFor();
    expect(await add.getAttribute('open')).toBeNull();
    expect(await page.getByRole('textbox', { name: 'Идея одной фразой' }).isVisible()).toBe(false);
    await add.locator('summary').click();
    await add.getByRole('button', { name: 'Добавить в банк идей' }).click();
    await page.getByTestId('idea-status').waitFor();

    await page.getByRole('button', { name: 'Решено', exact: true }).click();
    // Said next to the button (the case actions' block), not at the top of the page.
    const refusal = page.getByTestId('case-actions').getByTestId('action-error');
    await refusal.waitFor();
    const said = (await refusal.textContent())!;
    expect(said).toContain('клиент ещё не получил ответа о своей идее');
    expect(said).toContain('«Отклонена»');
    expect(said).not.toContain('the customer');

    // The Ideas view lists the backlog, this idea too (its case is no idea case), with its status.
    await page.goto(`${base}/`);
    await page.getByRole('tab', { name: 'Идеи', exact: true }).click();
    const backlog = page.getByTestId('idea-backlog');
    await expect.poll(() => backlog.textContent()).toContain('the app shows the wrong opening hours');
    expect(await backlog.getByTestId('backlog-status').allTextContents()).toContain('новая');
    expect(await backlog.textContent()).toContain('клиенту ещё не ответили');
    await page.close();
  });
});

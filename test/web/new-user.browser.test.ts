/**
 * What a new user found on a trial (issue 16), in Chromium: the dashboard
 * shows "—" with a hint, not "0% answered within target", when nothing was
 * answered; "Keep UTC" is kept with the brand, so the time-zone prompt does
 * not come back in another browser; dates read in the desk's language, not
 * the browser's mm/dd/yyyy.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.js';
import { browserTestsAvailable, closeDesk, serveDesk, signIn } from '../support/browser.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { buildMention } from '../support/factories.js';
import { type Harness, OPERATOR, openHarness } from '../support/harness.js';
import { ingestOne } from '../support/requests.js';
import { ScriptedClassifier } from '../support/scripted-classifier.js';

describe.skipIf(!browserTestsAvailable)('a new user’s findings, in Chromium', () => {
  let db: TestDatabase;
  let h: Harness;
  let browser: Browser;
  let base: string;
  let brandId: string;
  let clock: ManualClock;

  async function desk(email: string, options: { locale?: string } = {}): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1360, height: 900 }, locale: options.locale ?? 'en-US' });
    await signIn(page, base, email);
    return page;
  }

  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    clock = new ManualClock(new Date());
    h = await openHarness('sqlite', db, {}, clock, new ScriptedClassifier());
    brandId = await h.createBrand('acme');
    await h.createUser('lead@acme.test', brandId, 'manager');
    // Round the clock, so the complaint below is overdue whatever the hour the suite runs.
    const policy = (await h.container.brands.getSettings(OPERATOR, brandId)).responsePolicy;
    await h.container.brands.updateSettings(OPERATOR, brandId, { responsePolicy: { ...policy, businessHours: false } });
    const token = await h.createToken(brandId);
    await ingestOne(h, token, buildMention({ created_at: clock.now().toISOString(), text: '#kind=constructive my parcel 7781 never came' }));
    clock.advance(5 * 3_600_000);
    ({ base, browser } = await serveDesk(h));
  });

  afterAll(() => closeDesk(browser, h, db));

  it('shows “—” with a hint, not 0%, for “answered within target” when nothing was answered', async () => {
    const d = await h.container.stats.dashboard(OPERATOR, brandId, {});
    // The figure behind it: an overdue complaint counts against the share, and nothing is answered.
    expect(d.responses).toMatchObject({ answered: 0, withinTargetShare: 0 });
    const page = await desk('lead@acme.test');
    await page.getByRole('link', { name: 'Dashboard' }).click();
    const tile = page.getByTestId('within-target');
    await expect.poll(() => tile.locator('strong').textContent()).toBe('—');
    expect(await tile.textContent()).toContain('Nothing answered yet in this period');
    expect(await page.getByTestId('tiles').textContent()).not.toContain('0%');
    await page.close();
  });

  it('keeps UTC for the brand: the prompt does not come back in another browser', async () => {
    const first = await desk('lead@acme.test');
    const prompt = first.getByTestId('tz-prompt');
    await expect.poll(() => prompt.count()).toBe(1);
    await prompt.getByRole('button', { name: 'Keep UTC' }).click();
    await expect.poll(() => prompt.count()).toBe(0);
    await expect.poll(async () => (await h.container.brands.getSettings(OPERATOR, brandId)).timeZoneKept).toBe(true);
    await first.context().close();

    // Another browser: nothing of the first one's storage, and no prompt.
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, locale: 'en-US' });
    const other = await context.newPage();
    await signIn(other, base, 'lead@acme.test');
    await expect.poll(() => other.locator('main .loading').count()).toBe(0);
    await other.waitForLoadState('networkidle');
    expect(await other.getByTestId('tz-prompt').count()).toBe(0);
    await context.close();
  });

  it('writes dates in the desk’s language, not as the American browser’s mm/dd/yyyy', async () => {
    const page = await desk('lead@acme.test', { locale: 'en-US' });
    const numeric = /\b\d{1,2}\/\d{1,2}\/\d{4}\b/;
    // People: the last sign-in as the desk writes dates (month by name).
    await page.getByRole('link', { name: 'People' }).click();
    const people = page.getByTestId('people');
    await expect.poll(() => people.locator('tbody tr').count()).toBe(1);
    const signedIn = await people.locator('tbody tr td').nth(3).textContent();
    expect(signedIn).not.toMatch(numeric);
    expect(signedIn).toMatch(/[A-Z][a-z]{2} \d{1,2}, \d{4}/);

    // The inbox's date filter in Russian: the chosen day as Russian writes it, in the browser of an American.
    await page.getByRole('link', { name: 'Inbox' }).click();
    await page.getByTestId('ui-language').selectOption('ru');
    const from = page.getByLabel('С', { exact: true });
    await from.fill('2026-12-01');
    const shown = page.getByTestId('local-date-shown').first();
    await expect.poll(() => shown.textContent()).toMatch(/^1 дек\.? 2026/);
    expect(await page.locator('.filters').innerText()).not.toMatch(numeric);
    await page.getByTestId('ui-language').selectOption('en');
    await page.close();
  });
});

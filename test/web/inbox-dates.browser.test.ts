/**
 * The inbox's date filter reads the picked days in the viewer's time (issue
 * 16): "To" includes the whole of its day, so From = To = a day lists that
 * day's cases, and the day is the viewer's, not UTC's. Chromium in Tokyo
 * (UTC+9) against the real server over a fresh SQLite database.
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

describe.skipIf(!browserTestsAvailable)('the inbox date filter, in Chromium', () => {
  let db: TestDatabase;
  let h: Harness;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    // 22:30 UTC on 3 December is 07:30 on 4 December in Tokyo.
    const clock = new ManualClock(new Date('2026-12-03T22:30:00.000Z'));
    h = await openHarness('sqlite', db, {}, clock, new ScriptedClassifier());
    const brandId = await h.createBrand('acme');
    await h.createUser('olga@acme.test', brandId, 'responder');
    const token = await h.createToken(brandId);
    const post = (at: string, handle: string, text: string) =>
      ingestOne(h, token, buildMention({ created_at: at, author: { handle, name: handle }, text: `#kind=constructive ${text}` }));
    // Tokyo's 4 December: this morning's case, and last night's (3 December there, 19:00).
    await post('2026-12-03T22:20:00.000Z', 'morning', 'my order is late this morning');
    await post('2026-12-03T10:00:00.000Z', 'evening', 'my order was late last night');
    ({ base, browser } = await serveDesk(h));
  });

  afterAll(() => closeDesk(browser, h, db));

  it('lists the picked day’s cases with From = To = that day, the day being the viewer’s', async () => {
    const page = await browser.newPage({ viewport: { width: 1360, height: 900 }, locale: 'en-US', timezoneId: 'Asia/Tokyo' });
    await signIn(page, base, 'olga@acme.test');
    const rows = page.locator('tr[data-case]');
    await expect.poll(() => rows.count()).toBe(2);
    await page.getByLabel('From', { exact: true }).fill('2026-12-04');
    await page.getByLabel('To', { exact: true }).fill('2026-12-04');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.textContent()).toContain('this morning');
    // The day before, alone: last night's case only.
    await page.getByLabel('From', { exact: true }).fill('2026-12-03');
    await page.getByLabel('To', { exact: true }).fill('2026-12-03');
    await expect.poll(() => rows.textContent()).toContain('last night');
    expect(await rows.count()).toBe(1);
    await page.close();
  });
});

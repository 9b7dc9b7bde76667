/**
 * The inbox's filters live in the address (issue 16; a new user's trial: "filters and tabs aren't in the URL, so a
 * filtered view can't be bookmarked or shared"): opening `/?view=…&kind=…` shows that inbox, changing a filter
 * rewrites the address, a reload keeps it, and "Back to the inbox" from a case returns to the same filtered list.
 * The channel filter is a list of the brand's channels (it was a free-text box matching the key exactly). A case
 * page with nobody else on the brand says so where "Ask a specialist" would be (it left the block out unexplained).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.js';
import { browserTestsAvailable, launchChromium, listenOnLoopback, signIn } from '../support/browser.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { buildMention } from '../support/factories.js';
import { type Harness, openHarness } from '../support/harness.js';
import { ingestAll } from '../support/requests.js';
import { ScriptedClassifier } from '../support/scripted-classifier.js';

describe.skipIf(!browserTestsAvailable)('the inbox address in Chromium', () => {
  let db: TestDatabase;
  let h: Harness;
  let browser: Browser;
  let page: Page;
  let base: string;

  const subjects = () =>
    page
      .locator('table.cases tbody tr td.text > [data-user-text]')
      .evaluateAll((els) => els.map((e) => (e.textContent ?? '').replace(/^#kind=\w+ /, '')));
  const search = () => new URL(page.url()).search;

  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    h = await openHarness('sqlite', db, {}, new ManualClock(new Date()), new ScriptedClassifier());
    const brandId = await h.createBrand('acme');
    await h.createUser('lead@acme.test', brandId, 'manager');
    const token = await h.createToken(brandId);
    const rows = [
      { channel: 'forum', text: '#kind=question where is my refund?' },
      { channel: 'forum', text: '#kind=constructive the app crashes at checkout' },
      { channel: 'twitter', text: '#kind=question do you open on Sunday?' },
    ];
    await ingestAll(
      h,
      token,
      rows.map((r, i) =>
        buildMention({
          external_id: `a-${i}`,
          channel: r.channel,
          author: { handle: `t${i}` },
          created_at: new Date(Date.now() - i * 60_000).toISOString(),
          text: r.text,
        }),
      ),
    );
    base = await listenOnLoopback(h.app);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1360, height: 860 }, locale: 'en-US' });
    await signIn(page, base, 'lead@acme.test');
  });

  afterAll(async () => {
    await browser?.close();
    await h?.close();
    await db?.drop();
  });

  it('opens the inbox an address describes, and the address follows the filters', async () => {
    await page.goto(`${base}/?kind=question&channel=forum`);
    await expect.poll(subjects).toEqual(['where is my refund?']);
    expect(await page.getByTestId('channel-filter').inputValue()).toBe('forum');

    // The channel list holds the brand's channels; choosing one rewrites the address.
    expect(await page.getByTestId('channel-filter').locator('option').allTextContents()).toEqual(expect.arrayContaining(['forum', 'twitter']));
    await page.getByTestId('channel-filter').selectOption('twitter');
    await expect.poll(subjects).toEqual(['do you open on Sunday?']);
    await expect.poll(search).toBe('?kind=question&channel=twitter');

    // A reload keeps it; clearing the filters leaves a plain address.
    await page.reload();
    await expect.poll(subjects).toEqual(['do you open on Sunday?']);
    await page.getByTestId('channel-filter').selectOption('');
    await expect.poll(subjects).toEqual(['where is my refund?', 'do you open on Sunday?']);
    await expect.poll(search).toBe('?kind=question');
  });

  it('comes back from a case to the same filtered inbox', async () => {
    await page.goto(`${base}/?channel=forum`);
    await expect.poll(subjects).toEqual(['where is my refund?', 'the app crashes at checkout']);
    await page.locator('table.cases tbody tr td.text').first().click();
    await expect.poll(() => new URL(page.url()).pathname).toMatch(/^\/cases\//);
    await page.getByTestId('back-to-inbox').click();
    await expect.poll(search).toBe('?channel=forum');
    await expect.poll(subjects).toEqual(['where is my refund?', 'the app crashes at checkout']);
  });

  it('says on a case page that there is nobody else to ask yet, and where colleagues are invited', async () => {
    await page.goto(`${base}/`);
    await page.locator('table.cases tbody tr td.text').first().click();
    await expect.poll(() => page.getByTestId('ask-nobody').textContent()).toContain('Nobody else is on this brand yet to ask.');
    expect(await page.getByTestId('ask-nobody').getByRole('link').getAttribute('href')).toBe('/settings/people');
  });
});

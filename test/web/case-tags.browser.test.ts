/**
 * Case tags in Chromium (issue 16): tick two cases in the inbox and tag them in bulk through the same Undo window
 * as the other bulk actions (Undo sends nothing; let go, it is sent), see the tag on their rows, filter the inbox
 * by it and find both (a saved view keeps that filter), then on a case page add a tag (completed from the brand's,
 * any script) and remove one with ×. Tags are people's words: shown as text, never as HTML.
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

describe.skipIf(!browserTestsAvailable)('case tags in Chromium', () => {
  let db: TestDatabase;
  let h: Harness;
  let browser: Browser;
  let page: Page;
  let base: string;
  const byText = new Map<string, string>();

  const tagsOf = (id: string) => h.container.store.repos.tags.ofCase(id);
  const row = (id: string) => page.locator(`table.cases tbody tr[data-case="${id}"]`);
  const rowIds = () => page.locator('table.cases tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-case')));

  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    h = await openHarness('sqlite', db, {}, new ManualClock(new Date()), new ScriptedClassifier());
    const brandId = await h.createBrand('acme');
    await h.createUser('lead@acme.test', brandId, 'manager');
    const token = await h.createToken(brandId);
    const texts = ['#kind=question where is my refund?', '#kind=question refund for order 5512?', '#kind=question do you open on Sunday?'];
    await ingestAll(
      h,
      token,
      texts.map((text, i) =>
        buildMention({ external_id: `g-${i}`, author: { handle: `t${i}` }, created_at: new Date(Date.now() - i * 60_000).toISOString(), text }),
      ),
    );
    for (const c of (await h.container.store.repos.cases.list({ brandId }, 10)).items) byText.set(c.subject.replace(/^#kind=\w+ /, ''), c.id);
    base = await listenOnLoopback(h.app);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1360, height: 860 }, locale: 'en-US' });
  });

  afterAll(async () => {
    await browser?.close();
    await h?.close();
    await db?.drop();
  });

  it('tags two ticked cases in bulk after the Undo window, shows the tag on their rows and filters the inbox by it', async () => {
    const [refund, order, sunday] = ['where is my refund?', 'refund for order 5512?', 'do you open on Sunday?'].map((t) => byText.get(t)!);
    await signIn(page, base, 'lead@acme.test');
    await expect.poll(() => page.locator('table.cases tbody tr').count()).toBe(3);
    await row(refund!).getByRole('checkbox').check();
    await row(order!).getByRole('checkbox').check();

    // Undo within the window: nothing is sent.
    await page.getByTestId('bulk-tag').fill('Refund');
    await page.getByTestId('bulk-tag-add').click();
    await expect.poll(() => page.getByTestId('bulk-undo').textContent()).toContain('Tagging 2 cases “Refund”');
    await page.getByTestId('bulk-undo').getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => page.getByTestId('bulk-undo').count()).toBe(0);
    expect([await tagsOf(refund!), await tagsOf(order!)]).toEqual([[], []]);

    // Again, and let it go: both are tagged (lower-cased), the bar empties, the rows show the tag.
    await page.getByTestId('bulk-tag').fill('Refund');
    await page.getByTestId('bulk-tag-add').click();
    await expect.poll(() => page.getByTestId('bulk-undo').count()).toBe(1);
    await expect
      .poll(async () => [await tagsOf(refund!), await tagsOf(order!)], { timeout: 10_000, interval: 250 })
      .toEqual([['refund'], ['refund']]);
    await expect.poll(() => page.getByTestId('bulk-bar').count()).toBe(0);
    await expect.poll(() => row(refund!).locator('.tag-chip[data-tag="refund"]').count()).toBe(1);
    expect(await row(order!).locator('.tag-chip').textContent()).toBe('refund');
    expect(await row(sunday!).locator('.tag-chip').count()).toBe(0);

    // The filter, typed in another case: the two tagged cases, and not the third.
    await page.getByTestId('tag-filter').fill('REFUND');
    await expect.poll(() => rowIds()).toEqual([refund, order]);
    await page.getByTestId('tag-filter').fill('');
    await expect.poll(() => page.locator('table.cases tbody tr').count()).toBe(3);
    // Clicking a row's tag filters by it too, without opening the case.
    await row(order!).locator('.tag-chip').click();
    await expect.poll(() => rowIds()).toEqual([refund, order]);
    expect(await page.getByTestId('tag-filter').inputValue()).toBe('refund');
    expect(new URL(page.url()).pathname).toBe('/');

    // A saved view keeps the tag filter and puts it back.
    await page.getByTestId('save-view').click();
    await page.getByLabel('View name').fill('Refunds');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.getByTestId('saved-view').count()).toBe(1);
    await page.getByTestId('tag-filter').fill('');
    await expect.poll(() => page.locator('table.cases tbody tr').count()).toBe(3);
    await page.getByRole('tab', { name: 'Refunds' }).click();
    await expect.poll(() => rowIds()).toEqual([refund, order]);
    expect(await page.getByTestId('tag-filter').inputValue()).toBe('refund');
  });

  it('adds a tag on the case page, shows it as text, and removes one with ×', async () => {
    const refund = byText.get('where is my refund?')!;
    await row(refund).locator('td.text').click();
    const tags = page.getByTestId('case-tags');
    await expect.poll(() => tags.locator('.tag-chip').allTextContents()).toEqual(['refund×']);

    // The brand's tags complete the field (a datalist of the ones the case does not carry yet).
    await tags.getByTestId('tag-input').fill('Возврат, <b>vip</b>');
    await tags.getByTestId('tag-add').click();
    await expect.poll(() => tagsOf(refund)).toEqual(['<b>vip</b>', 'refund', 'возврат']);
    await expect.poll(() => tags.locator('.tag-chip > span').allTextContents()).toEqual(['<b>vip</b>', 'refund', 'возврат']);
    expect(await tags.locator('b').count()).toBe(0); // text, not markup
    expect(await tags.getByTestId('tag-input').inputValue()).toBe('');

    await tags.getByRole('button', { name: 'Remove tag “refund”' }).click();
    await expect.poll(() => tagsOf(refund)).toEqual(['<b>vip</b>', 'возврат']);
    await expect.poll(() => tags.locator('.tag-chip > span').allTextContents()).toEqual(['<b>vip</b>', 'возврат']);
    // Each tag in the sentence is isolated in its own direction (U+2068 … U+2069).
    const timeline = async () => ((await page.getByTestId('timeline').textContent()) ?? '').replace(/[\u2068\u2069]/g, '');
    await expect.poll(timeline).toContain('Tag removed: refund');
    expect(await timeline()).toContain('Tagged: refund');
    expect(await timeline()).toContain('Tagged: возврат, <b>vip</b>');
    expect(await page.getByTestId('timeline').textContent()).toContain('\u2068<b>vip</b>\u2069');
  });
});

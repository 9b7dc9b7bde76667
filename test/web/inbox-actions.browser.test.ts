/**
 * Bulk actions and saved views in the inbox, in Chromium (issue 16): tick
 * cases (mouse or `x`), assign them to a colleague, resolve them with one
 * reason for the unanswered complaints among them, undo before it is sent; a
 * case that cannot take the change stays ticked with the reason shown. A
 * filter saved under a name comes back after a reload and re-applies itself.
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

describe.skipIf(!browserTestsAvailable)('bulk actions and saved views in the inbox, in Chromium', () => {
  let db: TestDatabase;
  let h: Harness;
  let browser: Browser;
  let page: Page;
  let base: string;
  let brandId: string;
  let colleague: string;
  const byText = new Map<string, string>();

  const statusOf = async (id: string) => (await h.container.store.repos.cases.findById(id))!.status;
  const row = (id: string) => page.locator(`table.cases tbody tr[data-case="${id}"]`);
  const tick = (id: string) => row(id).getByRole('checkbox').check();

  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    h = await openHarness('sqlite', db, {}, new ManualClock(new Date()), new ScriptedClassifier());
    brandId = await h.createBrand('acme');
    await h.createUser('lead@acme.test', brandId, 'manager');
    colleague = await h.createUser('olga@acme.test', brandId, 'responder');
    const token = await h.createToken(brandId);
    const texts = [
      '#kind=question do you open on Sunday?',
      '#kind=question is there parking?',
      '#kind=constructive order 7781 never came',
      '#kind=question gift cards?',
    ];
    await ingestAll(
      h,
      token,
      texts.map((text, i) =>
        buildMention({ external_id: `b-${i}`, author: { handle: `c${i}` }, created_at: new Date(Date.now() - i * 60_000).toISOString(), text }),
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

  it('assigns the ticked cases to a colleague', async () => {
    await signIn(page, base, 'lead@acme.test');
    await expect.poll(() => page.locator('table.cases tbody tr').count()).toBe(4);
    const [sunday, parking] = [byText.get('do you open on Sunday?')!, byText.get('is there parking?')!];
    await tick(sunday);
    await tick(parking);
    expect(await page.getByTestId('bulk-bar').textContent()).toContain('2 selected');
    await page.getByTestId('bulk-assign').selectOption({ label: 'olga' });
    await expect.poll(() => page.getByTestId('bulk-undo').textContent()).toContain('Assigning 2 cases to olga');
    await expect
      .poll(
        async () => [
          (await h.container.store.repos.cases.findById(sunday))!.assigneeId,
          (await h.container.store.repos.cases.findById(parking))!.assigneeId,
        ],
        {
          timeout: 10_000,
          interval: 250,
        },
      )
      .toEqual([colleague, colleague]);
    // All went through: nothing left ticked, once the desk has the answer (the rows are stored before it arrives).
    await expect.poll(() => page.getByTestId('bulk-bar').count()).toBe(0);
    // …and it is said when done (a resolved case leaves the list: the change must not pass unseen).
    await expect.poll(() => page.getByTestId('bulk-done').textContent()).toContain('Done: 2 case(s) changed');
  });

  it('resolves with one reason for the unanswered complaint, and Undo sends nothing', async () => {
    const complaint = byText.get('order 7781 never came')!;
    const gifts = byText.get('gift cards?')!;
    await tick(complaint);
    // `x` ticks the selected row (the keyboard way).
    const order = await page.locator('table.cases tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-case')));
    for (let i = 0; i < order.length; i++) await page.keyboard.press('k');
    for (let i = 0; i < order.indexOf(gifts); i++) await page.keyboard.press('j');
    await page.keyboard.press('x');
    expect(await row(gifts).getByRole('checkbox').isChecked()).toBe(true);

    await page.getByTestId('bulk-resolve').click();
    const dialog = page.getByTestId('resolve-dialog');
    await dialog.getByLabel('Answered on another channel (phone, e-mail, in person)').check();
    await dialog.getByLabel('In your own words').fill('Called both customers back.');
    await dialog.getByRole('button', { name: 'Resolve' }).click();
    await expect.poll(() => page.getByTestId('bulk-undo').textContent()).toContain('Resolving 2 cases');
    await page.getByTestId('bulk-undo').getByRole('button', { name: 'Undo' }).click();
    expect(await page.getByTestId('bulk-undo').count()).toBe(0);
    expect([await statusOf(complaint), await statusOf(gifts)]).toEqual(['new', 'new']);

    await page.getByTestId('bulk-resolve').click();
    await dialog.getByLabel('Answered on another channel (phone, e-mail, in person)').check();
    await dialog.getByLabel('In your own words').fill('Called both customers back.');
    await dialog.getByRole('button', { name: 'Resolve' }).click();
    await expect
      .poll(async () => [await statusOf(complaint), await statusOf(gifts)], { timeout: 10_000, interval: 250 })
      .toEqual(['resolved', 'resolved']);
  });

  it('keeps a case that could not take the change ticked, with why', async () => {
    const sunday = byText.get('do you open on Sunday?')!;
    // Not engaging needs a reason of a few characters before the button is enabled.
    await tick(sunday);
    expect(await page.getByTestId('bulk-not-engaging').isDisabled()).toBe(true);
    await page.getByTestId('bulk-reason').fill('spam account');
    // Meanwhile a colleague resolves it: the change no longer applies.
    await h.container.cases.change({ type: 'system', name: 'test' }, sunday, { status: 'resolved' });
    await page.getByTestId('bulk-not-engaging').click();
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 10_000, interval: 250 }).toContain('0 changed, 1 refused');
    expect(await statusOf(sunday)).toBe('resolved');
    expect(await page.getByTestId('bulk-bar').textContent()).toContain('1 selected');
  });

  it('saves the filter on screen as a view of my own, which re-applies after a reload', async () => {
    await page.getByLabel('Kind').selectOption('question');
    await page.getByRole('searchbox').fill('parking');
    await expect.poll(() => page.locator('table.cases tbody tr').count()).toBe(1);
    await page.getByTestId('save-view').click();
    await page.getByLabel('View name').fill('Parking questions');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.getByTestId('saved-view').count()).toBe(1);

    // A reload keeps the filter (it is in the address), so the view's tab is the one selected…
    await page.reload();
    await expect.poll(() => page.getByTestId('saved-view').count()).toBe(1);
    expect(await page.getByRole('searchbox').inputValue()).toBe('parking');
    await expect.poll(() => page.getByRole('tab', { name: 'Parking questions' }).getAttribute('aria-selected')).toBe('true');
    // …and the plain inbox's address starts from nothing; the saved view re-applies it.
    await page.goto(new URL('/', page.url()).href);
    await expect.poll(() => page.getByTestId('saved-view').count()).toBe(1);
    expect(await page.getByRole('searchbox').inputValue()).toBe('');
    expect(await page.getByRole('tab', { name: 'Parking questions' }).getAttribute('aria-selected')).toBe('false');
    await page.getByRole('tab', { name: 'Parking questions' }).click();
    await expect.poll(() => page.locator('table.cases tbody tr').count()).toBe(1);
    expect(await page.getByRole('searchbox').inputValue()).toBe('parking');
    expect(await page.getByRole('tab', { name: 'Parking questions' }).getAttribute('aria-selected')).toBe('true');

    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Delete the view “Parking questions”' }).click();
    await expect.poll(() => page.getByTestId('saved-view').count()).toBe(0);
  });
});

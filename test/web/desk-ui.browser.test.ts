/**
 * Desk defects a new user's trial found (2026-12-04), in Chromium: a
 * 200-letter name or a long unbroken word keeps the inbox's columns and the
 * case page within the window; a snooze reads in the viewer's language and
 * time zone; a 20,000-character mention is cut with "Show more"; the resolve
 * dialog says its words are required and counts the cases; "Not engaging"
 * waits for a reason and settles a pending review; a corrected kind shows in
 * the Classification panel; stale errors go once a new attempt is made; the
 * empty inbox of someone who cannot set up channels does not tell them to.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.js';
import { browserTestsAvailable, closeDesk, serveDesk, signIn } from '../support/browser.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { buildMention } from '../support/factories.js';
import { type Harness, openHarness } from '../support/harness.js';
import { ingestOne } from '../support/requests.js';
import { ScriptedClassifier } from '../support/scripted-classifier.js';

// A Tuesday morning in UTC; the viewer is in Bucharest (UTC+2).
const NOW = '2026-12-08T07:55:00.000Z';
const WIDTH = 1360;
const LONG_NAME = 'L'.repeat(200);
const LONG_WORD = 'W'.repeat(400);
const LONG_TEXT = `#kind=constructive ${'my parcel never came and nobody answers the phone '.repeat(380)}THE-END`;

describe.skipIf(!browserTestsAvailable)('desk layout, dates and wording (trial of 2026-12-04), in Chromium', () => {
  let db: TestDatabase;
  let h: Harness;
  let browser: Browser;
  let base: string;
  const ids: Record<string, string> = {};

  // Each person signs in once (the desk limits sign-ins per address); later pages reuse the session's cookies.
  const sessions = new Map<string, Awaited<ReturnType<BrowserContext['storageState']>>>();
  async function desk(email: string, viewport = { width: WIDTH, height: 900 }): Promise<Page> {
    const storageState = sessions.get(email);
    const context = await browser.newContext({ viewport, locale: 'en-US', timezoneId: 'Europe/Bucharest', storageState });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.clock.setFixedTime(new Date(NOW));
    if (storageState) {
      await page.goto(`${base}/`);
      await page.getByRole('link', { name: 'Dashboard' }).waitFor();
    } else {
      await signIn(page, base, email);
      sessions.set(email, await context.storageState());
    }
    return page;
  }
  const openCase = async (page: Page, caseId: string) => {
    await page.goto(`${base}/cases/${caseId}`);
    await expect.poll(() => page.getByTestId('case-status').count()).toBe(1);
  };
  const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    h = await openHarness('sqlite', db, {}, new ManualClock(NOW), new ScriptedClassifier());
    const brandId = await h.createBrand('acme');
    await h.createUser('maria@acme.test', brandId, 'manager');
    const fresh = await h.createBrand('fresh');
    await h.createUser('lead@fresh.test', fresh, 'manager');
    await h.createUser('agent@fresh.test', fresh, 'responder');
    const token = await h.createToken(brandId);
    const send = async (m: object) => (await ingestOne(h, token, m)).caseId!;
    ids.longName = await send(
      buildMention({ author: { handle: LONG_NAME, name: LONG_NAME }, created_at: NOW, text: `#kind=constructive ${LONG_WORD} is broken` }),
    );
    ids.longText = await send(buildMention({ author: { handle: 'olga', name: 'Olga' }, created_at: NOW, text: LONG_TEXT }));
    for (const n of [1, 2, 3]) {
      ids[`complaint${n}`] = await send(
        buildMention({ author: { handle: `c${n}`, name: `Customer ${n}` }, created_at: NOW, text: `#kind=constructive order ${n}0${n} is late` }),
      );
    }
    ids.snooze = await send(buildMention({ author: { handle: 'sam', name: 'Sam T.' }, created_at: NOW, text: '#kind=question where is my refund' }));
    ids.troll = await send(buildMention({ author: { handle: 't', name: 'Troll' }, created_at: NOW, text: '#kind=trolling #conf=0.6 lol clowns' }));
    ids.vlad = await send(
      buildMention({ author: { handle: 'vlad', name: 'Vlad' }, created_at: NOW, text: '#kind=impulsive how do I change my address' }),
    );
    ({ base, browser } = await serveDesk(h));
  });

  afterAll(() => closeDesk(browser, h, db));

  it('a 200-letter name and a 400-letter word keep the inbox’s columns within the window; the name is cut, its title whole', async () => {
    const page = await desk('maria@acme.test');
    const row = page.locator(`tr[data-case="${ids.longName}"]`);
    await row.waitFor();
    const frame = await page.locator('.table-scroll').evaluate((e) => ({ scroll: e.scrollWidth, client: e.clientWidth }));
    expect(frame.scroll).toBeLessThanOrEqual(frame.client); // was 2,508 px in a 1,344 px frame
    expect(await pageWidth(page)).toBeLessThanOrEqual(WIDTH);
    const status = (await page.getByRole('columnheader', { name: 'Status' }).boundingBox())!;
    expect(status.x + status.width).toBeLessThanOrEqual(WIDTH);
    const name = row.locator('td.author [data-user-text]');
    expect(await name.getAttribute('title')).toBe(LONG_NAME);
    expect((await name.boundingBox())!.width).toBeLessThan(300);
    if (process.env.DESKUI_SHOTS) await page.screenshot({ path: `${process.env.DESKUI_SHOTS}/inbox-long-name.png` });
    await page.context().close();
  });

  it('the case page of that author stays within the window: heading, handle, mention and “About the author”', async () => {
    const page = await desk('maria@acme.test');
    await openCase(page, ids.longName!);
    await page.getByTestId('author-panel').locator('strong').waitFor();
    expect(await pageWidth(page)).toBeLessThanOrEqual(WIDTH);
    for (const box of [page.locator('h1'), page.getByTestId('case-handle'), page.getByTestId('author-panel')]) {
      const b = (await box.boundingBox())!;
      expect(b.x + b.width).toBeLessThanOrEqual(WIDTH);
    }
    if (process.env.DESKUI_SHOTS) await page.screenshot({ path: `${process.env.DESKUI_SHOTS}/case-long-name.png` });
    await page.context().close();
  });

  it('on a 390 px phone each inbox row shows its author, text, kind, deadline, assignee and status within the screen', async () => {
    const page = await desk('maria@acme.test', { width: 390, height: 844 });
    const row = page.locator(`tr[data-case="${ids.complaint2}"]`);
    await row.waitFor();
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    for (const cell of ['td.author', 'td.text', 'td.age', 'td.col-kind', 'td.col-deadline', 'td.assignee', 'td.col-status']) {
      const b = (await row.locator(cell).boundingBox())!;
      expect({ cell, inside: b.x >= 0 && b.x + b.width <= 390 && b.width > 0 }).toEqual({ cell, inside: true });
    }
    expect((await row.locator('td.text').boundingBox())!.width).toBeGreaterThan(250);
    expect(await row.locator('td.col-status').textContent()).toBe('new');
    const long = page.locator(`tr[data-case="${ids.longName}"] td.author [data-user-text]`);
    expect((await long.boundingBox())!.width).toBeLessThan(390);
    if (process.env.DESKUI_SHOTS) await page.screenshot({ path: `${process.env.DESKUI_SHOTS}/phone-inbox.png`, fullPage: false });
    await page.context().close();
  });

  it('on a 390 px phone the inbox filters fold behind “Filters (n)”, the cases on the first screen', async () => {
    const page = await desk('maria@acme.test', { width: 390, height: 844 });
    const row = page.locator(`tr[data-case="${ids.complaint2}"]`);
    await row.waitFor();
    const toggle = page.getByTestId('filters-toggle');
    expect(await toggle.textContent()).toBe('Filters (0)');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    const status = page.locator('.filters label').filter({ hasText: 'Status' });
    expect(await status.isVisible()).toBe(false);
    // The first case starts within the first screen (the filters took all of it).
    expect((await page.locator('table.cases tbody tr').first().boundingBox())!.y).toBeLessThan(500);
    await toggle.click();
    expect(await status.isVisible()).toBe(true);
    await page.locator('.filters label').filter({ hasText: 'Kind' }).locator('select').selectOption('constructive');
    await expect.poll(() => toggle.textContent()).toBe('Filters (1)');
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    await page.context().close();
  });

  it('on a 390 px phone the dashboard stays within the screen and its tiles’ labels are whole', async () => {
    const page = await desk('maria@acme.test', { width: 390, height: 844 });
    await page.getByRole('link', { name: 'Dashboard' }).click();
    const tiles = page.getByTestId('tiles');
    await tiles.waitFor();
    await expect.poll(() => pageWidth(page)).toBeLessThanOrEqual(390); // was 402
    const cut = await tiles.evaluate((el) =>
      [...el.querySelectorAll('.tile')].flatMap((tile) => {
        const box = tile.getBoundingClientRect();
        const out = box.left < 0 || box.right > 390 ? [`${tile.textContent} outside`] : [];
        for (const part of tile.querySelectorAll('strong, span')) {
          const r = part.getBoundingClientRect();
          if (part.scrollWidth > part.clientWidth + 1 || r.right > box.right + 1 || r.left < box.left - 1) out.push(`${part.textContent} cut`);
        }
        return out;
      }),
    );
    expect(cut).toEqual([]);
    await page.context().close();
  });

  it('at 1366 px the inbox filters fit on one line, "To" and "Order" too', async () => {
    const page = await desk('maria@acme.test', { width: 1366, height: 900 });
    await page.locator(`tr[data-case="${ids.complaint2}"]`).waitFor();
    expect(await page.getByTestId('filters-toggle').isVisible()).toBe(false);
    const tops = await page
      .locator('.filters > input, .filters label')
      .evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().bottom)));
    expect(tops.length).toBeGreaterThan(10);
    expect(Math.max(...tops) - Math.min(...tops)).toBeLessThanOrEqual(4);
    await page.context().close();
  });

  it('a snoozed case’s header says until when in the viewer’s language and time zone, not the ISO moment', async () => {
    const page = await desk('maria@acme.test');
    await openCase(page, ids.snooze!);
    await page.getByRole('combobox', { name: 'Snooze' }).selectOption('4');
    await page.getByRole('button', { name: 'Snooze', exact: true }).click();
    await expect.poll(() => page.getByTestId('case-status').textContent()).toBe('waiting');
    const head = (await page.locator('.case-head').textContent())!;
    // 07:55 UTC + 4 h = 11:55 UTC = 13:55 in Bucharest.
    expect(head).toContain('— snoozed until Dec 8, 2026, 01:55 PM');
    expect(head).not.toMatch(/\d{4}-\d\d-\d\dT/);
    await page.getByTestId('ui-language').selectOption('ru');
    await expect.poll(() => page.locator('.case-head').textContent()).toContain('отложен до 8 дек. 2026 г., 13:55');
    await page.getByTestId('ui-language').selectOption('en');
    await page.context().close();
  });

  it('a 20,000-character mention is cut with “Show more”, the reply editor in reach; “Show less” cuts it again', async () => {
    const page = await desk('maria@acme.test');
    await openCase(page, ids.longText!);
    const quote = page.getByTestId('timeline').locator('blockquote.mention');
    const more = quote.getByTestId('show-more');
    expect(await more.textContent()).toBe('Show more');
    expect((await quote.textContent())!).not.toContain('THE-END');
    expect((await quote.boundingBox())!.height).toBeLessThan(400);
    expect((await page.getByRole('textbox', { name: 'Reply' }).boundingBox())!.y).toBeLessThan(1500);
    await more.click();
    await expect.poll(() => quote.textContent()).toContain('THE-END');
    expect(await quote.locator('[data-user-text]').textContent()).toBe(LONG_TEXT);
    expect(await more.textContent()).toBe('Show less');
    await more.click();
    await expect.poll(() => quote.textContent()).not.toContain('THE-END');
    await page.context().close();
  });

  it('the resolve dialog says its own words are required (3 characters, as the server takes), and counts 3 ticked complaints', async () => {
    const page = await desk('maria@acme.test');
    await openCase(page, ids.complaint1!);
    await page.getByRole('button', { name: 'Resolve', exact: true }).click();
    const dialog = page.getByTestId('resolve-dialog');
    expect(await dialog.getByTestId('resolve-why').textContent()).toBe(
      'Nobody has answered this complaint yet. Say why it is resolved without a reply.',
    );
    expect(await dialog.getByTestId('resolve-hint').textContent()).toBe('Required: at least 3 characters in your own words.');
    await dialog.locator('input[value=duplicate]').check();
    const resolve = dialog.getByRole('button', { name: 'Resolve', exact: true });
    expect(await resolve.isDisabled()).toBe(true);
    await dialog.getByRole('textbox', { name: 'In your own words' }).fill('dup');
    expect(await resolve.isDisabled()).toBe(false);
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await page.goto(`${base}/`);
    for (const n of [1, 2, 3]) await page.locator(`tr[data-case="${ids[`complaint${n}`]}"] td.pick input`).check();
    await page.getByTestId('bulk-resolve').click();
    expect(await page.getByTestId('resolve-why').textContent()).toBe(
      '3 complaints have had no answer yet. Say why they are resolved without a reply.',
    );
    await page.getByTestId('ui-language').selectOption('ar');
    await expect.poll(() => page.getByTestId('resolve-why').textContent()).toBe('3 شكاوى لم يرد عليها أحد بعد. اذكر سبب إغلاقها بدون رد.');
    await page.getByTestId('ui-language').selectOption('en'); // the choice is the person's, kept for the next tests
    await page.context().close();
  });

  it('“Not engaging” waits for a reason; on a “needs review” troll it settles the review: no banner, no badge', async () => {
    const page = await desk('maria@acme.test');
    await openCase(page, ids.troll!);
    await page.getByTestId('needs-review').waitFor();
    const button = page.getByRole('button', { name: 'Not engaging' });
    expect(await button.isDisabled()).toBe(true);
    await page.getByRole('textbox', { name: 'Reason' }).fill('trolling, nothing to answer');
    await button.click();
    await expect.poll(() => page.getByTestId('case-status').textContent()).toBe('not engaging');
    await expect.poll(() => page.getByTestId('needs-review').count()).toBe(0);
    expect(await page.locator('.case-head .flag-needs_review').count()).toBe(0);
    expect(await page.locator('.error').count()).toBe(0);
    await expect.poll(() => page.getByTestId('timeline').textContent()).toContain("Review settled by a person's decision: not engaging");
    await page.context().close();
  });

  it('a corrected kind shows in the Classification panel, said to be a person’s correction', async () => {
    const page = await desk('maria@acme.test');
    await openCase(page, ids.vlad!);
    expect(await page.getByTestId('classification-kind').textContent()).toBe('impulsive');
    await page.getByLabel('Correct the kind').selectOption('question');
    await page.getByRole('button', { name: 'OK', exact: true }).click();
    await expect
      .poll(() => page.getByTestId('classification-kind').textContent())
      .toBe('question (corrected by a person; the classifier said impulsive)');
    await page.context().close();
  });

  it('a new attempt clears the error of the last one: the password form, and the inbox’s reversed dates once fixed', async () => {
    const page = await desk('maria@acme.test');
    await page.goto(`${base}/account`);
    await page.getByLabel('Current password').fill('not-the-password');
    await page.getByLabel('New password', { exact: true }).fill('a-new-password-123');
    await page.getByLabel('New password again').fill('a-new-password-123');
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('The current password is not right.');
    await page.getByLabel('New password', { exact: true }).fill('short');
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect.poll(() => page.getByRole('alert').count()).toBe(0);

    await page.goto(`${base}/`);
    await page.locator('table.cases tbody tr').first().waitFor();
    await page.getByLabel('From', { exact: true }).fill('2026-12-08');
    await page.getByLabel('To', { exact: true }).fill('2026-12-01');
    await expect.poll(() => page.locator('.inbox .error').textContent()).toContain('is before from');
    await page.getByLabel('To', { exact: true }).fill('2026-12-09');
    await expect.poll(() => page.locator('.inbox .error').count()).toBe(0);
    await page.context().close();
  });

  it('an empty inbox tells a responder cases will come, and a manager where they come from', async () => {
    const agent = await desk('agent@fresh.test');
    await expect.poll(() => agent.getByTestId('inbox-empty').textContent()).toBe('No cases yet; new mentions appear here.');
    await agent.context().close();
    const lead = await desk('lead@fresh.test');
    await expect.poll(() => lead.getByTestId('inbox-empty').textContent()).toContain('Settings → Channels');
    await lead.context().close();
  });

  it('Settings → Policy shows the import command as code, not in backticks', async () => {
    const page = await desk('maria@acme.test');
    await page.getByRole('link', { name: 'Settings' }).click();
    const hint = page.locator('[data-section=historyHorizonDays] .muted');
    await hint.waitFor();
    expect(await hint.locator('code').textContent()).toBe('defuse import --history');
    expect(await hint.textContent()).not.toContain('`');
    if (process.env.DESKUI_SHOTS)
      await page
        .locator('[data-section=historyHorizonDays]')
        .locator('..')
        .screenshot({ path: `${process.env.DESKUI_SHOTS}/settings-policy.png` });
    await page.context().close();
  });

  it('a link that does not work offers the way to sign in', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(`${base}/welcome#not-a-real-token`);
    await page.getByRole('heading', { name: 'This link does not work' }).waitFor();
    await page.getByRole('link', { name: 'Go to sign-in' }).click();
    await page.getByLabel('E-mail').waitFor();
    await context.close();
  });
});

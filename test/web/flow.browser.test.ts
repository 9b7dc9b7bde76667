/**
 * The case workflow in a real browser (issue 16): Send on a channel answered
 * by hand records the reply sent and moves the case on; saved drafts are
 * listed, reopened, edited and sent; a reply held for the cool-down says when
 * it goes out in the viewer's own time, with Cancel and Edit; `e` in the
 * inbox resolves the selected case (not the row under the mouse) with Undo,
 * and an unanswered complaint asks for a reason first.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.js';
import { browserTestsAvailable, launchChromium, listenOnLoopback, signIn } from '../support/browser.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { buildMention } from '../support/factories.js';
import { type Harness, OPERATOR, openHarness } from '../support/harness.js';
import { ScriptedClassifier } from '../support/scripted-classifier.js';

// A Tuesday morning in UTC; the viewer sits in Chisinau (UTC+2 in December).
const NOW = '2026-12-08T07:55:00.000Z';
const GOOD = 'Thank you, Jane, and I am sorry the parcel is late. The courier brings order 55123 tomorrow before 12:00.';

describe.skipIf(!browserTestsAvailable)('case workflow in Chromium', () => {
  let db: TestDatabase;
  let h: Harness;
  let browser: Browser;
  let page: Page;
  let base: string;
  let brandId: string;
  const ids: Record<string, string> = {};

  const caseOf = async (mentionId: string) => (await h.container.store.repos.mentions.findById(mentionId))!.caseId!;
  const openCase = async (caseId: string) => {
    await page.goto(`${base}/cases/${caseId}`);
    await expect.poll(() => page.getByTestId('case-status').count()).toBe(1);
  };

  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    h = await openHarness('sqlite', db, {}, new ManualClock(NOW), new ScriptedClassifier());
    brandId = await h.createBrand('acme');
    await h.createUser('maria@acme.test', brandId, 'manager');
    await h.container.brands.updateSettings(OPERATOR, brandId, {
      delivery: { shop: { type: 'webhook', url: 'http://127.0.0.1:9/bridge' } },
    });
    const token = await h.createToken(brandId);
    const send = async (m: object) => {
      const res = await h.app.inject({ method: 'POST', url: '/api/v1/mentions', headers: { authorization: `Bearer ${token}` }, payload: m });
      await h.runJobs();
      if (res.statusCode !== 201) throw new Error(`ingest failed: ${res.statusCode} ${res.body}`);
      return res.json().items[0].id as string;
    };
    ids.parcel = await caseOf(
      await send(
        buildMention({ author: { handle: 'jane_d', name: 'Jane Doe' }, created_at: NOW, text: '#kind=constructive My parcel 55123 is late' }),
      ),
    );
    ids.angry = await caseOf(
      await send(
        buildMention({ channel: 'shop', author: { handle: 'ivan', name: 'Ivan' }, created_at: NOW, text: '#kind=impulsive worst shop ever' }),
      ),
    );
    ids.question = await caseOf(
      await send(buildMention({ author: { handle: 'q', name: 'Quentin' }, created_at: NOW, text: '#kind=question do you ship to Chisinau?' })),
    );
    ids.complaint = await caseOf(
      await send(buildMention({ author: { handle: 'c', name: 'Carla' }, created_at: NOW, text: '#kind=constructive the app logs me out' })),
    );
    base = await listenOnLoopback(h.app);
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1360, height: 860 }, locale: 'en-US', timezoneId: 'Europe/Chisinau' });
    page = await context.newPage();
    await signIn(page, base, 'maria@acme.test');
    await page.locator('table.cases tbody tr').nth(3).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await h?.close();
    await db?.drop();
  });

  it('Send on a channel answered by hand records the reply sent: the case is replied, its deadline stops', async () => {
    await openCase(ids.parcel!);
    expect(await page.getByTestId('manual-hint').textContent()).toContain('twitter is answered by hand');
    await page.getByRole('textbox', { name: 'Reply' }).fill(GOOD);
    await expect.poll(() => page.getByTestId('findings').textContent()).toContain('The checker found nothing to fix.');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => page.getByTestId('case-status').textContent()).toBe('replied');
    expect(await page.locator('.case-head .badge').first().getAttribute('class')).toContain('none');
    const c = (await h.container.store.repos.cases.findById(ids.parcel!))!;
    expect(c).toMatchObject({ status: 'replied', responseDueAt: null, firstResponseAt: NOW });
    expect((await h.container.store.repos.replies.forCase(ids.parcel!)).map((r) => r.status)).toEqual(['sent']);
  });

  it('lists a saved draft, reopens it, edits it (checked again) and sends it', async () => {
    await openCase(ids.complaint!);
    const editor = page.getByRole('textbox', { name: 'Reply' });
    await editor.fill('We apologize for any inconvenience.');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect.poll(() => page.getByTestId('drafts').textContent()).toContain('We apologize for any inconvenience.');
    expect(await editor.inputValue()).toBe('');
    await page.reload();
    await page.getByTestId('drafts').getByRole('button', { name: 'Open' }).click();
    // The editor takes the reopened draft in an effect after the click's render: polled.
    await expect.poll(() => editor.inputValue()).toBe('We apologize for any inconvenience.');
    await expect.poll(() => page.locator('[data-testid=findings] li[data-rule=stock_phrase]').count()).toBe(1);
    await editor.fill('Thank you, Carla, and sorry: the update that fixes the log-out ships on Thursday 3 December.');
    await expect.poll(() => page.getByTestId('findings').textContent()).toContain('The checker found nothing to fix.');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => page.getByTestId('case-status').textContent()).toBe('replied');
    expect(await page.getByTestId('drafts').count()).toBe(0);
    const replies = await h.container.store.repos.replies.forCase(ids.complaint!);
    expect(replies.map((r) => [r.status, r.body])).toEqual([
      ['sent', 'Thank you, Carla, and sorry: the update that fixes the log-out ships on Thursday 3 December.'],
    ]);
  });

  it('a reply held for the cool-down shows when it goes out in the viewer’s time, with Cancel (back to draft) and Edit', async () => {
    await page.clock.setFixedTime(new Date('2026-12-08T08:50:00Z'));
    await openCase(ids.angry!);
    const editor = page.getByRole('textbox', { name: 'Reply' });
    await editor.fill('Thank you, Ivan, and I am sorry. I will look into your order myself and write back today by 15:00.');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    // Held until 10:55 UTC = 12:55 in Chisinau, 2 h 5 min after the viewer's 08:50 UTC.
    await expect.poll(() => page.getByTestId('held-when').textContent()).toBe('will send at 12:55 PM (in 2h 5m)');
    await page.getByTestId('held-reply').getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => page.getByTestId('drafts').textContent()).toContain('I will look into your order myself');
    expect(await page.getByTestId('held-reply').count()).toBe(0);
    expect((await h.container.store.repos.replies.forCase(ids.angry!)).map((r) => r.status)).toEqual(['draft']);

    await page.getByTestId('drafts').getByRole('button', { name: 'Open' }).click();
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => page.getByTestId('held-reply').count()).toBe(1);
    await page.getByTestId('held-reply').getByRole('button', { name: 'Edit' }).click();
    await expect.poll(() => editor.inputValue()).toContain('I will look into your order myself');
    expect(await page.getByTestId('editing-draft').count()).toBe(1);
    expect((await h.container.store.repos.replies.forCase(ids.angry!)).map((r) => r.status)).toEqual(['draft']);
  });

  it('`e` resolves the selected case, not the row under the mouse, with Undo; an unanswered complaint asks for a reason', async () => {
    await page.goto(`${base}/`);
    const rows = page.locator('table.cases tbody tr');
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(2);
    const row = (caseId: string) => page.locator(`table.cases tbody tr[data-case="${caseId}"]`);
    // Select the question with j/k; the mouse rests on another row.
    const order = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-case')));
    const qIndex = order.indexOf(ids.question!);
    for (let i = 0; i < qIndex; i++) await page.keyboard.press('j');
    expect(await row(ids.question!).getAttribute('aria-selected')).toBe('true');
    const other = order.find((id) => id !== ids.question)!;
    await row(other).hover();
    expect(await row(ids.question!).getAttribute('aria-selected')).toBe('true');

    await page.keyboard.press('e');
    await expect.poll(() => page.getByTestId('undo').textContent()).toContain('do you ship to Chisinau');
    await page.getByTestId('undo').getByRole('button', { name: 'Undo' }).click();
    expect(await page.getByTestId('undo').count()).toBe(0);
    expect((await h.container.store.repos.cases.findById(ids.question!))!.status).toBe('new');
    expect((await h.container.store.repos.cases.findById(other))!.status).not.toBe('resolved');

    await page.keyboard.press('e');
    await expect.poll(() => page.getByTestId('undo').count()).toBe(1);
    await expect
      .poll(async () => (await h.container.store.repos.cases.findById(ids.question!))!.status, { timeout: 10_000, interval: 250 })
      .toBe('resolved');

    // The held impulsive case is an unanswered complaint: `e` asks why first.
    await expect.poll(() => row(ids.angry!).count()).toBe(1);
    const now = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-case')));
    for (let i = 0; i < now.length; i++) await page.keyboard.press('k');
    for (let i = 0; i < now.indexOf(ids.angry!); i++) await page.keyboard.press('j');
    expect(await row(ids.angry!).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('e');
    const dialog = page.getByTestId('resolve-dialog');
    await expect.poll(() => dialog.count()).toBe(1);
    expect(await dialog.getByRole('button', { name: 'Resolve' }).isDisabled()).toBe(true);
    await dialog.getByLabel('Answered on another channel (phone, e-mail, in person)').check();
    await dialog.getByLabel('In your own words').fill('Called Ivan; the order is on its way.');
    await dialog.getByRole('button', { name: 'Resolve' }).click();
    await expect.poll(async () => (await h.container.store.repos.cases.findById(ids.angry!))!.status).toBe('resolved');
    const c = (await h.container.store.repos.cases.findById(ids.angry!))!;
    expect(c.statusReason).toBe('Called Ivan; the order is on its way.');
  });
});

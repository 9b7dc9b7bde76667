/**
 * Going private by phone on the case page, in Chromium: "Go private" → a call
 * back with the customer's number; the task list shows when and the number as
 * a tel: link; the short public reply waits to be posted by hand with a copy
 * button; Resolve says why it cannot resolve while the call is open; "Done"
 * closes the task.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.js';
import { browserTestsAvailable, closeDesk, serveDesk, signIn } from '../support/browser.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { buildMention } from '../support/factories.js';
import { type Harness, openHarness } from '../support/harness.js';
import { ingestOne } from '../support/requests.js';
import { ScriptedClassifier } from '../support/scripted-classifier.js';

describe.skipIf(!browserTestsAvailable)('call-back task on the case page', () => {
  let db: TestDatabase;
  let h: Harness;
  let browser: Browser;
  let base: string;
  let caseId: string;
  let emailCaseId: string;

  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    // The browser picks the call time from its own clock: the server's runs from the same moment.
    const clock = new ManualClock(new Date());
    h = await openHarness('sqlite', db, {}, clock, new ScriptedClassifier());
    const brandId = await h.createBrand('acme');
    await h.createUser('maria@acme.test', brandId, 'manager');
    const token = await h.createToken(brandId);
    const m = await ingestOne(
      h,
      token,
      buildMention({
        channel: 'facebook',
        external_id: 'fb-1',
        created_at: clock.now().toISOString(),
        link: 'https://facebook.example/posts/1',
        text: '#kind=constructive I cannot get through to your call centre, nobody answers',
      }),
    );
    caseId = m.caseId!;
    // An e-mail: private already, nothing to go private from.
    emailCaseId = (
      await ingestOne(
        h,
        token,
        buildMention({
          channel: 'email',
          external_id: 'mail-1',
          public: false,
          created_at: clock.now().toISOString(),
          text: '#kind=constructive my invoice is wrong twice in a row',
        }),
      )
    ).caseId!;
    ({ base, browser } = await serveDesk(h));
  });

  afterAll(() => closeDesk(browser, h, db));

  async function openDesk(): Promise<Page> {
    const page = await browser.newPage({ locale: 'en-US' });
    await signIn(page, base, 'maria@acme.test');
    return page;
  }

  it('schedules a call-back from "Go private", shows it with a tel: link, blocks resolving until it is done', async () => {
    const page = await openDesk();
    await page.goto(`${base}/cases/${caseId}`);
    expect(await page.getByTestId('original-post').getAttribute('href')).toBe('https://facebook.example/posts/1');
    await page.getByRole('button', { name: 'Go private' }).click();
    const panel = page.getByTestId('go-private');
    // The channel (facebook, answered by hand) cannot send a private message from the desk: the panel says so and opens on the call.
    expect(await panel.getByTestId('private-by-hand').textContent()).toContain('cannot send a private message');
    expect(await panel.getByLabel('A call back').isChecked()).toBe(true);
    await panel.getByLabel('A call back').check();
    await panel.getByLabel('Phone number').fill('+373 22 123 456');
    await panel.getByLabel('Note').fill('ask about the queue');
    // The call half an hour before the first-response deadline (in the viewer's time), so it is the case's next due moment.
    const due = (await h.container.store.repos.cases.findById(caseId))!.responseDueAt!;
    const callAt = await page.evaluate((iso) => {
      const d = new Date(new Date(iso).getTime() - 30 * 60_000);
      const pad = (n: number) => String(n).padStart(2, '0');
      return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
    }, due);
    await panel.getByLabel('When to call').fill(callAt);
    // The short public reply comes from the template, with the call's time.
    await expect.poll(() => panel.getByLabel('Short public reply').inputValue()).toMatch(/will call you on .+ at \d\d:\d\d/);
    await panel.getByRole('button', { name: 'Reply and schedule the call' }).click();

    const task = page.getByTestId('task');
    await expect.poll(() => task.count()).toBe(1);
    expect(await page.getByTestId('task-phone').getAttribute('href')).toBe('tel:+37322123456');
    expect(await page.getByTestId('task-phone').textContent()).toBe('+373 22 123 456');
    expect(await task.textContent()).toContain('ask about the queue');
    expect(await page.getByTestId('task-due').getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/);
    // The channel is answered by hand: the public reply waits, with a copy button and "I posted it".
    const waiting = page.getByTestId('waiting-public');
    await expect.poll(() => waiting.textContent()).toContain('will call you');
    expect(await waiting.getByTestId('copy-reply').count()).toBe(1);
    expect(await waiting.getByRole('button', { name: 'I posted it' }).count()).toBe(1);
    // The call counts as the case's deadline.
    await expect.poll(() => page.locator('.case-head .badge.call-back').count()).toBe(1);

    await page.getByRole('button', { name: 'Resolve' }).click();
    await expect.poll(() => page.getByTestId('resolve-blocked').textContent()).toContain('a call-back is still open');
    await page.getByTestId('resolve-dialog').getByRole('button', { name: 'Cancel' }).click();
    expect(await page.getByTestId('case-status').textContent()).not.toBe('Resolved');

    await task.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => task.textContent()).toContain('done');
    expect(await task.getByRole('button', { name: 'Done' }).count()).toBe(0);
    const stored = await h.container.store.repos.tasks.forCase(caseId);
    expect(stored).toMatchObject([{ phone: '+373 22 123 456', note: 'ask about the queue' }]);
    expect(stored[0]!.doneAt).not.toBeNull();

    // A reply published on the channel links to where it can be read (here recorded as a connector would).
    const [reply] = await h.container.store.repos.replies.forCase(caseId);
    await h.container.store.repos.replies.update(reply!.id, {
      status: 'sent',
      deliveryChannel: 'connector:telegram',
      deliveryStatus: 'delivered',
      externalId: '-100123:55',
      externalLink: 'https://t.me/pizzalovers/55',
    });
    await page.reload();
    const published = page.getByTestId('published-reply');
    await expect.poll(() => published.count()).toBeGreaterThan(0);
    expect(await published.first().getAttribute('href')).toBe('https://t.me/pizzalovers/55');
    expect(await published.first().textContent()).toBe('Open the published reply');
    await page.close();
  });

  it('does not offer "Go private" on a conversation that is private already (an e-mail)', async () => {
    const page = await openDesk();
    await page.goto(`${base}/cases/${emailCaseId}`);
    await page.getByTestId('timeline').waitFor();
    await page.getByRole('button', { name: 'Send', exact: true }).waitFor();
    expect(await page.getByRole('button', { name: 'Go private' }).count()).toBe(0);
    // On the public Facebook post it is there.
    await page.goto(`${base}/cases/${caseId}`);
    await expect.poll(() => page.getByRole('button', { name: 'Go private' }).count()).toBe(1);
    await page.close();
  });
});

/**
 * Settings → Channels in Chromium: a manager adds an RSS channel (the form is
 * generated from the connector types), clicks "Fetch now", sees the first
 * items as plain text with their counts, and finds the mentions in the inbox;
 * the dashboard shows a failing channel with its error.
 *
 * Enabled after the core merge: the routes under /brands/:brandId/connections
 * come from the channel core (docs/channels.md), built in parallel.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.js';
import { browserTestsAvailable, launchChromium, listenOnLoopback, signIn } from '../support/browser.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { type Harness, openHarness } from '../support/harness.js';

const rss = (items: Array<{ id: string; title: string; text: string }>) => `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Reviews</title><link>http://reviews.example/</link><description>Reviews</description>
${items
  .map(
    (i) =>
      `<item><guid isPermaLink="false">${i.id}</guid><title>${i.title}</title><link>http://reviews.example/${i.id}</link><description>${i.text}</description><pubDate>Tue, 01 Dec 2026 08:00:00 GMT</pubDate></item>`,
  )
  .join('\n')}
</channel></rss>`;

describe.skipIf(!browserTestsAvailable)('Settings → Channels', () => {
  if (!browserTestsAvailable) return;
  let db: TestDatabase;
  let h: Harness;
  let browser: Browser;
  let base: string;
  let feed: Server;
  let feedUrl: string;
  let brandId: string;

  beforeAll(async () => {
    feed = createServer((req, res) => {
      if (req.url === '/broken.xml') return res.writeHead(500).end('down');
      if (req.url === '/forum.xml')
        return res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(
          rss([
            {
              id: 'f-1',
              title: 'Acme-ul nu răspunde',
              text: 'Comanda de la Acme-ul lor întârzie de o săptămână și nimeni nu răspunde la telefon',
            },
            { id: 'f-2', title: 'Acme vacancies', text: 'Acme vacancies: couriers wanted in Chisinau' },
            { id: 'f-3', title: 'Acme again', text: 'Acme sent me &amp;lt;img src=x onerror=alert(1)&amp;gt; instead of my order' },
          ]),
        );
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(
        rss([
          { id: 'r-1', title: 'Acme lost my parcel', text: 'Acme lost my parcel &amp;lt;b&amp;gt;twice&amp;lt;/b&amp;gt;, two weeks now' },
          { id: 'r-2', title: 'Acme support was rude', text: 'Acme support hung up on me' },
          { id: 'r-3', title: 'Cooking tips', text: 'Nothing about the brand here' },
        ]),
      );
    });
    await new Promise<void>((resolve) => feed.listen(0, '127.0.0.1', resolve));
    feedUrl = `http://127.0.0.1:${(feed.address() as AddressInfo).port}/feed.xml`;
    db = await createTestDatabase('sqlite');
    h = await openHarness('sqlite', db, {}, new ManualClock(new Date('2026-12-01T09:00:00Z')));
    brandId = await h.createBrand('acme');
    await h.createUser('maria@acme.test', brandId, 'manager');
    base = await listenOnLoopback(h.app);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await h?.close();
    await db?.drop();
    await new Promise((resolve) => feed?.close(resolve));
  });

  async function openDesk(): Promise<Page> {
    const page = await browser.newPage({ locale: 'en-US' });
    await signIn(page, base, 'maria@acme.test');
    return page;
  }

  it('adds an RSS channel, fetches now, shows the first items as text, and the mentions are in the inbox', async () => {
    const page = await openDesk();
    await page.goto(`${base}/settings`);
    const form = page.getByTestId('add-channel');
    await expect.poll(() => form.getByLabel('Type').locator('option').count()).toBeGreaterThan(1);
    await form.getByLabel('Type').selectOption('rss');
    await form.getByLabel('Name').fill('Review site');
    await form.locator('[data-field="url"] input').fill(feedUrl);
    await form.getByLabel('Words to look for').fill('Acme');
    await form.getByRole('button', { name: 'Add the channel' }).click();

    const row = page.getByTestId('connection');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain('Review site');
    expect(await row.getByTestId('channel-state').getAttribute('data-state')).toBe('new');
    await row.getByRole('button', { name: 'Fetch now' }).click();
    const outcome = page.getByTestId('fetch-outcome');
    await expect.poll(() => outcome.textContent()).toContain('2 new');
    expect(await outcome.textContent()).toContain('1 not matching the query');
    // Fetched text is plain text: markup in a post shows as characters, no element is made of it.
    expect(await outcome.textContent()).toContain('<b>twice</b>');
    expect(await outcome.locator('b').count()).toBe(0);
    expect(await page.getByTestId('fetched-item').filter({ hasText: 'Acme lost my parcel' }).count()).toBe(1);
    // "Lag" is explained: the newest post (08:00) was an hour old at this fetch (09:00), and the help says what is normal.
    await expect.poll(() => row.getByTestId('lag').textContent()).toBe('1h 0m');
    expect(await row.getByTestId('lag-label').getAttribute('title')).toBe('How old the newest post was when this channel was last fetched');
    const help = row.getByTestId('lag-help');
    expect(await help.textContent()).toContain('Normal is up to the time between fetches (5m here)');
    expect(await row.getByTestId('lag-label').getAttribute('aria-describedby')).toBe(await help.getAttribute('id'));

    // The harness steps the job queue by hand: the fetched mentions are classified and threaded into cases.
    while ((await h.runJobs()) > 0);
    await page.getByRole('link', { name: 'Inbox' }).click();
    // Entries without an author are not one person: each is a case of its own.
    await expect.poll(() => page.getByText('Acme lost my parcel').count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByText('Acme support was rude').count()).toBeGreaterThan(0);
    expect(await page.getByText('Nothing about the brand here').count()).toBe(0);
    // The row's channel badge names the connection and its type, as text.
    const badge = page.locator('tr', { hasText: 'Acme lost my parcel' }).getByTestId('channel-badge');
    await expect.poll(() => badge.textContent()).toBe('RSS Review site');
    expect(await badge.getAttribute('data-type')).toBe('rss');
    await page.getByText('Acme lost my parcel').first().click();
    await expect.poll(() => page.getByTestId('timeline').textContent()).toContain('two weeks now');
    expect(await page.getByTestId('timeline').textContent()).not.toContain('Acme support hung up on me');
    await page.close();
  });

  it('a failing channel shows its error in Settings and on the dashboard', async () => {
    const page = await openDesk();
    await page.goto(`${base}/settings`);
    const form = page.getByTestId('add-channel');
    await expect.poll(() => form.getByLabel('Type').locator('option').count()).toBeGreaterThan(1);
    await form.getByLabel('Type').selectOption('rss');
    await form.getByLabel('Name').fill('Broken feed');
    await form.locator('[data-field="url"] input').fill(feedUrl.replace('feed.xml', 'broken.xml'));
    await form.getByRole('button', { name: 'Add the channel' }).click();
    const row = page.getByTestId('connection').filter({ hasText: 'Broken feed' });
    await expect.poll(() => row.count()).toBe(1);
    await row.getByRole('button', { name: 'Fetch now' }).click();
    await expect.poll(() => row.getByTestId('channel-state').getAttribute('data-state')).toBe('failing');
    expect(await row.getByTestId('channel-error').textContent()).toContain('500');
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await expect.poll(() => page.getByTestId('failing-channels').textContent()).toContain('Broken feed');
    await page.close();
  });

  it("a new user's first channel: help, an error beside its field, Test right after adding; the query edited with a preview", async () => {
    const page = await openDesk();
    await page.goto(`${base}/settings`);
    const form = page.getByTestId('add-channel');
    await expect.poll(() => form.getByLabel('Type').locator('option').count()).toBeGreaterThan(1);
    await form.getByLabel('Type').selectOption('rss');
    expect(await form.getByTestId('type-help').textContent()).toContain('Google Alert');
    await form.getByLabel('Name').fill('Forum');
    // The browser takes ftp:// as a URL; the API refuses it and names config.url: the error shows beside that field.
    await form.locator('[data-field="url"] input').fill('ftp://feeds.example/forum.xml');
    await form.getByRole('button', { name: 'Add the channel' }).click();
    await expect.poll(() => form.locator('[data-field="url"] [data-testid="field-error"]').textContent()).toContain('http');
    expect(await form.locator('[data-field="url"] input').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('connection').filter({ hasText: 'Forum' }).count()).toBe(0);

    await form.locator('[data-field="url"] input').fill(feedUrl.replace('feed.xml', 'forum.xml'));
    await form.getByRole('button', { name: 'Add the channel' }).click();
    const row = page.getByTestId('connection').filter({ hasText: 'Forum' });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.getByTestId('just-added').count()).toBe(1);
    expect(await row.getByTestId('webhook-setup').count()).toBe(0); // a feed is polled: nothing to paste
    await row.getByRole('button', { name: 'Test', exact: true }).click();
    await expect.poll(() => row.getByTestId('fetch-outcome').textContent()).toContain('3 new');
    expect(await row.getByTestId('just-added').count()).toBe(0); // tested: the "Test it now" nudge goes

    // Editing the stored query: words, exclusions, languages, with a preview over the last fetched items.
    const edit = row.getByTestId('query-edit');
    expect(await edit.getByTestId('query-summary').textContent()).toBe('none, every item comes in');
    await edit.locator('summary').click();
    await edit.getByLabel('Words to look for').fill('Acme');
    await edit.getByLabel('Words to leave out').fill('vacancies');
    await edit.getByRole('button', { name: 'Preview' }).click();
    const preview = edit.getByTestId('listening-preview');
    await expect.poll(() => preview.count()).toBe(1);
    const scanned = (await h.container.store.repos.connections.recentItems(brandId, 500)).length;
    expect(scanned).toBeGreaterThanOrEqual(3);
    const matched = preview.getByTestId('preview-matched');
    expect(await preview.getByTestId('preview-counts').textContent()).toBe(
      `${await matched.count()} of the last ${scanned} fetched items would match`,
    );
    // The Romanian article form is marked as the term; the marks are elements React made from text, nothing else is.
    const ro = matched.filter({ hasText: 'nu răspunde' });
    expect(await ro.locator('mark').allTextContents()).toEqual(['Acme', 'Acme']);
    expect(await ro.textContent()).toContain('Acme-ul nu răspunde');
    const markup = matched.filter({ hasText: 'instead of my order' });
    expect(await markup.textContent()).toContain('<img src=x onerror=alert(1)>');
    expect(await preview.locator('img').count()).toBe(0);
    // The exclusion drops the job ad, and says why.
    const dropped = preview.getByTestId('preview-dropped').filter({ hasText: 'couriers wanted' });
    expect(await dropped.getByTestId('dropped-why').textContent()).toBe('left out: vacancies');
    expect(await dropped.locator('mark[data-kind="exclusion"]').allTextContents()).toEqual(['vacancies', 'vacancies']);
    expect(await matched.filter({ hasText: 'couriers wanted' }).count()).toBe(0);

    // Only Romanian: the English posts are dropped for their language, the Romanian one still comes in.
    await edit.getByRole('checkbox', { name: 'Romanian' }).check();
    await edit.getByRole('button', { name: 'Preview' }).click();
    await expect
      .poll(() => preview.getByTestId('preview-dropped').filter({ hasText: 'instead of my order' }).getByTestId('dropped-why').textContent())
      .toBe('left out: written in English');
    expect(await matched.filter({ hasText: 'nu răspunde' }).count()).toBe(1);

    // A bad term: the error shows beside the words, and nothing is saved.
    await edit.getByLabel('Words to look for').fill('Acme, x');
    await edit.getByRole('button', { name: 'Save the query' }).click();
    await expect.poll(() => edit.locator('[data-field="query.include"] [data-testid="field-error"]').textContent()).toContain('2 characters');
    const id = await row.getAttribute('data-connection');
    const stored = async () => (await h.container.store.repos.connections.find(id!))?.query;
    expect(await stored()).toBeNull();

    await edit.getByLabel('Words to look for').fill('Acme');
    await edit.getByRole('button', { name: 'Save the query' }).click();
    await expect.poll(stored).toEqual({ include: ['Acme'], exclude: ['vacancies'], languages: ['ro'] });
    await expect.poll(() => row.getByTestId('query-summary').textContent()).toBe('Acme');

    // A channel that pushes: right after adding, the URL and the secret to paste.
    await form.getByLabel('Type').selectOption('telegram');
    expect(await form.getByTestId('type-help').textContent()).toContain('@BotFather');
    await form.getByLabel('Name').fill('Bot');
    // A secret's error (secrets.bot_token) shows beside it too, without its path or the value.
    await form.locator('[data-field="bot_token"] input').fill('not-a-token');
    await form.getByRole('button', { name: 'Add the channel' }).click();
    const tokenError = form.locator('[data-field="bot_token"] [data-testid="field-error"]');
    await expect.poll(() => tokenError.textContent()).toBe('missing or not valid');
    expect(await tokenError.textContent()).not.toContain('not-a-token');
    await form.locator('[data-field="bot_token"] input').fill('123456:AAtest-token-for-the-desk');
    await form.getByRole('button', { name: 'Add the channel' }).click();
    const bot = page.getByTestId('connection').filter({ hasText: 'Bot' });
    await expect.poll(() => bot.getByTestId('webhook-setup').count()).toBe(1);
    expect(await bot.getByTestId('webhook-setup').textContent()).toContain(`${base}/api/v1/hooks/connections/`);
    expect((await bot.getByTestId('webhook-secret').locator('code').textContent())?.length).toBeGreaterThan(20);
    expect(await page.getByTestId('just-added').count()).toBe(1); // only the last one added
    await page.close();
  });
});

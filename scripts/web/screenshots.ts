/**
 * `npm run screenshots`: the README's pictures of the desk. Starts Defuse on a
 * temporary SQLite database with the shipped classifier, seeds the demo brand
 * (four languages), signs in with Chromium and photographs the inbox and a
 * case with the reply checker at work, in each of the four UI languages:
 * docs/screenshots/{inbox,case,dashboard}[.ru|.ro|.ar].png. Then it connects
 * a local review feed (after those, so they stay as they were) and
 * photographs Settings → Channels with a listening query's preview:
 * docs/screenshots/settings-channels[.ru|.ro|.ar].png.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { chromium } from 'playwright-core';
import { loadConfig } from '../../src/config/env.js';
import { createContainer } from '../../src/container.js';
import { seedDemo } from '../../src/demo/demo.js';
import { buildServer } from '../../src/http/server.js';

const OUT = join(import.meta.dirname, '..', '..', 'docs', 'screenshots');
const PASSWORD = 'screenshots-password-1';
const LOCALES = join(import.meta.dirname, '..', '..', 'web', 'src', 'locales');

const dir = mkdtempSync(join(tmpdir(), 'defuse-shots-'));
const config = loadConfig({ DATABASE_URL: `sqlite:${join(dir, 'shots.db')}`, LOG_LEVEL: 'silent', PORT: '0', HOST: '127.0.0.1' });
const container = await createContainer(config, { logger: pino({ level: 'silent' }), queue: 'sql' });
const op = { type: 'system' as const, name: 'screenshots' };
const user = await container.brands.createUser(op, { email: 'maria@acme.test', name: 'Maria', password: PASSWORD });
const demo = await seedDemo(container, 'demo', [{ userId: user.id, role: 'manager' }]);
const app = await buildServer(container);
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
const browser = await chromium.launch({
  executablePath: process.env.DEFUSE_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
/** The reply typed on the case page, in each UI language's own words (the checker flags every one of them). */
/** A review feed for Settings → Channels: the brand in four languages, a job ad (excluded) and an unrelated post. */
const FEED_ITEMS = [
  ['Acme lost my parcel again', 'Ordered from Acme two weeks ago, the parcel is still not here and support does not answer.'],
  ['Заказ в Acme', 'Заказ в Acme ждём уже неделю, курьер не отвечает на звонки.'],
  ['Acme-ul nu răspunde', 'Comanda de la Acme-ul lor întârzie de o săptămână și nimeni nu răspunde la telefon.'],
  ['شكوى من Acme', 'طلبت من Acme قبل أسبوع ولم يصل شيء حتى الآن.'],
  ['Acme is hiring', 'Acme vacancies: couriers wanted in Chisinau and Bucharest.'],
  ['Pancakes', 'The best pancake recipes for a Sunday morning.'],
];
const feedXml = `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Reviews</title><link>http://reviews.example/</link>
<description>Reviews</description>${FEED_ITEMS.map(
  ([title, text], i) =>
    `<item><guid isPermaLink="false">review-${i}</guid><title>${title}</title><link>http://reviews.example/${i}</link><description>${text}</description></item>`,
).join('')}</channel></rss>`;
const feed = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feedXml));
await new Promise<void>((resolve) => feed.listen(0, '127.0.0.1', resolve));

const REPLIES: Record<string, string> = {
  en: 'We apologize for any inconvenience. Please send us your order number, it will be fixed soon.',
  ru: 'Приносим извинения за доставленные неудобства. Пришлите номер заказа, скоро всё исправим.',
  ro: 'Ne cerem scuze pentru neplăcerile create. Trimiteți-ne numărul comenzii, se va rezolva în curând.',
  ar: 'نعتذر عن أي إزعاج. أرسل لنا رقم الطلب وسيتم حل المشكلة قريبًا.',
};
try {
  mkdirSync(OUT, { recursive: true });
  // One set per UI language: inbox.png (English), inbox.ru.png, inbox.ro.png, inbox.ar.png, and so on.
  for (const lang of ['en', 'ru', 'ro', 'ar']) {
    const suffix = lang === 'en' ? '' : `.${lang}`;
    const context = await browser.newContext({ viewport: { width: 1400, height: 820 }, locale: lang });
    await context.addInitScript((l) => localStorage.setItem('defuse.lang', l), lang);
    const page = await context.newPage();
    await page.goto(base);
    await page.locator('input[type=email]').fill('maria@acme.test');
    await page.locator('input[type=password]').fill(PASSWORD);
    await page.locator('button[type=submit]').click();
    await page.locator('table.cases tbody tr').first().waitFor();
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(OUT, `inbox${suffix}.png`) });
    await page.locator('table.cases tbody tr', { hasText: 'parcel' }).first().click();
    await page.getByTestId('playbook').waitFor();
    const replyLabel = (JSON.parse(readFileSync(join(LOCALES, `${lang}.json`), 'utf8')) as { case: { reply: string } }).case.reply;
    await page.getByRole('textbox', { name: replyLabel, exact: true }).fill(REPLIES[lang]!);
    await page.locator('[data-testid=findings] li').first().waitFor();
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(OUT, `case${suffix}.png`), fullPage: true });
    await page.goto(`${base}/dashboard`);
    await page.locator('.recharts-surface').first().waitFor();
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(OUT, `dashboard${suffix}.png`), fullPage: true });
    await context.close();
  }
  // Settings → Channels: a feed connected with a listening query, its last items fetched, the query's preview open.
  const { connection } = await container.channels.add(op, demo.brandId, {
    type: 'rss',
    name: 'Review site',
    config: { url: `http://127.0.0.1:${(feed.address() as AddressInfo).port}/reviews.xml` },
    query: { include: ['Acme'], exclude: ['vacancies'] },
  });
  await container.channels.fetchNow(op, demo.brandId, connection.id);
  for (const lang of ['en', 'ru', 'ro', 'ar']) {
    const suffix = lang === 'en' ? '' : `.${lang}`;
    const context = await browser.newContext({ viewport: { width: 1400, height: 820 }, locale: lang });
    await context.addInitScript((l) => localStorage.setItem('defuse.lang', l), lang);
    const page = await context.newPage();
    await page.goto(base);
    await page.locator('input[type=email]').fill('maria@acme.test');
    await page.locator('input[type=password]').fill(PASSWORD);
    await page.locator('button[type=submit]').click();
    await page.locator('table.cases tbody tr').first().waitFor();
    await page.goto(`${base}/settings`);
    const channels = page.getByTestId('channels');
    await channels.getByTestId('query-edit').locator('summary').click();
    await channels.getByTestId('listening-query').locator('.actions button').click();
    await channels.getByTestId('listening-preview').waitFor();
    await page.waitForTimeout(300);
    await channels.screenshot({ path: join(OUT, `settings-channels${suffix}.png`) });
    await context.close();
  }
  console.log(`screenshots written to ${OUT}`);
} finally {
  feed.close();
  await browser.close();
  await app.close();
  await container.close();
  rmSync(dir, { recursive: true, force: true });
}

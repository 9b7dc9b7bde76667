/**
 * `npm run screenshots`: the README's pictures of the desk. Starts Defuse on a
 * temporary SQLite database with the shipped classifier, seeds the demo brand
 * (four languages), signs in with Chromium and photographs the inbox and a
 * case with the reply checker at work, in each of the four UI languages:
 * docs/screenshots/{inbox,case,dashboard}[.ru|.ro|.ar].png.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
await seedDemo(container, 'demo', [{ userId: user.id, role: 'manager' }]);
const app = await buildServer(container);
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
const browser = await chromium.launch({
  executablePath: process.env.DEFUSE_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
/** The reply typed on the case page, in each UI language's own words (the checker flags every one of them). */
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
  console.log(`screenshots written to ${OUT}`);
} finally {
  await browser.close();
  await app.close();
  await container.close();
  rmSync(dir, { recursive: true, force: true });
}

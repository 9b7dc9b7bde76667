/**
 * `npm run screenshots`: the README's pictures of the desk. Starts Defuse on a
 * temporary SQLite database with the shipped classifier, seeds the demo brand
 * (four languages), signs in with Chromium and photographs the inbox and a
 * case with the reply checker at work: docs/screenshots/*.png.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
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
try {
  mkdirSync(OUT, { recursive: true });
  const page = await browser.newPage({ viewport: { width: 1400, height: 820 } });
  await page.goto(base);
  await page.getByLabel('E-mail').fill('maria@acme.test');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('table.cases tbody tr').first().waitFor();
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(OUT, 'inbox.png') });
  await page.locator('table.cases tbody tr', { hasText: 'parcel' }).first().click();
  await page.getByTestId('playbook').waitFor();
  await page
    .getByRole('textbox', { name: 'Reply' })
    .fill('We apologize for any inconvenience. Please send us your order number, it will be fixed soon.');
  await page.locator('[data-testid=findings] li').first().waitFor();
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(OUT, 'case.png'), fullPage: true });
  await page.getByRole('link', { name: 'Dashboard' }).click();
  await page.locator('.recharts-surface').first().waitFor();
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(OUT, 'dashboard.png'), fullPage: true });
  console.log(`screenshots written to ${OUT}`);
} finally {
  await browser.close();
  await app.close();
  await container.close();
  rmSync(dir, { recursive: true, force: true });
}

/**
 * What the browser tests share: Debian's Chromium (the path the PDF adapter
 * uses), whether it and the built desk are here (on CI they must be), and the
 * server listening on a free loopback port.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium, type Page } from 'playwright-core';
import { CHROMIUM_PATH } from '../../src/adapters/pdf/chromium-pdf.js';
import { WEB_DIST } from '../../src/http/web/web-app.js';
import type { TestDatabase } from './databases.js';
import { type Harness, PASSWORD } from './harness.js';

export const CHROMIUM = CHROMIUM_PATH;
export const browserTestsAvailable = existsSync(CHROMIUM) && existsSync(join(WEB_DIST, 'index.html'));
if (!browserTestsAvailable && process.env.CI) throw new Error(`browser tests need ${CHROMIUM} and a built web/dist (npm run build:web)`);

/** Headless Chromium with nothing of its own reaching out (no updates, sync or background requests). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** Starts the server on a free port of 127.0.0.1; returns its base URL. */
export async function listenOnLoopback(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

/** The harness's desk served on loopback, and Chromium open: the last step of a browser test's set-up. */
export async function serveDesk(h: Harness): Promise<{ base: string; browser: Browser }> {
  const base = await listenOnLoopback(h.app);
  return { base, browser: await launchChromium() };
}

/** Closes what a browser test opened, the browser first; any of them may be missing when its set-up failed early. */
export async function closeDesk(browser: Browser | undefined, h: Harness | undefined, db: TestDatabase | undefined): Promise<void> {
  await browser?.close();
  await h?.close();
  await db?.drop();
}

/** Signs in on the desk's own form, as a person would, and waits until the desk is shown. */
export async function signIn(page: Page, base: string, email: string, password = PASSWORD): Promise<void> {
  await page.goto(`${base}/`);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('link', { name: 'Dashboard' }).waitFor();
}

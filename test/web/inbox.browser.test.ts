/**
 * The inbox at more than a page, in Chromium: 60 cases, the server's sort by
 * the soonest deadline puts the breached one first (it was the oldest by
 * activity, on no page of 50 of the "most recent" order), "Load more" follows
 * the cursor to the rest, the age column reads in the UI language, and a count
 * over the cap reads "55+".
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

describe.skipIf(!browserTestsAvailable)('the inbox past one page, in Chromium', () => {
  let db: TestDatabase;
  let h: Harness;
  let browser: Browser;
  let page: Page;
  let base: string;
  let breachedId = '';
  const noDeadline = new Set<string>();

  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    const now = Date.now();
    h = await openHarness('sqlite', db, { DEFUSE_INBOX_COUNT_CAP: '55' }, new ManualClock(new Date(now)), new ScriptedClassifier());
    const brandId = await h.createBrand('big');
    await h.createUser('lead@big.test', brandId, 'manager');
    const token = await h.createToken(brandId);
    // Case i's last activity is i hours ago (plus a minute): case 59 is the oldest.
    await ingestAll(
      h,
      token,
      Array.from({ length: 60 }, (_, i) =>
        buildMention({
          external_id: `big-${i}`,
          author: { handle: `customer${i}`, name: `Customer ${i}` },
          created_at: new Date(now - i * 3_600_000 - 60_000).toISOString(),
          text: `#kind=constructive Order ${5000 + i} is late again`,
        }),
      ),
    );
    const cases = (await h.container.store.repos.cases.list({ brandId }, 100)).items;
    expect(cases).toHaveLength(60);
    // Every case is due tomorrow or later, one in three owes nothing, and the oldest one is an hour past its deadline.
    for (const [i, c] of cases.entries()) {
      const due = i === 59 ? new Date(now - 3_600_000) : i % 3 === 1 ? null : new Date(now + (1 + i) * 86_400_000);
      await h.container.store.repos.cases.update(c.id, { responseDueAt: due?.toISOString() ?? null, status: 'new' });
      if (i === 59) breachedId = c.id;
      if (due === null) noDeadline.add(c.id);
    }
    base = await listenOnLoopback(h.app);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1360, height: 860 }, locale: 'en-US' });
  });

  afterAll(async () => {
    await browser?.close();
    await h?.close();
    await db?.drop();
  });

  const rows = () => page.locator('table.cases tbody tr');

  it('shows a page of 50, the capped count, and each case’s age', async () => {
    await signIn(page, base, 'lead@big.test');
    await expect.poll(() => rows().count()).toBe(50);
    expect(await page.getByTestId('total').textContent()).toBe('55+ cases');
    expect(await rows().first().getByTestId('age').textContent()).toBe('1m');
    expect(await rows().nth(3).getByTestId('age').textContent()).toBe('3h');
    expect(await page.locator(`tr[data-case="${breachedId}"]`).count()).toBe(0); // the oldest, past page 1
  });

  it('sorts by the soonest deadline on the server: the breached case first, no deadline last, then loads the rest', async () => {
    await page.getByTestId('sort').selectOption('due');
    await expect.poll(() => rows().first().getAttribute('data-case')).toBe(breachedId);
    expect(await rows().first().textContent()).toContain('Customer 59');
    expect(await rows().count()).toBe(50);
    await page.getByTestId('load-more').click();
    await expect.poll(() => rows().count()).toBe(60);
    const ids = await rows().evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-case')));
    expect(new Set(ids).size).toBe(60);
    expect(await page.getByTestId('load-more').count()).toBe(0);
    expect(noDeadline.size).toBe(20);
    expect(ids.slice(-20).every((id) => noDeadline.has(id!))).toBe(true); // the tail: the cases with no deadline
  });

  it('reads the age in the UI language', async () => {
    await page.evaluate(() => localStorage.setItem('defuse.lang', 'ru'));
    await page.reload();
    await expect.poll(() => page.getByTestId('total').textContent()).toBe('Кейсов: 55+');
    expect(await rows().nth(3).getByTestId('age').textContent()).toBe('3 ч');
  });
});

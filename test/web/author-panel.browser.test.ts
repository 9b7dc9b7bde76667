/**
 * "About the author" on the case page, in Chromium: the author's counts, last
 * reading and other cases, a link that opens another case, and an erased
 * author shown as erased with no texts.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.js';
import { browserTestsAvailable, closeDesk, serveDesk, signIn } from '../support/browser.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { buildMention } from '../support/factories.js';
import { type Harness, openHarness } from '../support/harness.js';
import { ingestBatch } from '../support/requests.js';

describe.skipIf(!browserTestsAvailable)('author panel on the case page', () => {
  let db: TestDatabase;
  let h: Harness;
  let browser: Browser;
  let base: string;
  let cases: string[];
  let erasedCase: string;

  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    h = await openHarness('sqlite', db, {}, new ManualClock(new Date('2026-02-01T12:00:00Z')));
    const brandId = await h.createBrand('acme');
    await h.createUser('maria@acme.test', brandId, 'manager');
    const token = await h.createToken(brandId);
    const olga = { handle: 'olga_k', name: 'Olga K', url: 'https://twitter.example/olga_k' };
    const stored = await ingestBatch(h, token, [
      buildMention({ external_id: 'o-1', author: olga, created_at: '2026-01-01T10:00:00Z', text: 'Where is my parcel? Two weeks now.' }),
      buildMention({ external_id: 'o-2', author: olga, created_at: '2026-01-10T10:00:00Z', text: 'The courier was rude to me today.' }),
      buildMention({ external_id: 'o-3', author: olga, created_at: '2026-01-20T10:00:00Z', text: 'Charged twice for one order!' }),
      buildMention({
        external_id: 'g-1',
        author: { handle: 'gone', name: 'Gone Person' },
        created_at: '2026-01-02T10:00:00Z',
        text: 'Secret words here',
      }),
      buildMention({ external_id: 'g-2', author: { handle: 'gone' }, created_at: '2026-01-25T10:00:00Z' }),
    ]);
    cases = stored.slice(0, 3).map((m) => m.caseId!);
    erasedCase = stored[4]!.caseId!;
    await h.container.personalData.erase({ type: 'system', name: 'test' }, brandId, stored[3]!.authorId);
    ({ base, browser } = await serveDesk(h));
  });

  afterAll(() => closeDesk(browser, h, db));

  async function openDesk(locale = 'en-US'): Promise<Page> {
    const page = await browser.newPage({ locale });
    await signIn(page, base, 'maria@acme.test');
    return page;
  }

  it("shows the author's counts and other cases, and opens one from its link", async () => {
    const page = await openDesk();
    await page.goto(`${base}/cases/${cases[2]}`);
    const panel = page.getByTestId('author-panel');
    await expect.poll(() => panel.textContent()).toContain('About the author');
    await expect.poll(() => page.getByTestId('author-mentions').textContent()).toBe('3');
    expect(await page.getByTestId('author-cases').textContent()).toBe('3');
    expect(await page.getByTestId('author-profile').getAttribute('href')).toBe('https://twitter.example/olga_k');
    const links = page.getByTestId('author-other-cases').getByRole('link');
    expect(await links.allTextContents()).toEqual(['The courier was rude to me today.', 'Where is my parcel? Two weeks now.']);
    await links.first().click();
    await expect.poll(() => page.url()).toBe(`${base}/cases/${cases[1]}`);
    await expect
      .poll(() => page.getByTestId('author-other-cases').getByRole('link').allTextContents())
      .toEqual(['Charged twice for one order!', 'Where is my parcel? Two weeks now.']);
    await page.close();
  });

  it('shows an erased author as erased, with no name or subjects', async () => {
    const page = await openDesk();
    await page.goto(`${base}/cases/${erasedCase}`);
    await expect.poll(() => page.getByTestId('author-erased').count()).toBe(1);
    const text = (await page.getByTestId('author-panel').textContent()) ?? '';
    expect(text).toContain('[erased]');
    expect(text).not.toContain('Gone Person');
    expect(text).not.toContain('Secret words');
    await page.close();
  });
});

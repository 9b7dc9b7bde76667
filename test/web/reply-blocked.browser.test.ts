/**
 * A reply the checker holds back is explained in the desk's language (issue
 * 16): the rules by their names, no internal keys, and the way on ("Send
 * anyway"), which asks for a reason and sends it, the reason kept in the
 * timeline; a new text takes the old verdict away. Chromium in Russian against the real server over
 * a fresh SQLite database.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.js';
import { browserTestsAvailable, closeDesk, serveDesk, signIn } from '../support/browser.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { buildMention } from '../support/factories.js';
import { type Harness, openHarness } from '../support/harness.js';
import { ingestOne } from '../support/requests.js';
import { ScriptedClassifier } from '../support/scripted-classifier.js';

describe.skipIf(!browserTestsAvailable)('a reply the checker holds back, in Chromium', () => {
  let db: TestDatabase;
  let h: Harness;
  let browser: Browser;
  let base: string;
  let caseId: string;

  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    const clock = new ManualClock(new Date());
    h = await openHarness('sqlite', db, {}, clock, new ScriptedClassifier());
    const brandId = await h.createBrand('acme');
    await h.createUser('olga@acme.test', brandId, 'responder');
    const token = await h.createToken(brandId);
    caseId = (
      await ingestOne(
        h,
        token,
        buildMention({ created_at: clock.now().toISOString(), text: '#kind=constructive my parcel is two weeks late and nobody answers' }),
      )
    ).caseId!;
    ({ base, browser } = await serveDesk(h));
  });

  afterAll(() => closeDesk(browser, h, db));

  it('names the rules in Russian, without internal keys, a new text clears the verdict, and "Send anyway" asks why and sends it', async () => {
    const page = await browser.newPage({ viewport: { width: 1360, height: 900 }, locale: 'ru-RU' });
    await signIn(page, base, 'olga@acme.test');
    await page.getByTestId('ui-language').selectOption('ru');
    await page.goto(`${base}/cases/${caseId}`);
    await page.getByTestId('timeline').waitFor();
    await page.getByRole('textbox', { name: 'Ответ', exact: true }).fill('We apologize for any inconvenience. Please delete your post.');
    await expect.poll(() => page.getByTestId('findings').locator('li').count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Отправить', exact: true }).click();
    const held = page.getByTestId('checker-blocked');
    await held.waitFor();
    const said = (await held.textContent())!;
    expect(said).toContain('Шаблонная фраза');
    expect(said).toContain('«Все равно отправить»');
    expect(said).not.toMatch(/stock_phrase|asks_to_delete|acknowledge_findings|reply checker/);
    expect(await page.getByTestId('suggestions-language').textContent()).toContain('на языке самого ответа');

    // A new text (the playbook's draft) takes the old verdict away, and its "Send anyway" with it.
    await page.getByRole('button', { name: 'Черновик по сценарию', exact: true }).click();
    await expect.poll(() => held.count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Все равно отправить', exact: true }).count()).toBe(0);
    const box = page.getByRole('textbox', { name: 'Ответ', exact: true });
    await expect.poll(() => box.inputValue()).not.toContain('delete your post');

    // Held again, then sent anyway: only with a reason, which the timeline keeps with the rules.
    await box.fill('We apologize for any inconvenience. Please delete your post.');
    await expect.poll(() => page.getByTestId('findings').locator('li').count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Отправить', exact: true }).click();
    await held.waitFor();
    await page.getByRole('button', { name: 'Все равно отправить', exact: true }).click();
    const confirm = page.getByRole('button', { name: 'Отправить с этой причиной', exact: true });
    expect(await confirm.isDisabled()).toBe(true);
    expect((await h.container.store.repos.replies.forCase(caseId)).map((r) => r.status)).not.toContain('sent');
    await page.getByRole('textbox', { name: /Почему отправить как есть/ }).fill('клиент сам просил эти слова');
    await confirm.click();
    await expect.poll(async () => (await h.container.store.repos.replies.forCase(caseId)).map((r) => r.status)).toContain('sent');
    // The desk hears back after the row is stored: the hold message goes once it has.
    await expect.poll(() => held.count()).toBe(0);
    await expect
      .poll(() => page.getByTestId('timeline').textContent())
      .toContain('Отправлено вопреки проверке: Шаблонная фраза, Просьба удалить пост — \u2068клиент сам просил эти слова\u2069');
    await page.close();
  });
});

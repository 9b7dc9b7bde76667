/**
 * The server's refusals in the desk's language (issue 16), Chromium with the
 * Russian UI: an invitation to someone already on the brand, a tag too long,
 * a report recipient that is not an address (beside its field), a channel
 * address the API refuses (beside its field), and a new password equal to
 * the current one each read in Russian, the field named by its label rather
 * than its path, never the English line or the raw path. The API still
 * answers the English `message` beside the `problem` code for API users.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.js';
import { browserTestsAvailable, closeDesk, serveDesk, signIn } from '../support/browser.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { buildMention } from '../support/factories.js';
import { type Harness, openHarness, PASSWORD } from '../support/harness.js';
import { api, ingestOne } from '../support/requests.js';
import { ScriptedClassifier } from '../support/scripted-classifier.js';

/** What no Russian message may carry: the server's English words or a raw field path. */
const ENGLISH = /already a member|must be|characters|is not|reportSchedule\.|recipients\.\d|add\.\d|config\.url|new_password/;

describe.skipIf(!browserTestsAvailable)('server refusals in the Russian desk, in Chromium', () => {
  let db: TestDatabase;
  let h: Harness;
  let browser: Browser;
  let base: string;
  let page: Page;
  let brandId: string;
  let caseId: string;

  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    const clock = new ManualClock(new Date());
    h = await openHarness('sqlite', db, {}, clock, new ScriptedClassifier());
    brandId = await h.createBrand('acme');
    await h.createUser('lead@acme.test', brandId, 'admin');
    await h.createUser('olga@acme.test', brandId, 'responder');
    const token = await h.createToken(brandId);
    caseId = (await ingestOne(h, token, buildMention({ created_at: clock.now().toISOString(), text: '#kind=question where is my parcel?' }))).caseId!;
    ({ base, browser } = await serveDesk(h));
    page = await browser.newPage({ viewport: { width: 1360, height: 900 }, locale: 'ru-RU' });
    await signIn(page, base, 'lead@acme.test');
    await page.getByTestId('ui-language').selectOption('ru');
  });

  afterAll(() => closeDesk(browser, h, db));

  it('the API keeps its English message and adds the problem code', async () => {
    const lead = await h.login('lead@acme.test');
    const res = await api(h, 'PUT', `/api/v1/cases/${caseId}/tags`, lead, { add: ['x'.repeat(41)] });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toEqual({
      id: 'validation_failed',
      field: 'add.0',
      message: 'add.0: must be at most 40 characters (this one has 41)',
      problem: 'too_long',
      params: { max: 40 },
    });
    const short = await api(h, 'POST', '/api/v1/auth/password', lead, { current_password: PASSWORD, new_password: 'short' });
    expect(short.json().error).toMatchObject({ field: 'new_password', problem: 'too_short', params: { min: 12 } });
  });

  it('an invitation to a member: the refusal in Russian beside the invite form', async () => {
    await page.goto(`${base}/settings/people`);
    await page.getByTestId('people').waitFor();
    await page.getByRole('textbox', { name: 'E-mail приглашённого' }).fill('olga@acme.test');
    await page.getByRole('button', { name: 'Пригласить', exact: true }).click();
    const error = page.getByTestId('invite-error');
    await expect.poll(() => error.textContent()).toBe('Эл. почта: olga@acme.test уже участник этого бренда');
  });

  it('a tag too long on the case page: "Метки: не длиннее 40 симв."', async () => {
    await page.goto(`${base}/cases/${caseId}`);
    await page.getByTestId('tag-input').fill('x'.repeat(41));
    await page.getByTestId('tag-add').click();
    const error = page.getByTestId('case-error');
    await expect.poll(() => error.textContent()).toBe('Метки: не длиннее 40 симв.');
    expect(await error.textContent()).not.toMatch(ENGLISH);
  });

  it('a report recipient that is not an address: beside its field, in Russian', async () => {
    await page.goto(`${base}/settings`);
    const section = page.locator('details[data-section=reportSchedule]');
    await section.locator('summary').click();
    await section.locator('textarea').fill('boss@acme.test\nnot an address');
    await section.getByRole('button', { name: 'Сохранить', exact: true }).click();
    const beside = section.locator('.form-row.invalid .field-error');
    await expect.poll(() => beside.textContent()).toBe('нужен адрес электронной почты (name@example.com)');
  });

  it('a channel address the API refuses: beside the address field, in Russian', async () => {
    const form = page.getByTestId('add-channel');
    await expect.poll(() => form.locator('select').first().locator('option').count()).toBeGreaterThan(1);
    await form.locator('select').first().selectOption('rss');
    await form.locator('[data-field="url"] input').fill('ftp://feeds.example/forum.xml');
    await form.locator('button[type=submit]').click();
    const beside = form.locator('[data-field="url"] [data-testid="field-error"]');
    await expect.poll(() => beside.textContent()).toBe('нужен URL-адрес (https://…)');
  });

  it('a new password equal to the current one: named by its label, in Russian', async () => {
    await page.goto(`${base}/account`);
    const form = page.getByTestId('change-password');
    const inputs = form.locator('input[type=password]');
    await inputs.nth(0).fill(PASSWORD);
    await inputs.nth(1).fill(PASSWORD);
    await inputs.nth(2).fill(PASSWORD);
    await form.locator('button[type=submit]').click();
    await expect.poll(() => form.getByRole('alert').textContent()).toBe('Новый пароль: должен отличаться от текущего пароля');
  });
});

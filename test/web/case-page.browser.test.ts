/**
 * The case page's remaining workflow pieces, in Chromium (issue 16): a
 * manager switches the case to another playbook (planned again for it, in the
 * timeline; a responder is not offered the switch); when an idea is done the
 * page prompts to tell the customer, with a ready draft in the case's
 * language that opens in the editor, once; the classifier's "Why" is said in
 * the desk's language; a responder asks a specialist from the page (the
 * note in the timeline, the specialist's bell), a refusal shown and the
 * question kept.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDefaultClassifier } from '../../src/adapters/classifier-models.js';
import { ManualClock } from '../../src/domain/clock.js';
import { browserTestsAvailable, closeDesk, serveDesk, signIn } from '../support/browser.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { buildMention } from '../support/factories.js';
import { type Harness, OPERATOR, openHarness } from '../support/harness.js';
import { api, ingestOne } from '../support/requests.js';
import { ScriptedClassifier } from '../support/scripted-classifier.js';

describe.skipIf(!browserTestsAvailable)('the case page, in Chromium', () => {
  let db: TestDatabase;
  let h: Harness;
  let browser: Browser;
  let base: string;
  let token: string;
  let clock: ManualClock;
  let brandId: string;

  const ingest = async (text: string, extra: object = {}) =>
    (await ingestOne(h, token, buildMention({ created_at: clock.now().toISOString(), text, ...extra }))).caseId!;

  async function open(email: string, caseId: string, locale = 'en-US'): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1360, height: 900 }, locale });
    await signIn(page, base, email);
    await page.goto(`${base}/cases/${caseId}`);
    await page.getByTestId('timeline').waitFor();
    return page;
  }

  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    clock = new ManualClock(new Date());
    // More sign-ins than the login limit's 10 a minute (every test opens the desk afresh).
    h = await openHarness('sqlite', db, { DEFUSE_LOGIN_MAX_PER_MINUTE: '1000' }, clock, new ScriptedClassifier());
    brandId = await h.createBrand('acme');
    await h.createUser('lead@acme.test', brandId, 'manager');
    await h.createUser('olga@acme.test', brandId, 'responder');
    token = await h.createToken(brandId);
    ({ base, browser } = await serveDesk(h));
  });

  afterAll(() => closeDesk(browser, h, db));

  it('switches the case to black PR’s playbook: planned again for it, in the timeline', async () => {
    const caseId = await ingest('#kind=neutral everyone says this shop sells fakes');
    const page = await open('lead@acme.test', caseId);
    const playbook = page.getByTestId('playbook');
    expect(await playbook.locator('[data-situation]').getAttribute('data-situation')).toBe('other');
    await playbook.getByLabel('Switch playbook').selectOption({ label: 'Black PR' });
    await playbook.getByRole('button', { name: 'Switch', exact: true }).click();
    await expect.poll(() => playbook.locator('[data-situation]').getAttribute('data-situation')).toBe('black_pr');
    expect(await page.getByTestId('current-step').textContent()).toBe('Keep the evidence');
    await expect.poll(() => page.getByTestId('timeline').textContent()).toContain('Playbook: Other → Black PR');
    const stored = (await h.container.store.repos.cases.findById(caseId))!;
    expect(stored).toMatchObject({ playbook: 'black_pr', repliesNeedApproval: true });
    await page.close();

    // A responder follows the playbook but does not choose it.
    const responder = await open('olga@acme.test', caseId);
    await responder.getByTestId('current-step').waitFor();
    expect(await responder.getByTestId('playbook-switch').count()).toBe(0);
    await responder.close();
  });

  it('prompts to tell the customer when their idea is done, with a draft in their language, once', async () => {
    const caseId = await ingest('#kind=idea #lang=ru было бы здорово добавить ночную доставку', { author: { handle: 'ana_p', name: 'Ана' } });
    const page = await open('olga@acme.test', caseId);
    const idea = page.getByTestId('idea');
    await expect.poll(() => idea.getByTestId('idea-status').textContent()).toBe('new');
    expect(await page.getByTestId('idea-prompt').count()).toBe(0);
    await idea.getByLabel('Idea status').selectOption('done');
    await idea.getByRole('button', { name: 'Save status' }).click();
    const prompt = page.getByTestId('idea-prompt');
    await expect.poll(() => prompt.getByTestId('idea-draft').textContent()).toContain('Хорошая новость, Ана');
    expect(await prompt.textContent()).toContain('The idea is done: tell the customer');

    await prompt.getByRole('button', { name: 'Use this draft' }).click();
    const editor = page.getByRole('textbox', { name: 'Reply', exact: true });
    await expect.poll(() => editor.inputValue()).toContain('Спасибо за идею');
    expect(await page.getByTestId('idea-prompt').count()).toBe(0);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(async () => (await h.container.store.repos.replies.forCase(caseId)).map((r) => r.status)).toEqual(['sent']);

    // Told: the prompt does not come back, not after a reload, not when the idea is done again.
    await page.reload();
    await page.getByTestId('timeline').waitFor();
    await expect.poll(() => idea.getByTestId('idea-status').textContent()).toBe('done');
    expect(await page.getByTestId('idea-prompt').count()).toBe(0);
    await idea.getByLabel('Idea status').selectOption('planned');
    await idea.getByRole('button', { name: 'Save status' }).click();
    await expect.poll(() => idea.getByTestId('idea-status').textContent()).toBe('planned');
    await idea.getByLabel('Idea status').selectOption('done');
    await idea.getByRole('button', { name: 'Save status' }).click();
    await expect.poll(() => idea.getByTestId('idea-status').textContent()).toBe('done');
    expect(await page.getByTestId('idea-prompt').count()).toBe(0);
    await page.close();
  });

  it('says in the timeline which flags a case was given ("Flagged: threat"), in the desk\'s language', async () => {
    const id = await ingest('#kind=constructive #signal=threat I know where you live and I will come');
    const page = await open('lead@acme.test', id);
    await expect.poll(() => page.getByTestId('timeline').textContent()).toContain('Flagged: threat');
    await page.getByTestId('ui-language').selectOption('ru');
    await expect.poll(() => page.getByTestId('timeline').textContent()).toContain('Отмечено: угроза');
    await page.getByTestId('ui-language').selectOption('en');
    await page.close();
  });

  it('links a fix from the case page and marks it shipped, both in the timeline (they were API-only)', async () => {
    const caseId = await ingest('#kind=constructive the app crashes when I pay by card');
    const page = await open('olga@acme.test', caseId);
    const form = page.getByTestId('link-fix');
    await form.getByLabel('Link a fix').fill('https://tracker.example/APP-42');
    await form.getByRole('button', { name: 'Link', exact: true }).click();
    const fix = page.getByTestId('case-fix');
    await expect.poll(() => fix.locator('a').getAttribute('href')).toBe('https://tracker.example/APP-42');
    expect(await form.getByLabel('Change the fix').inputValue()).toBe('');
    await expect.poll(() => page.getByTestId('timeline').textContent()).toContain('Fix linked');
    await fix.getByRole('button', { name: 'Fix shipped' }).click();
    await expect.poll(async () => (await h.container.store.repos.cases.findById(caseId))?.fixShippedAt).toBeTruthy();
    await expect.poll(() => page.getByTestId('timeline').textContent()).toContain('Fix shipped');
    // Shipped: nothing left to link or mark.
    expect(await page.getByTestId('link-fix').count()).toBe(0);
    expect(await fix.getByRole('button').count()).toBe(0);
    expect((await h.container.store.repos.cases.findById(caseId))?.fixRef).toBe('https://tracker.example/APP-42');
    await page.close();
  });

  it('puts the case actions in a titled block at the top of the right column, a refusal said next to its button', async () => {
    const caseId = await ingest('#kind=constructive my parcel is lost and the tracking page is empty');
    const olga = await h.login('olga@acme.test');
    const sent = await api(h, 'POST', `/api/v1/cases/${caseId}/replies`, olga, {
      body: 'Thank you for telling us, and sorry your parcel is lost. I have asked the courier and will write by 17:00 today.',
      sent: true,
      acknowledge_findings: true,
      override_reason: 'checked by hand',
    });
    expect(sent.statusCode, sent.body).toBeLessThan(300);
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'en-US' });
    await signIn(page, base, 'olga@acme.test');
    await page.goto(`${base}/cases/${caseId}`);
    const block = page.getByTestId('case-actions');
    await block.waitFor();
    expect(await block.getByRole('heading', { name: 'Case actions' }).count()).toBe(1);
    // The first thing in the right column, above the idea panel, and on the first screen.
    const order = await page.evaluate(() => {
      const aside = document.querySelector('aside.right')!;
      const actions = document.querySelector('[data-testid="case-actions"]')!;
      const idea = document.querySelector('[data-testid="idea"]')!;
      return {
        first: aside.firstElementChild === actions,
        beforeIdea: Boolean(actions.compareDocumentPosition(idea) & Node.DOCUMENT_POSITION_FOLLOWING),
      };
    });
    expect(order).toEqual({ first: true, beforeIdea: true });
    const resolve = block.getByRole('button', { name: 'Resolve', exact: true });
    for (const name of ['Assign to me', 'Resolve', 'Snooze', 'Solved', 'Not solved']) {
      const box = await block.getByRole('button', { name, exact: true }).boundingBox();
      expect(box && box.y + box.height <= 768, name).toBe(true);
    }
    // The follow-up check is not answered yet: the refusal sits under the Resolve button, not at the top of the page.
    await resolve.click();
    const refusal = block.getByTestId('action-error');
    await expect.poll(() => refusal.count()).toBe(1);
    expect(await refusal.getAttribute('data-action')).toBe('resolve');
    expect(await refusal.textContent()).toContain('Not resolved: the follow-up check');
    expect(await page.getByTestId('case-error').count()).toBe(0);
    const gap = await page.evaluate(() => {
      const b = [...document.querySelectorAll('[data-testid="case-actions"] button')].find((x) => x.textContent === 'Resolve')!;
      const e = document.querySelector('[data-testid="action-error"]')!;
      return e.getBoundingClientRect().top - b.getBoundingClientRect().bottom;
    });
    expect(gap).toBeGreaterThanOrEqual(0);
    expect(gap).toBeLessThan(40);
    // Answering the check takes the refusal away, and the case resolves.
    await block.getByRole('button', { name: 'Solved', exact: true }).click();
    await expect.poll(() => refusal.count()).toBe(0);
    await expect.poll(async () => (await h.container.store.repos.cases.findById(caseId))?.status).toBe('resolved');
    await page.close();
  });

  it('asks a specialist from the case page: the note in the timeline, the specialist notified; a refusal keeps the question', async () => {
    const dev = await h.createUser('dev@acme.test', brandId, 'specialist');
    const vera = await h.createUser('vera@acme.test', brandId, 'specialist');
    await h.container.teams.create(OPERATOR, brandId, { name: 'Billing', memberIds: [dev] });
    const caseId = await ingest('#kind=constructive the invoice shows the wrong VAT');
    const page = await open('olga@acme.test', caseId);
    const ask = page.getByTestId('ask-specialist');
    const who = ask.getByLabel('Whom to ask');
    // Specialists first (with their teams), then the others; never oneself.
    await expect
      .poll(() => who.locator('option').allTextContents())
      .toEqual(['—', 'dev (specialist, Billing)', 'vera (specialist)', 'lead (manager)']);
    expect(await who.locator('optgroup').evaluateAll((gs) => gs.map((g) => g.getAttribute('label')))).toEqual(['Specialists', 'Other colleagues']);
    const question = ask.getByLabel('Question');
    const button = ask.getByRole('button', { name: 'Ask', exact: true });
    expect(await button.isDisabled()).toBe(true);
    await who.selectOption({ label: 'dev (specialist, Billing)' });
    await question.fill('Is VAT computed on the discounted price?');
    await button.click();
    await expect.poll(() => page.getByTestId('timeline').textContent()).toContain('@dev: Is VAT computed on the discounted price?');
    expect(await page.getByTestId('timeline').textContent()).toContain('Specialist asked: dev');
    expect(await question.inputValue()).toBe('');
    expect(await who.inputValue()).toBe('');

    // The specialist's bell counts it; the notification names the case.
    const theirs = await open('dev@acme.test', caseId);
    await expect.poll(() => theirs.getByTestId('bell').locator('.count').textContent()).toBe('1');
    const notes = (await api(h, 'GET', '/api/v1/notifications?unread=true', await h.login('dev@acme.test'))).json().items;
    expect(notes).toEqual([expect.objectContaining({ type: 'specialist.asked', case_id: caseId })]);
    await theirs.close();

    // Someone who left the brand since the page opened: the server's refusal is shown, the question stays.
    await h.container.accounts.deactivateMember(OPERATOR, brandId, vera);
    await who.selectOption({ label: 'vera (specialist)' });
    await question.fill('And the shipping fee?');
    await button.click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('must be a member of this brand');
    expect(await question.inputValue()).toBe('And the shipping fee?');
    expect((await h.container.store.repos.cases.notes(caseId)).map((n) => n.body)).toEqual(['@dev: Is VAT computed on the discounted price?']);
    await page.close();
  });

  it('says the classifier’s reasons in the desk’s language, quoting the mention as it is', async () => {
    const text = 'Comanda nu a ajuns de două săptămâni și nimeni nu răspunde la telefon!!!';
    const caseId = await ingest(`#kind=constructive ${text}`);
    // The shipped model's reading, reasons and codes as it gives them (the scripted classifier has no codes).
    const real = loadDefaultClassifier().classify({ text });
    expect(real.reasonCodes?.length).toBe(real.reasons.length);
    const [m] = (await h.container.store.repos.mentions.list({ brandId, caseId }, 1)).items;
    await h.container.store.repos.mentions.saveClassification(m!.id, { ...m!.classification, ...real });

    const page = await open('olga@acme.test', caseId);
    const why = page.getByTestId('why').locator('li');
    await expect.poll(() => why.count()).toBe(real.reasons.length);
    expect(await why.first().textContent()).toBe('Language Romanian: Latin script, Romanian words');
    await page.getByTestId('ui-language').selectOption('ru');
    await expect.poll(() => why.first().textContent()).toMatch(/^Язык — румынский: латиница/);
    const lines = await why.allTextContents();
    expect(lines.some((l) => l.startsWith('Тип: конструктив ('))).toBe(true);
    // Not one line left in the classifier's English; the mention's own words are quoted as they are.
    expect(lines.filter((l) => /\b(language|kind|sentiment|signal|topic)\b/.test(l))).toEqual([]);
    const quoted = real.reasonCodes!.find((r) => typeof r.params.quotes === 'string');
    if (quoted) expect(lines.join('\n')).toContain(String(quoted.params.quotes));
    await page.getByTestId('ui-language').selectOption('en');
    await page.close();
  });
});

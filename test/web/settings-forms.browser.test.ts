/**
 * Settings → the response policy and routing as forms (issue 16): the time
 * zone, business hours per weekday and response targets; routing rules as
 * rows with team and person pickers, reordered; the JSON stays the advanced
 * view and edits carry over; a value out of range and the server's own
 * refusal are shown at their fields; and the first admin's prompt "Your desk
 * counts business hours in UTC" until a zone is saved. Chromium against the
 * real server over a fresh SQLite database.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.js';
import { browserTestsAvailable, launchChromium, listenOnLoopback } from '../support/browser.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { type Harness, openHarness, PASSWORD } from '../support/harness.js';
import { ScriptedClassifier } from '../support/scripted-classifier.js';

const SYSTEM = { type: 'system', name: 't' } as const;

describe.skipIf(!browserTestsAvailable)('settings forms: response policy and routing', () => {
  let db: TestDatabase;
  let h: Harness;
  let browser: Browser;
  let page: Page;
  let base: string;
  let brandId: string;
  let financeId: string;
  let olgaId: string;
  const settings = () => h.container.brands.getSettings(SYSTEM, brandId);
  const signIn = async (p: Page, email: string) => {
    await p.goto(`${base}/`);
    await p.getByLabel('E-mail').fill(email);
    await p.getByLabel('Password').fill(PASSWORD);
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.locator('header nav').waitFor();
  };

  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    h = await openHarness('sqlite', db, {}, new ManualClock(new Date()), new ScriptedClassifier());
    brandId = await h.createBrand('acme');
    await h.createUser('maria@acme.test', brandId, 'manager');
    await h.createUser('rita@acme.test', brandId, 'responder');
    olgaId = await h.createUser('olga@acme.test', brandId, 'responder');
    financeId = (await h.container.teams.create(SYSTEM, brandId, { name: 'Finance', memberIds: [olgaId] })).id;
    // Monday closed so that opening it is a change; the zone stays the default (UTC), never set.
    const policy = (await settings()).responsePolicy;
    await h.container.brands.updateSettings(SYSTEM, brandId, {
      responsePolicy: { ...policy, calendar: { ...policy.calendar, week: { ...policy.calendar.week, mon: [] } } },
    });
    expect((await settings()).responsePolicy.calendar.timeZone).toBe('UTC');
    base = await listenOnLoopback(h.app);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1360, height: 900 }, locale: 'en-US', timezoneId: 'Europe/Chisinau' });
    page.on('dialog', (d) => void d.dismiss());
  });

  afterAll(async () => {
    await browser?.close();
    await h?.close();
    await db?.drop();
  });

  it('shows a responder no time-zone prompt', async () => {
    const context = await browser.newContext({ locale: 'en-US', timezoneId: 'Europe/Chisinau' });
    const other = await context.newPage();
    await signIn(other, 'rita@acme.test');
    // The prompt is for managers and admins only: a responder's desk never mounts it.
    await expect.poll(() => other.locator('main .loading').count()).toBe(0);
    expect(await other.getByRole('link', { name: 'Settings' }).count()).toBe(0);
    expect(await other.getByTestId('tz-prompt').count()).toBe(0);
    await context.close();
  });

  it(
    'asks a manager for the time zone and links to the form; business hours and a zone saved survive a reload; the prompt is gone',
    { timeout: 60_000 },
    async () => {
      await signIn(page, 'maria@acme.test');
      const prompt = page.getByTestId('tz-prompt');
      await expect.poll(() => prompt.textContent()).toContain('Your desk counts business hours in UTC — set your time zone');
      await prompt.getByRole('link').click();
      const section = page.locator('details[data-section=responsePolicy]');
      await expect.poll(() => section.getAttribute('open')).toBe('');
      expect(page.url()).toBe(`${base}/settings#business-hours`);

      const zone = page.getByLabel('Time zone');
      expect(await zone.inputValue()).toBe('UTC');
      // The browser's zone is offered; the list is the browser's IANA zones.
      expect(await zone.locator('option').count()).toBeGreaterThan(300);
      expect(await section.getByRole('button', { name: 'Use Europe/Chisinau' }).count()).toBe(1);
      await zone.selectOption('Asia/Tokyo');
      const monday = page.getByLabel('Monday', { exact: true });
      expect(await monday.isChecked()).toBe(false);
      await monday.check();
      await page.getByLabel('Monday from').fill('09:00');
      // The server's refusal is shown at Monday's row.
      await page.getByLabel('Monday to').fill('08:00');
      await section.getByRole('button', { name: 'Save' }).click();
      await expect.poll(() => section.locator('[data-day=mon] .field-error').textContent()).toBe('a period must end after it starts');
      expect((await settings()).responsePolicy.calendar.timeZone).toBe('UTC');
      await page.getByLabel('Monday to').fill('18:00');

      // A target out of range is named at its field, in the unit shown.
      const targets = section.getByTestId('targets');
      const firstRow = targets.locator('tr[data-target="0"]');
      const first = page.getByLabel('First response of target 1', { exact: true });
      const firstUnit = page.getByLabel('Unit of the first response of target 1');
      expect(await first.inputValue()).toBe('1');
      expect(await firstUnit.inputValue()).toBe('hours');
      expect(await page.getByLabel('Public or private, target 1').inputValue()).toBe('public');
      await first.fill('1000');
      await section.getByRole('button', { name: 'Save' }).click();
      await expect.poll(() => firstRow.locator('.field-error').textContent()).toBe('a number from 0.25 to 720');
      expect((await settings()).responsePolicy.targets[0]!.firstResponseMinutes).toBe(60);
      await first.fill('90');
      await firstUnit.selectOption('minutes');
      // Targets are rows: the last one (praise and neutral: no target) removed, one for public questions on Telegram added.
      const count = (await settings()).responsePolicy.targets.length;
      await section.getByRole('button', { name: `Remove target ${count}` }).click();
      await section.getByRole('button', { name: 'Add a target' }).click();
      await page
        .getByRole('group', { name: `Kinds of target ${count}` })
        .getByLabel('question', { exact: true })
        .check();
      await page.getByLabel(`Public or private, target ${count}`).selectOption('public');
      await page.getByLabel(`Channels of target ${count}`).fill('telegram');
      await page.getByLabel(`First response of target ${count}`, { exact: true }).fill('30');
      await page.getByLabel(`Unit of the first response of target ${count}`).selectOption('minutes');

      // Unsaved edits carry over to the JSON view and back.
      await expect.poll(() => section.locator('summary').textContent()).toContain('not saved');
      await section.getByRole('button', { name: 'Advanced (JSON)' }).click();
      const json = section.getByRole('textbox', { name: 'responsePolicy' });
      const edited = JSON.parse(await json.inputValue());
      expect(edited.calendar.timeZone).toBe('Asia/Tokyo');
      expect(edited.calendar.week.mon).toEqual([{ start: '09:00', end: '18:00' }]);
      expect(edited.targets[0].firstResponseMinutes).toBe(90);
      await json.fill(JSON.stringify({ ...edited, cooldownMinutes: 45 }));
      await section.getByRole('button', { name: 'Back to the form' }).click();
      expect(await page.getByLabel('Cool-down for an impulsive poster').inputValue()).toBe('45');
      expect(await zone.inputValue()).toBe('Asia/Tokyo');
      await zone.selectOption('Europe/Chisinau');
      await section.getByRole('button', { name: 'Save' }).click();
      await expect.poll(() => section.locator('.actions > [role=status]').textContent()).toBe('Saved');
      const saved = (await settings()).responsePolicy;
      expect(saved.calendar.timeZone).toBe('Europe/Chisinau');
      expect(saved.calendar.week.mon).toEqual([{ start: '09:00', end: '18:00' }]);
      expect(saved.targets[0]!.firstResponseMinutes).toBe(90);
      expect(saved.targets[0]!.kinds).toContain('constructive');
      expect(saved.cooldownMinutes).toBe(45);
      expect(saved.targets).toHaveLength(count);
      expect(saved.targets[count - 1]).toEqual({ kinds: ['question'], visibility: 'public', channels: ['telegram'], firstResponseMinutes: 30 });
      expect(saved.targets.some((r) => r.kinds?.includes('praise'))).toBe(false);
      await expect.poll(() => prompt.count()).toBe(0);

      await page.goto(`${base}/settings`);
      await page.locator('details[data-section=responsePolicy] summary').click();
      expect(await page.getByLabel('Time zone').inputValue()).toBe('Europe/Chisinau');
      expect(await page.getByLabel('Monday', { exact: true }).isChecked()).toBe(true);
      expect(await page.getByLabel('Monday from').inputValue()).toBe('09:00');
      expect(await page.getByLabel('Monday to').inputValue()).toBe('18:00');
      expect(await page.getByLabel('First response of target 1', { exact: true }).inputValue()).toBe('90');
      expect(await page.getByLabel('Unit of the first response of target 1').inputValue()).toBe('minutes');
      expect(await page.getByLabel(`Channels of target ${count}`).inputValue()).toBe('telegram');
      expect(await page.getByTestId('tz-prompt').count()).toBe(0);
      await page.getByRole('link', { name: 'Dashboard' }).click();
      await page.getByTestId('tiles').waitFor();
      expect(await page.getByTestId('tz-prompt').count()).toBe(0);
    },
  );

  it('adds routing rules as rows with team and person pickers, reorders them and saves; a rule with nobody is refused at its row', async () => {
    await page.getByRole('link', { name: 'Settings' }).click();
    const section = page.locator('details[data-section=routing]');
    await section.locator('summary').click();
    expect(await section.locator('li.routing-rule').count()).toBe(0);
    await section.getByRole('button', { name: 'Add a rule' }).click();
    await page.getByLabel('Rule 1', { exact: true }).fill('Billing to finance');
    const topics = page.getByRole('group', { name: 'Topics of rule 1' });
    await topics.getByLabel('billing', { exact: true }).check();
    await topics.getByLabel('price', { exact: true }).check();
    await page.getByLabel('Languages of rule 1').fill('ru, ro');
    // Saved with nobody named: the server's message is shown at the rule.
    await section.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => section.locator('li[data-rule="0"] .field-error').textContent()).toBe('a rule names either a team or a person');
    await page.getByLabel('Team of rule 1').selectOption({ label: 'Finance' });

    await section.getByRole('button', { name: 'Add a rule' }).click();
    await page.getByLabel('Rule 2', { exact: true }).fill('Black PR to Olga');
    await page.getByRole('group', { name: 'Kinds of rule 2' }).getByLabel('black PR', { exact: true }).check();
    await page.getByLabel('Rule 2 goes to').selectOption('user');
    const person = page.getByLabel('Person of rule 2');
    const olga = (await person.locator('option').allTextContents()).find((o) => o.includes('(olga@acme.test)'));
    expect(olga).toBeDefined();
    await person.selectOption({ label: olga! });
    await page.getByRole('button', { name: 'Move rule 2 up' }).click();
    // Saving another section reloads the settings; the routing edits, not saved yet, stay.
    const policy = page.locator('details[data-section=responsePolicy]');
    await policy.locator('summary').click();
    await page.getByLabel('Ask “is it solved?” after').fill('48');
    await policy.getByRole('button', { name: 'Save' }).click();
    await expect.poll(async () => (await settings()).responsePolicy.followUpAfterHours).toBe(48);
    expect(await section.locator('summary').textContent()).toContain('not saved');
    expect(await page.getByLabel('Rule 1', { exact: true }).inputValue()).toBe('Black PR to Olga');
    await page.getByRole('group', { name: 'Every reply on these kinds is approved first' }).getByLabel('trolling', { exact: true }).check();
    await section.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => section.locator('.actions > [role=status]').textContent()).toBe('Saved');

    // Checked through the API, as a client would read it.
    const res = await page.request.get(`${base}/api/v1/brands/${brandId}/settings`);
    expect(res.status()).toBe(200);
    expect((await res.json()).routing).toEqual({
      rules: [
        { name: 'Black PR to Olga', kinds: ['black_pr'], userId: olgaId },
        { name: 'Billing to finance', topics: ['price', 'billing'], languages: ['ru', 'ro'], teamId: financeId },
      ],
      review: { kinds: ['trolling', 'black_pr'], newResponders: true, reviewerIds: [] },
    });
    // And routing uses it: the first rule that matches decides.
    await page.reload();
    await page.locator('details[data-section=routing] summary').click();
    expect(await page.getByLabel('Rule 1', { exact: true }).inputValue()).toBe('Black PR to Olga');
    expect(await page.getByLabel('Team of rule 2').inputValue()).toBe(financeId);
  });
  it('lays the response targets out as a table at 1366 px, in English and in Arabic; routing fields are labelled and reviewers are only approvers', async () => {
    const wide = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'en-US' });
    await signIn(wide, 'maria@acme.test');
    for (const lang of ['en', 'ar'] as const) {
      await wide.getByTestId('ui-language').selectOption(lang);
      await wide.goto(`${base}/settings#business-hours`);
      const targets = wide.getByTestId('targets');
      await targets.waitFor();
      // One row per target: the kinds, then the first response, then each next message, under their headings.
      const layout = await wide.evaluate(() => {
        const table = document.querySelector('[data-testid="targets"]')!;
        const heads = [...table.querySelectorAll('thead th')].map((th) => th.getBoundingClientRect());
        const rows = [...table.querySelectorAll('tbody tr')];
        const problems: string[] = [];
        for (const [r, tr] of rows.entries()) {
          const cells = [...tr.children].map((td) => td.getBoundingClientRect());
          if (cells.length !== heads.length) problems.push(`row ${r}: ${cells.length} cells`);
          cells.forEach((c, i) => {
            if (Math.abs(c.left - heads[i]!.left) > 1 || Math.abs(c.width - heads[i]!.width) > 1)
              problems.push(`row ${r} cell ${i} not under its heading`);
          });
          // A value and its unit side by side.
          for (const span of tr.querySelectorAll('.field-input')) {
            const [input, select] = [span.querySelector('input')!, span.querySelector('select')!];
            if (Math.abs(input.getBoundingClientRect().top - select.getBoundingClientRect().top) > 4) problems.push(`row ${r}: unit under its value`);
          }
          // The placeholder of "each next message" is not cut.
          const next = tr.querySelector<HTMLInputElement>('input.next-value')!;
          const ctx = document.createElement('canvas').getContext('2d')!;
          const style = getComputedStyle(next);
          ctx.font = `${style.fontSize} ${style.fontFamily}`;
          const room = next.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
          if (ctx.measureText(next.placeholder).width > room) problems.push(`row ${r}: placeholder cut`);
        }
        return { rows: rows.length, problems, overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth };
      });
      expect(layout.rows).toBeGreaterThan(1);
      expect(layout.problems).toEqual([]);
      expect(layout.overflow).toBeLessThanOrEqual(0);
      // Kinds are chips, ticked as saved: what is chosen is seen.
      const saved = (await settings()).responsePolicy.targets[0]!.kinds ?? [];
      const chips = targets.getByTestId('target-kinds-1').locator('input[type=checkbox]');
      expect(await chips.count()).toBe(8);
      expect((await chips.evaluateAll((xs) => xs.filter((x) => (x as HTMLInputElement).checked))).length).toBe(saved.length);
      expect(await targets.locator('select[multiple]').count()).toBe(0);
    }
    await wide.getByTestId('ui-language').selectOption('en');

    // Routing: each field of a rule says what it is; reviewers are only people who may approve replies.
    await wide.goto(`${base}/settings`);
    const section = wide.locator('details[data-section=routing]');
    await section.locator('summary').click();
    // A new row (not saved): its fields as a manager sees them.
    await section.getByRole('button', { name: 'Add a rule' }).click();
    const rule = section.locator('li.routing-rule').last();
    await rule.waitFor();
    const captions = await rule.locator('.choice-label').allTextContents();
    expect(captions).toEqual(['Topics', 'Kinds', 'Situations', 'Channels', 'Languages']);
    expect(await section.locator('select[multiple]').count()).toBe(0);
    const reviewers = section.getByTestId('reviewers');
    const offered = await reviewers.locator('label').allTextContents();
    expect(offered.some((o) => o.includes('maria'))).toBe(true);
    expect(offered.some((o) => o.includes('olga') || o.includes('rita'))).toBe(false);
    await wide.close();
  });
});

/**
 * Assigning by team in Chromium (issue 16): a manager makes a team of the
 * brand's members on the People page, hands a case to it from the case page
 * (its least-loaded member gets it) and more cases from the inbox's bulk bar;
 * the inbox shows each case's team and person; a member's "My team" tab lists
 * the team's cases, whoever on it has them.
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

describe.skipIf(!browserTestsAvailable)('assigning by team, in Chromium', () => {
  let db: TestDatabase;
  let h: Harness;
  let browser: Browser;
  let page: Page;
  let base: string;
  let brandId: string;
  let olga: string;
  let ion: string;
  const byText = new Map<string, string>();

  const stored = async (id: string) => (await h.container.store.repos.cases.findById(id))!;
  const row = (id: string) => page.locator(`table.cases tbody tr[data-case="${id}"]`);

  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    h = await openHarness('sqlite', db, {}, new ManualClock(new Date()), new ScriptedClassifier());
    brandId = await h.createBrand('acme');
    await h.createUser('lead@acme.test', brandId, 'manager');
    olga = await h.createUser('olga@acme.test', brandId, 'responder');
    ion = await h.createUser('ion@acme.test', brandId, 'responder');
    const token = await h.createToken(brandId);
    const texts = [
      '#kind=constructive the courier left my parcel in the rain',
      '#kind=question do you deliver on Sunday?',
      '#kind=question can I pick up in Cluj?',
      '#kind=question gift cards?',
    ];
    await ingestAll(
      h,
      token,
      texts.map((text, i) =>
        buildMention({ external_id: `t-${i}`, author: { handle: `c${i}` }, created_at: new Date(Date.now() - i * 60_000).toISOString(), text }),
      ),
    );
    for (const c of (await h.container.store.repos.cases.list({ brandId }, 10)).items) byText.set(c.subject.replace(/^#kind=\w+ /, ''), c.id);
    // Olga already has a case: the team's least-loaded member is Ion.
    await h.container.cases.change({ type: 'system', name: 'test' }, byText.get('gift cards?')!, { assigneeId: olga });
    base = await listenOnLoopback(h.app);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1360, height: 860 }, locale: 'en-US' });
  });

  afterAll(async () => {
    await browser?.close();
    await h?.close();
    await db?.drop();
  });

  it('makes a team of two members on the People page', async () => {
    await signIn(page, base, 'lead@acme.test');
    await page.getByRole('link', { name: 'People' }).click();
    await page.getByLabel('Team name').fill('Delivery');
    await page.getByRole('button', { name: 'Create team' }).click();
    await page.getByLabel('olga on Delivery').check();
    await expect.poll(async () => (await h.container.teams.list({ type: 'system', name: 'test' }, brandId))[0]?.memberIds).toEqual([olga]);
    await page.getByLabel('ion on Delivery').check();
    await expect
      .poll(async () => (await h.container.teams.list({ type: 'system', name: 'test' }, brandId))[0]?.memberIds.sort())
      .toEqual([olga, ion].sort());
    expect(await page.getByLabel('olga on Delivery').isChecked()).toBe(true);
  });

  it('hands a case to the team from the case page: its least-loaded member gets it', async () => {
    const rain = byText.get('the courier left my parcel in the rain')!;
    await page.goto(`${base}/cases/${rain}`);
    const assignment = page.getByTestId('case-assignment');
    await assignment.getByLabel('Team').selectOption({ label: 'Delivery' });
    await expect.poll(async () => (await stored(rain)).assigneeId).toBe(ion);
    expect((await stored(rain)).teamId).not.toBeNull();
    await expect.poll(() => assignment.getByLabel('Assignee').inputValue()).toBe(ion);
    await expect.poll(() => page.getByTestId('timeline').textContent()).toContain('Handed to team Delivery');

    await page.getByRole('link', { name: '← Inbox' }).click();
    await expect.poll(() => row(rain).getByTestId('assignment').textContent()).toBe('Delivery · ion');
  });

  it('hands the ticked cases to the team from the bulk bar', async () => {
    const ids = [byText.get('do you deliver on Sunday?')!, byText.get('can I pick up in Cluj?')!];
    for (const id of ids) await row(id).getByRole('checkbox').check();
    await page.getByTestId('bulk-team').selectOption({ label: 'Delivery' });
    await expect.poll(() => page.getByTestId('bulk-undo').textContent()).toContain('Handing 2 cases to Delivery');
    await expect
      .poll(async () => Promise.all(ids.map(async (id) => Boolean((await stored(id)).teamId))), { timeout: 10_000, interval: 250 })
      .toEqual([true, true]);
    for (const id of ids) await expect.poll(() => row(id).getByTestId('assignment').textContent()).toMatch(/^Delivery · (olga|ion)$/);
  });

  it('lists the team’s cases under a member’s “My team”, whoever on it has them', async () => {
    const mine = await browser.newPage({ viewport: { width: 1360, height: 860 }, locale: 'en-US' });
    await signIn(mine, base, 'olga@acme.test');
    await mine.getByRole('tab', { name: 'My team' }).click();
    await expect
      .poll(async () => (await mine.locator('table.cases tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-case')))).sort())
      .toEqual(
        [
          byText.get('the courier left my parcel in the rain')!,
          byText.get('do you deliver on Sunday?')!,
          byText.get('can I pick up in Cluj?')!,
        ].sort(),
      );
    await mine.close();
  });

  it('renames a team on the People page; its cases show the new name', async () => {
    await page.getByRole('link', { name: 'People' }).click();
    const teams = page.getByTestId('teams');
    await teams.getByRole('button', { name: 'Rename' }).click();
    await page.getByLabel('New name for Delivery').fill('Couriers');
    await page.getByRole('button', { name: 'Save name' }).click();
    await expect.poll(async () => (await h.container.teams.list({ type: 'system', name: 'test' }, brandId))[0]?.name).toBe('Couriers');
    await expect.poll(() => teams.locator('th').first().textContent()).toBe('Couriers');
    expect(await page.getByLabel('olga on Couriers').isChecked()).toBe(true);
    // Escape leaves the name as it was.
    await teams.getByRole('button', { name: 'Rename' }).click();
    await page.getByLabel('New name for Couriers').fill('Oops');
    await page.getByLabel('New name for Couriers').press('Escape');
    await expect.poll(() => teams.locator('th').first().textContent()).toBe('Couriers');

    await page.getByRole('link', { name: 'Inbox' }).first().click();
    const rain = byText.get('the courier left my parcel in the rain')!;
    await expect.poll(() => row(rain).getByTestId('assignment').textContent()).toBe('Couriers · ion');
  });

  it('lets a responder hand a case to a colleague by name (the assignee list is not only "me" for those who may not list members)', async () => {
    const responder = await browser.newPage({ viewport: { width: 1360, height: 860 }, locale: 'en-US' });
    const failed: string[] = [];
    responder.on('response', (r) => {
      if (r.status() === 403) failed.push(r.url());
    });
    await signIn(responder, base, 'olga@acme.test');
    const sunday = byText.get('do you deliver on Sunday?')!;
    await responder.goto(`${base}/cases/${sunday}`);
    const assignee = responder.getByTestId('case-assignment').getByLabel('Assignee');
    await expect.poll(() => assignee.locator('option').allTextContents()).toContain('ion');
    await assignee.selectOption({ label: 'ion' });
    await expect.poll(async () => (await stored(sunday)).assigneeId).toBe(ion);
    expect(failed).toEqual([]);
    await responder.close();
  });
});

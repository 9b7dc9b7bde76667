/**
 * The desk offers each role what it may do (issue 16): a specialist reads the
 * case, adds notes, and is told why there is no reply editor, Resolve, Snooze
 * or Not engaging; a responder who opens /settings reads them read-only
 * (inputs disabled, no Save; "Only a manager can change these") and the
 * server still refuses a change; an installation admin
 * who is only a manager of the brand (as the README's demo command leaves
 * them) manages its people, and a refusal is shown beside the form that
 * failed. Chromium against the real server over a fresh SQLite database.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.js';
import { browserTestsAvailable, closeDesk, serveDesk, signIn } from '../support/browser.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { buildMention } from '../support/factories.js';
import { type Harness, OPERATOR, openHarness, PASSWORD } from '../support/harness.js';
import { api, ingestOne } from '../support/requests.js';
import { ScriptedClassifier } from '../support/scripted-classifier.js';

describe.skipIf(!browserTestsAvailable)('what each role is offered, in Chromium', () => {
  let db: TestDatabase;
  let h: Harness;
  let browser: Browser;
  let base: string;
  let token: string;
  let clock: ManualClock;
  let brandId: string;
  let deliveryId: string;

  async function open(email: string, path: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1360, height: 900 }, locale: 'en-US' });
    await signIn(page, base, email);
    await page.goto(`${base}${path}`);
    return page;
  }

  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    clock = new ManualClock(new Date());
    h = await openHarness('sqlite', db, {}, clock, new ScriptedClassifier());
    brandId = await h.createBrand('acme');
    const olgaId = await h.createUser('olga@acme.test', brandId, 'responder');
    await h.createUser('sam@acme.test', brandId, 'specialist');
    const rootId = (await h.container.brands.createUser(OPERATOR, { email: 'root@defuse.test', name: 'Root', password: PASSWORD, isAdmin: true })).id;
    await h.container.brands.setMember(OPERATOR, brandId, { userId: rootId, role: 'manager' });
    deliveryId = (await h.container.teams.create(OPERATOR, brandId, { name: 'Delivery', memberIds: [olgaId] })).id;
    token = await h.createToken(brandId);
    ({ base, browser } = await serveDesk(h));
  });

  afterAll(() => closeDesk(browser, h, db));

  it('shows a specialist the case and the note form, and says why there is no reply or status action', async () => {
    const caseId = (await ingestOne(h, token, buildMention({ created_at: clock.now().toISOString(), text: '#kind=constructive my parcel is lost' })))
      .caseId!;
    const page = await open('sam@acme.test', `/cases/${caseId}`);
    await page.getByTestId('timeline').waitFor();
    expect(await page.getByTestId('no-reply').textContent()).toContain('Your role (Specialist) may not reply to the customer');
    expect(await page.getByTestId('no-case-changes').textContent()).toContain('may not assign, resolve, snooze');
    expect(await page.getByRole('textbox', { name: 'Reply', exact: true }).count()).toBe(0);
    for (const name of ['Send', 'Resolve', 'Snooze', 'Not engaging', 'Assign to me'])
      expect(await page.getByRole('button', { name, exact: true }).count(), name).toBe(0);
    // What the role may do stays: a note for colleagues.
    await page.getByRole('textbox', { name: 'Internal note', exact: true }).fill('Checked the warehouse: the parcel is there.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await expect.poll(() => page.getByTestId('timeline').textContent()).toContain('Checked the warehouse');
    expect(await page.getByRole('alert').count()).toBe(0);
    await page.close();

    // A responder still gets the editor and the actions; the timeline names whom the case was handed to.
    await h.container.cases.change(OPERATOR, caseId, { teamId: deliveryId });
    const responder = await open('olga@acme.test', `/cases/${caseId}`);
    await responder.getByTestId('timeline').waitFor();
    const timeline = await responder.getByTestId('timeline').textContent();
    expect(timeline).toContain('Handed to team Delivery');
    expect(timeline).toContain('Assigned to olga');
    expect(await responder.getByRole('textbox', { name: 'Reply', exact: true }).count()).toBe(1);
    expect(await responder.getByRole('button', { name: 'Resolve', exact: true }).count()).toBe(1);
    expect(await responder.getByTestId('no-reply').count()).toBe(0);
    await responder.close();
  });

  it('tells the writer of a reply awaiting approval who may approve it', async () => {
    const caseId = (
      await ingestOne(h, token, buildMention({ created_at: clock.now().toISOString(), text: '#kind=black_pr everyone knows this shop sells fakes' }))
    ).caseId!;
    await h.createUser('rev@acme.test', brandId, 'reviewer');
    const olga = await h.login('olga@acme.test');
    const sent = await api(h, 'POST', `/api/v1/cases/${caseId}/replies`, olga, {
      body: 'Thank you for writing. Every item we sell comes from the brand itself; here is the certificate for your order.',
      sent: true,
      acknowledge_findings: true,
      override_reason: 'checked by hand',
    });
    expect(sent.statusCode, sent.body).toBeLessThan(300);
    const page = await open('olga@acme.test', `/cases/${caseId}`);
    const who = page.getByTestId('approvers');
    await expect.poll(() => who.textContent()).toContain('who may: ');
    const said = (await who.textContent())!;
    expect(said).toContain('rev');
    expect(said).toContain('Root');
    expect(said).not.toContain('olga');
    await page.close();
  });

  it('shows a responder the settings read-only: the sections there, inputs disabled, no Save, and the server still refuses a change', async () => {
    const policy = (await h.container.brands.getSettings(OPERATOR, brandId)).responsePolicy;
    await h.container.brands.updateSettings(OPERATOR, brandId, {
      responsePolicy: { ...policy, calendar: { ...policy.calendar, timeZone: 'Europe/Chisinau' } },
      escalation: { legalUserIds: [(await h.container.store.repos.users.findByEmail('sam@acme.test'))!.id], legalEmail: 'legal@acme.test' },
    });
    const page = await open('olga@acme.test', '/settings');
    const why = page.getByTestId('read-only-settings');
    await why.waitFor();
    expect(await why.textContent()).toContain('Only a manager can change these. Your role (Responder) may read them');
    for (const section of ['responsePolicy', 'routing', 'escalation', 'reportSchedule', 'automaticThresholds', 'playbooks'])
      expect(await page.locator(`details[data-section=${section}]`).count(), section).toBe(1);
    // The integrations' addresses stay a manager's.
    expect(await page.locator('details[data-section=webhooks], details[data-section=delivery]').count()).toBe(0);
    await page.locator('details[data-section=responsePolicy] summary').click();
    const zone = page.getByLabel('Time zone');
    await expect.poll(() => zone.inputValue()).toBe('Europe/Chisinau');
    expect(await zone.isDisabled()).toBe(true);
    expect(await page.getByLabel('Monday', { exact: true }).isDisabled()).toBe(true);
    await page.locator('details[data-section=escalation] summary').click();
    const legal = page.getByLabel('Legal e-mail address');
    expect(await legal.inputValue()).toBe('legal@acme.test');
    expect(await legal.isDisabled()).toBe(true);
    // The people it names read as who they are (from the colleagues' list: a responder may not list the members).
    const sam = page.locator('details[data-section=escalation] .member-picks label').filter({ hasText: 'sam' }).locator('input');
    await expect.poll(() => sam.count()).toBe(1);
    expect([await sam.isChecked(), await sam.isDisabled()]).toEqual([true, true]);
    expect(await page.locator('details[data-section=escalation]').textContent()).not.toContain('no longer a member');
    expect(await page.getByLabel('Brand language').isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Save' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Create token' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Retrain now' }).count()).toBe(0);
    const olga = await h.login('olga@acme.test');
    const refused = await api(h, 'PATCH', `/api/v1/brands/${brandId}/settings`, olga, { escalation: { legalUserIds: [] } });
    expect(refused.statusCode).toBe(403);
    expect((await h.container.brands.getSettings(OPERATOR, brandId)).escalation.legalEmail).toBe('legal@acme.test');
    await page.close();
  });

  it('lets an installation admin who is a manager of the brand manage its people, refusals beside the form', async () => {
    const page = await open('root@defuse.test', '/settings/people');
    const people = page.getByTestId('people');
    await people.waitFor();
    const olga = people.locator('tr[data-email="olga@acme.test"]');
    page.on('dialog', (d) => void d.accept());
    await olga.getByRole('button', { name: 'Deactivate', exact: true }).click();
    await expect.poll(() => olga.getByTestId('member-status').textContent()).toBe('Deactivated in this brand');
    expect(await page.getByRole('alert').count()).toBe(0);

    await page.getByLabel('E-mail to invite').fill('new@acme.test');
    await page.getByRole('button', { name: 'Invite', exact: true }).click();
    await page.getByTestId('issued-invite').waitFor();
    // Inviting again is refused: the message stands beside the invite form, not only at the top of the page.
    await page.getByLabel('E-mail to invite').fill('sam@acme.test');
    await page.getByRole('button', { name: 'Invite', exact: true }).click();
    const refusal = page.locator('form').getByTestId('invite-error');
    await refusal.waitFor();
    expect((await refusal.textContent())?.length).toBeGreaterThan(0);
    await page.close();
  });
});

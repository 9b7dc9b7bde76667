/**
 * People in the desk, in Chromium (issue 16): Settings → People lists members
 * with role, last sign-in and status; an admin invites someone, the invitee
 * opens the printed link, sets a password and lands signed in on the brand;
 * a reset link and deactivation; "Change password" for oneself; the favicon;
 * the case page's @handle and a link to the original post.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.js';
import { browserTestsAvailable, closeDesk, serveDesk, signIn as signInOnDesk } from '../support/browser.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { buildMention } from '../support/factories.js';
import { type Harness, openHarness, PASSWORD } from '../support/harness.js';
import { ScriptedClassifier } from '../support/scripted-classifier.js';

describe.skipIf(!browserTestsAvailable)('people in the desk', () => {
  let db: TestDatabase;
  let h: Harness;
  let browser: Browser;
  let base: string;
  let brandId: string;
  let caseId: string;

  const signIn = (page: Page, email: string, password = PASSWORD) => signInOnDesk(page, base, email, password);

  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    // More sign-ins than the login limit's 10 a minute.
    h = await openHarness('sqlite', db, { DEFUSE_LOGIN_MAX_PER_MINUTE: '1000' }, new ManualClock(new Date()), new ScriptedClassifier());
    brandId = await h.createBrand('acme');
    await h.createUser('olga@acme.test', brandId, 'admin');
    await h.createUser('petr@acme.test', brandId, 'responder');
    const token = await h.createToken(brandId);
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/v1/mentions',
      headers: { authorization: `Bearer ${token}` },
      payload: buildMention({
        author: { handle: 'jane_d', name: 'Jane Doe' },
        link: 'https://social.example/jane_d/status/42',
        created_at: new Date().toISOString(),
        text: '#kind=constructive My parcel is two weeks late',
      }),
    });
    expect(res.statusCode).toBe(201);
    await h.runJobs();
    caseId = (await h.container.store.repos.mentions.findById(res.json().items[0].id))!.caseId!;
    ({ base, browser } = await serveDesk(h));
  });

  afterAll(() => closeDesk(browser, h, db));

  it('invites someone by a printed link: they set a password and land signed in on the brand', async () => {
    const admin = await browser.newPage({ locale: 'en-US' });
    await signIn(admin, 'olga@acme.test');
    await admin.getByRole('link', { name: 'People' }).click();
    const table = admin.getByTestId('people');
    await expect.poll(() => table.textContent()).toContain('petr@acme.test');
    const petr = table.locator('tr[data-email="petr@acme.test"]');
    expect(await petr.textContent()).toContain('never');
    expect(await petr.getByTestId('member-status').textContent()).toBe('Active');
    expect(await table.locator('tr[data-email="olga@acme.test"]').textContent()).not.toContain('never');

    await admin.getByLabel('E-mail to invite').fill('nadia@acme.test');
    await admin.getByLabel('Role for the invitee').selectOption('reviewer');
    await admin.getByRole('button', { name: 'Invite', exact: true }).click();
    const link = (await admin.getByTestId('invite-link').textContent())!;
    expect(link).toMatch(/\/welcome#[\w-]{40,}$/);
    await expect.poll(() => admin.getByTestId('invitations').textContent()).toContain('nadia@acme.test');

    const invitee = await (await browser.newContext({ locale: 'en-US' })).newPage();
    await invitee.goto(link.replace('http://localhost:8080', base));
    await expect.poll(() => invitee.getByTestId('welcome').textContent()).toContain('Welcome to Brand acme');
    // A first sign-in has no other sessions: the rules say the length only (they said "Your other sessions are signed out.").
    expect(await invitee.getByTestId('welcome').textContent()).toContain('At least 12 characters.');
    expect(await invitee.getByTestId('welcome').textContent()).not.toContain('sessions');
    await invitee.getByLabel('Your name').fill('Nadia');
    await invitee.getByLabel('New password', { exact: true }).fill('nadia-secret-password');
    await invitee.getByLabel('New password again').fill('nadia-secret-password');
    await invitee.getByRole('button', { name: 'Join and sign in' }).click();
    await expect.poll(() => invitee.getByRole('link', { name: 'Dashboard' }).count()).toBe(1);
    expect(await invitee.locator('.who').textContent()).toBe('Nadia');
    const me = await invitee.evaluate(() => fetch('/api/v1/auth/me').then((r) => r.json()));
    expect(me.brands).toEqual([expect.objectContaining({ id: brandId, role: 'reviewer' })]);
    expect(await invitee.evaluate(() => localStorage.getItem('defuse.brand'))).toBe(brandId);

    // The link worked once.
    const again = await (await browser.newContext({ locale: 'en-US' })).newPage();
    await again.goto(link.replace('http://localhost:8080', base));
    await expect.poll(() => again.getByRole('alert').textContent()).toContain('used already');

    await admin.reload();
    await expect.poll(() => admin.getByTestId('people').textContent()).toContain('nadia@acme.test');
  });

  it('copies a printed invitation link with one button; /people leads to People, an unknown address says "Page not found"', async () => {
    const context = await browser.newContext({ locale: 'en-US', permissions: ['clipboard-read', 'clipboard-write'] });
    const admin = await context.newPage();
    await signIn(admin, 'olga@acme.test');
    // The old short address: the People page (it showed the inbox), the address put right.
    await admin.goto(`${base}/people`);
    await admin.getByTestId('people').waitFor();
    expect(new URL(admin.url()).pathname).toBe('/settings/people');
    await admin.getByLabel('E-mail to invite').fill('ivan@acme.test');
    await admin.getByLabel('Role for the invitee').selectOption('responder');
    await admin.getByRole('button', { name: 'Invite', exact: true }).click();
    const link = (await admin.getByTestId('invite-link').textContent())!;
    const copy = admin.getByTestId('copy-invite-link');
    expect(await copy.textContent()).toBe('Copy link');
    await copy.click();
    await expect.poll(() => copy.textContent()).toBe('Copied');
    expect(await admin.evaluate(() => navigator.clipboard.readText())).toBe(link);

    for (const path of ['/no-such-page', '/cases/abc/extra']) {
      await admin.goto(`${base}${path}`);
      const missing = admin.getByTestId('not-found');
      await missing.waitFor();
      expect(await missing.getByRole('heading').textContent()).toBe('Page not found');
      expect(await missing.textContent()).toContain(path);
      expect(await admin.getByTestId('total').count()).toBe(0);
    }
    await admin.getByRole('link', { name: 'Go to the inbox' }).click();
    await expect.poll(() => new URL(admin.url()).pathname).toBe('/');
    await expect.poll(() => admin.getByTestId('not-found').count()).toBe(0);
    await context.close();
  });

  it('issues a reset link and deactivates a member from the People page', async () => {
    const admin = await browser.newPage({ locale: 'en-US' });
    await signIn(admin, 'olga@acme.test');
    await admin.goto(`${base}/settings/people`);
    const petr = admin.locator('tr[data-email="petr@acme.test"]');
    await petr.getByRole('button', { name: 'Reset link' }).click();
    expect(await admin.getByTestId('reset-link').textContent()).toMatch(/\/reset-password#[\w-]{40,}$/);

    admin.on('dialog', (d) => void d.accept());
    await petr.getByRole('button', { name: 'Deactivate', exact: true }).click();
    await expect.poll(() => petr.getByTestId('member-status').textContent()).toBe('Deactivated in this brand');
    const m = await h.container.store.repos.users.findMembership((await h.container.store.repos.users.findByEmail('petr@acme.test'))!.id, brandId);
    expect(m).toBeUndefined();
    await petr.getByRole('button', { name: 'Reactivate', exact: true }).click();
    await expect.poll(() => petr.getByTestId('member-status').textContent()).toBe('Active');
  });

  it('asks whoever signed in with a password they were given to choose their own, until they do', async () => {
    const u = await h.container.brands.createUser(
      { type: 'system', name: 'test' },
      { email: 'temp@acme.test', name: 'Temp', password: PASSWORD, passwordTemporary: true },
    );
    await h.container.brands.setMember({ type: 'system', name: 'test' }, brandId, { userId: u.id, role: 'responder' });
    const page = await browser.newPage({ locale: 'en-US' });
    await signIn(page, 'temp@acme.test');
    const prompt = page.getByTestId('password-prompt');
    await expect.poll(() => prompt.textContent()).toContain('You signed in with a password you were given');
    await prompt.getByRole('link', { name: 'Choose your own password' }).click();
    const form = page.getByTestId('change-password');
    await form.getByLabel('Current password').fill(PASSWORD);
    await form.getByLabel('New password', { exact: true }).fill('temp-own-password');
    await form.getByLabel('New password again').fill('temp-own-password');
    await form.getByRole('button', { name: 'Change password' }).click();
    await expect.poll(() => form.getByRole('status').textContent()).toContain('Password changed');
    // Gone at once, and after a reload too (the server no longer calls the password temporary).
    await page.getByRole('link', { name: 'Inbox' }).first().click();
    await expect.poll(() => prompt.count()).toBe(0);
    await page.reload();
    await page.getByTestId('ui-language').waitFor();
    expect(await prompt.count()).toBe(0);
    await page.close();
  });

  it('changes one’s own password, in Russian too', async () => {
    const page = await browser.newPage({ locale: 'en-US' });
    await signIn(page, 'petr@acme.test');
    await page.locator('.who').click();
    const form = page.getByTestId('change-password');
    await form.getByLabel('Current password').fill('wrong-password-here');
    await form.getByLabel('New password', { exact: true }).fill('petr-new-password');
    await form.getByLabel('New password again').fill('petr-new-password');
    await form.getByRole('button', { name: 'Change password' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toBe('The current password is not right.');
    await form.getByLabel('Current password').fill(PASSWORD);
    await form.getByRole('button', { name: 'Change password' }).click();
    await expect.poll(() => form.getByRole('status').textContent()).toContain('Password changed');
    await h.login('petr@acme.test', 'petr-new-password');

    await page.getByTestId('ui-language').selectOption('ru');
    await expect.poll(() => page.getByRole('heading', { level: 2 }).textContent()).toBe('Смена пароля');
    expect(await page.getByRole('link', { name: 'Люди' }).count()).toBe(0); // a responder manages no one
  });

  it('has a favicon, and the case page shows the @handle and opens the original post safely', async () => {
    const page = await browser.newPage({ locale: 'en-US' });
    await signIn(page, 'olga@acme.test');
    expect(await page.locator('link[rel="icon"]').getAttribute('href')).toBe('/favicon.svg');
    const icon = await page.evaluate(() =>
      fetch('/favicon.svg').then(async (r) => ({ status: r.status, type: r.headers.get('content-type'), body: await r.text() })),
    );
    expect(icon.status).toBe(200);
    expect(icon.type).toContain('image/svg+xml');
    expect(icon.body).toContain('<svg');

    await page.goto(`${base}/cases/${caseId}`);
    await expect.poll(() => page.getByTestId('case-handle').textContent()).toBe('@jane_d');
    const original = page.getByTestId('original-post');
    expect(await original.textContent()).toBe('Original post');
    expect(await original.getAttribute('href')).toBe('https://social.example/jane_d/status/42');
    expect(await original.getAttribute('rel')).toContain('noopener noreferrer');
    expect(await original.getAttribute('target')).toBe('_blank');
  });
});

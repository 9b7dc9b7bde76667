/**
 * People's accounts over the API (issue 16 "People", issue 15.6): invitations
 * by e-mail or a printed link, changing and resetting passwords, and
 * deactivation that ends every session and token at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/support/databases.js';
import { cookieHeader, type Harness, OPERATOR, PASSWORD, type SignedIn, startHarness } from '../../../../test/support/harness.js';
import { api } from '../../../../test/support/requests.js';
import type { Mailer, OutgoingMail } from '../../../services/ports.js';
import { sha256 } from '../../../services/secrets.js';

const secretOf = (link: string) => link.slice(link.indexOf('#') + 1);
const post = (h: Harness, url: string, payload: object) => h.app.inject({ method: 'POST', url, payload });

describe.each(DIALECTS)('accounts on %s', (dialect) => {
  let h: Harness;
  let mailH: Harness;
  const sent: OutgoingMail[] = [];
  const mailer: Mailer = {
    send: (m) => {
      sent.push(m);
      return Promise.resolve({ messageId: null });
    },
  };
  let a: string;
  let b: string;
  let boss: SignedIn;
  let root: SignedIn;
  let rootId: string;

  beforeAll(async () => {
    h = await startHarness(dialect, { DEFUSE_PUBLIC_URL: 'https://desk.example.test/', DEFUSE_LOGIN_MAX_PER_MINUTE: '1000' });
    a = await h.createBrand('a');
    b = await h.createBrand('b');
    await h.createUser('boss@a.test', a, 'admin');
    rootId = (await h.container.brands.createUser(OPERATOR, { email: 'root@defuse.test', name: 'Root', password: PASSWORD, isAdmin: true })).id;
    boss = await h.login('boss@a.test');
    root = await h.login('root@defuse.test');
    mailH = await startHarness(dialect, {}, undefined, { mailer });
  });
  afterAll(async () => {
    await h.close();
    await h.db.drop();
    await mailH.close();
    await mailH.db.drop();
  });

  it('invites by a printed link without SMTP: stored hashed, expires, works once, lands the invitee signed in on the brand', async () => {
    const res = await api(h, 'POST', `/api/v1/brands/${a}/invitations`, boss, { email: 'New.Person@A.test', role: 'reviewer' });
    expect(res.statusCode, res.body).toBe(201);
    const issued = res.json<{ link: string; mailed: boolean; email: string; expires_at: string }>();
    expect(issued.mailed).toBe(false);
    expect(issued.email).toBe('new.person@a.test');
    expect(issued.link).toMatch(/^https:\/\/desk\.example\.test\/welcome#[\w-]{40,}$/);
    expect(new Date(issued.expires_at).getTime() - h.clock.now().getTime()).toBe(7 * 24 * 3600_000);
    const token = secretOf(issued.link);
    const stored = await h.container.store.repos.accountLinks.findByHash(sha256(token));
    expect(stored).toMatchObject({ email: 'new.person@a.test', role: 'reviewer', usedAt: null });
    expect(JSON.stringify(stored)).not.toContain(token);
    expect((await api(h, 'GET', `/api/v1/brands/${a}/invitations`, boss)).json().items).toEqual([
      expect.objectContaining({ email: 'new.person@a.test', role: 'reviewer' }),
    ]);

    const preview = await post(h, '/api/v1/auth/invitation', { token });
    expect(preview.json()).toMatchObject({ email: 'new.person@a.test', brand_name: 'Brand a', role: 'reviewer', account_exists: false });
    const short = await post(h, '/api/v1/auth/invitation/accept', { token, name: 'Nina', password: 'short' });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.field).toBe('password');
    const accepted = await post(h, '/api/v1/auth/invitation/accept', { token, name: 'Nina', password: 'a-brand-new-password' });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({ user: { email: 'new.person@a.test', name: 'Nina' }, brand_id: a });
    expect(accepted.json().brands).toEqual([expect.objectContaining({ id: a, role: 'reviewer' })]);
    const me = await h.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: cookieHeader(accepted) } });
    expect(me.statusCode).toBe(200);

    const again = await post(h, '/api/v1/auth/invitation/accept', { token, name: 'Eve', password: 'another-password-1' });
    expect(again.statusCode).toBe(400);
    expect(again.json().error.id).toBe('link_invalid');
    await h.login('new.person@a.test', 'a-brand-new-password');
    const members = (await api(h, 'GET', `/api/v1/brands/${a}/members`, boss)).json().items;
    expect(members).toContainEqual(
      expect.objectContaining({ email: 'new.person@a.test', role: 'reviewer', status: 'active', last_sign_in_at: expect.any(String) }),
    );
    expect((await api(h, 'GET', `/api/v1/brands/${a}/invitations`, boss)).json().items).toEqual([]);
  });

  it('lets an invitation expire after 7 days', async () => {
    const issued = (await api(h, 'POST', `/api/v1/brands/${a}/invitations`, boss, { email: 'late@a.test', role: 'responder' })).json();
    h.clock.advance(7 * 24 * 3600_000 + 60_000);
    const res = await post(h, '/api/v1/auth/invitation/accept', { token: secretOf(issued.link), password: 'a-brand-new-password' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.id).toBe('link_invalid');
    expect(await h.container.store.repos.users.findByEmail('late@a.test')).toBeUndefined();
    // Kept a while for the record, then the hourly cleanup deletes it.
    const row = () => h.container.store.repos.accountLinks.findByHash(sha256(secretOf(issued.link)));
    await h.container.auth.cleanup();
    expect(await row()).toBeDefined();
    h.clock.advance(31 * 24 * 3600_000);
    expect((await h.container.auth.cleanup()).links).toBeGreaterThanOrEqual(1);
    expect(await row()).toBeUndefined();
    // A week on, the sessions of before have expired as well.
    boss = await h.login('boss@a.test');
    root = await h.login('root@defuse.test');
  });

  it('never changes an existing account through an invitation: joining takes its current password', async () => {
    await h.createUser('bob@b.test', b, 'responder');
    const issued = (await api(h, 'POST', `/api/v1/brands/${a}/invitations`, boss, { email: 'bob@b.test', role: 'responder' })).json();
    const token = secretOf(issued.link);
    const wrong = await post(h, '/api/v1/auth/invitation/accept', { token, password: 'taking-over-bob!!' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.field).toBe('password');
    const joined = await post(h, '/api/v1/auth/invitation/accept', { token, password: PASSWORD });
    expect(joined.statusCode, joined.body).toBe(200);
    expect(
      joined
        .json()
        .brands.map((x: { id: string }) => x.id)
        .sort(),
    ).toEqual([a, b].sort());
    await h.login('bob@b.test', PASSWORD);
  });

  it('counts wrong passwords given to an invitation against the account, as sign-in does (no faster guessing)', async () => {
    await h.createUser('gus@b.test', b, 'responder');
    const token = secretOf((await api(h, 'POST', `/api/v1/brands/${a}/invitations`, boss, { email: 'gus@b.test', role: 'responder' })).json().link);
    for (let i = 0; i < 5; i++) {
      expect((await post(h, '/api/v1/auth/invitation/accept', { token, password: `guess-number-${i}` })).statusCode).toBe(400);
    }
    const locked = await post(h, '/api/v1/auth/invitation/accept', { token, password: PASSWORD });
    expect(locked.statusCode).toBe(429);
    expect((await post(h, '/api/v1/auth/login', { email: 'gus@b.test', password: PASSWORD })).statusCode).toBe(429);
    h.clock.advance(2 * 60_000);
    expect((await post(h, '/api/v1/auth/invitation/accept', { token, password: PASSWORD })).statusCode).toBe(200);
  });

  it('e-mails the invitation with SMTP and does not show the link', async () => {
    const brand = await mailH.createBrand('m');
    await mailH.createUser('lead@m.test', brand, 'admin');
    const lead = await mailH.login('lead@m.test');
    const res = await api(mailH, 'POST', `/api/v1/brands/${brand}/invitations`, lead, { email: 'guest@m.test', role: 'responder' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ link: null, mailed: true });
    const mail = sent.find((m) => m.to === 'guest@m.test')!;
    const link = /http:\/\/localhost:8080\/welcome#[\w-]+/.exec(mail.text)![0];
    const accepted = await post(mailH, '/api/v1/auth/invitation/accept', { token: secretOf(link), password: 'guest-password-123' });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json().brand_id).toBe(brand);
  });

  it('changes one’s own password with the current one; other sessions end', async () => {
    await h.createUser('cara@a.test', a, 'responder');
    const here = await h.login('cara@a.test');
    const elsewhere = await h.login('cara@a.test');
    const wrong = await api(h, 'POST', '/api/v1/auth/password', here, { current_password: 'not-my-password', new_password: 'cara-new-password' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.field).toBe('current_password');
    const short = await api(h, 'POST', '/api/v1/auth/password', here, { current_password: PASSWORD, new_password: 'short' });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.field).toBe('new_password');
    const ok = await api(h, 'POST', '/api/v1/auth/password', here, { current_password: PASSWORD, new_password: 'cara-new-password' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await api(h, 'GET', '/api/v1/auth/me', here)).statusCode).toBe(200);
    expect((await api(h, 'GET', '/api/v1/auth/me', elsewhere)).statusCode).toBe(401);
    await expect(h.login('cara@a.test')).rejects.toThrow(/401/);
    await h.login('cara@a.test', 'cara-new-password');
  });

  it('issues a one-time reset link: the old password and every session end, the new one signs in', async () => {
    const userId = await h.createUser('dan@a.test', a, 'responder');
    const old = await h.login('dan@a.test');
    const res = await api(h, 'POST', `/api/v1/brands/${a}/members/${userId}/reset-link`, boss);
    expect(res.statusCode, res.body).toBe(201);
    const token = secretOf(res.json().link);
    expect(res.json().link).toContain('/reset-password#');
    const reset = await post(h, '/api/v1/auth/password/reset', { token, password: 'dan-fresh-password' });
    expect(reset.statusCode, reset.body).toBe(200);
    expect(reset.json().user.email).toBe('dan@a.test');
    expect((await api(h, 'GET', '/api/v1/auth/me', old)).statusCode).toBe(401);
    expect((await post(h, '/api/v1/auth/password/reset', { token, password: 'dan-other-password' })).statusCode).toBe(400);
    await expect(h.login('dan@a.test')).rejects.toThrow(/401/);
    await h.login('dan@a.test', 'dan-fresh-password');
  });

  it('lets a brand admin issue resets only for people wholly in brands they administer, never an installation admin', async () => {
    const carolId = await h.createUser('carol@ab.test', a, 'responder');
    await h.container.brands.setMember(OPERATOR, b, { userId: carolId, role: 'responder' });
    await h.container.brands.setMember(OPERATOR, a, { userId: rootId, role: 'admin' });
    expect((await api(h, 'POST', `/api/v1/brands/${a}/members/${carolId}/reset-link`, boss)).statusCode).toBe(404);
    expect((await api(h, 'POST', `/api/v1/brands/${a}/members/${rootId}/reset-link`, boss)).statusCode).toBe(404);
    expect((await api(h, 'POST', `/api/v1/brands/${a}/members/${carolId}/reset-link`, root)).statusCode).toBe(201);
  });

  it('answers "forgot password" the same for any address, and mails only an existing account', async () => {
    const none = await post(h, '/api/v1/auth/password/forgot', { email: 'boss@a.test' });
    expect(none.json()).toEqual({ ok: true, mail: false });
    const brand = await mailH.createBrand('f');
    await mailH.createUser('forgetful@f.test', brand, 'responder');
    sent.length = 0;
    const known = await post(mailH, '/api/v1/auth/password/forgot', { email: 'Forgetful@f.test' });
    const unknown = await post(mailH, '/api/v1/auth/password/forgot', { email: 'nobody@f.test' });
    expect(known.statusCode).toBe(200);
    expect(known.body).toBe(unknown.body);
    await expect.poll(() => sent.length).toBe(1);
    expect(sent[0]!.to).toBe('forgetful@f.test');
    const link = /\/reset-password#([\w-]+)/.exec(sent[0]!.text)!;
    expect((await post(mailH, '/api/v1/auth/password/reset', { token: link[1]!, password: 'remembered-now-123' })).statusCode).toBe(200);
  });

  it('deactivating an account ends every session and the tokens it created at once, and it cannot sign in (issue 15.6)', async () => {
    const eveId = await h.createUser('eve@a.test', a, 'manager');
    const eve = await h.login('eve@a.test');
    await h.login('eve@a.test');
    const token = (await api(h, 'POST', `/api/v1/brands/${a}/tokens`, eve, { name: 'eve-connector' })).json().token as string;
    const withToken = () => h.app.inject({ method: 'GET', url: `/api/v1/mentions?brand=${a}`, headers: { authorization: `Bearer ${token}` } });
    expect((await withToken()).statusCode).toBe(200);
    expect(await h.container.store.repos.sessions.countForUser(eveId)).toBe(2);

    expect((await api(h, 'POST', `/api/v1/users/${eveId}/deactivate`, boss)).statusCode).toBe(403);
    const res = await api(h, 'POST', `/api/v1/users/${eveId}/deactivate`, root);
    expect(res.statusCode, res.body).toBe(200);
    expect(await h.container.store.repos.sessions.countForUser(eveId)).toBe(0);
    expect((await api(h, 'GET', '/api/v1/auth/me', eve)).statusCode).toBe(401);
    expect((await withToken()).statusCode).toBe(401);
    await expect(h.login('eve@a.test')).rejects.toThrow(/401/);
    expect((await api(h, 'GET', `/api/v1/brands/${a}/members`, boss)).json().items).toContainEqual(
      expect.objectContaining({ email: 'eve@a.test', status: 'deactivated', disabled: true }),
    );
    expect((await api(h, 'POST', `/api/v1/brands/${a}/members/${eveId}/reset-link`, boss)).statusCode).toBe(409);

    expect((await api(h, 'POST', `/api/v1/users/${eveId}/reactivate`, root)).statusCode).toBe(200);
    await h.login('eve@a.test');
    expect((await withToken()).statusCode).toBe(401);
    expect((await api(h, 'POST', `/api/v1/users/${rootId}/deactivate`, root)).statusCode).toBe(400);
  });

  it('lets an installation admin manage the people of a brand they are not in, without reading its cases', async () => {
    const c = await h.createBrand('c');
    const listed = await api(h, 'GET', `/api/v1/brands/${c}/members`, root);
    expect(listed.statusCode).toBe(200);
    const invited = await api(h, 'POST', `/api/v1/brands/${c}/invitations`, root, { email: 'lead@c.test', role: 'admin' });
    expect(invited.statusCode, invited.body).toBe(201);
    expect((await api(h, 'GET', `/api/v1/brands/${c}/invitations`, root)).json().items).toHaveLength(1);
    expect((await api(h, 'GET', `/api/v1/cases?brand=${c}`, root)).statusCode).toBe(404);
    expect((await api(h, 'PUT', `/api/v1/brands/${c}/members`, root, { user_id: rootId, role: 'manager' })).statusCode).toBe(200);
    expect((await api(h, 'GET', `/api/v1/cases?brand=${c}`, root)).statusCode).toBe(200);
  });

  it('lets a brand admin deactivate a membership: the brand is gone for that person at once, the account stays', async () => {
    const finnId = await h.createUser('finn@ab.test', a, 'responder');
    await h.container.brands.setMember(OPERATOR, b, { userId: finnId, role: 'responder' });
    const finn = await h.login('finn@ab.test');
    expect((await api(h, 'GET', `/api/v1/cases?brand=${a}`, finn)).statusCode).toBe(200);
    const res = await api(h, 'POST', `/api/v1/brands/${a}/members/${finnId}/deactivate`, boss);
    expect(res.statusCode, res.body).toBe(200);
    expect((await api(h, 'GET', `/api/v1/cases?brand=${a}`, finn)).statusCode).toBe(404);
    expect((await api(h, 'GET', `/api/v1/cases?brand=${b}`, finn)).statusCode).toBe(200);
    // Routing, reviews and notifications no longer pick them in that brand.
    expect((await h.container.store.repos.members.loads(a)).map((l) => l.userId)).not.toContain(finnId);
    expect(await h.container.store.repos.members.idsWithRoles(a, ['responder'])).not.toContain(finnId);
    expect((await h.container.store.repos.members.loads(b)).map((l) => l.userId)).toContain(finnId);
    expect((await api(h, 'GET', `/api/v1/brands/${a}/members`, boss)).json().items).toContainEqual(
      expect.objectContaining({ email: 'finn@ab.test', status: 'deactivated', deactivated: true, disabled: false }),
    );
    expect((await api(h, 'POST', `/api/v1/brands/${a}/members/${rootId}/deactivate`, boss)).statusCode).toBe(404);
    expect((await api(h, 'POST', `/api/v1/brands/${a}/members/${finnId}/reactivate`, boss)).statusCode).toBe(200);
    expect((await api(h, 'GET', `/api/v1/cases?brand=${a}`, finn)).statusCode).toBe(200);
  });
});

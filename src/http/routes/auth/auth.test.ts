import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/support/databases.js';
import { cookieHeader, type Harness, PASSWORD, startHarness } from '../../../../test/support/harness.js';

describe.each(DIALECTS)('auth on %s', (dialect) => {
  let h: Harness;
  let brandId: string;

  beforeAll(async () => {
    h = await startHarness(dialect, { DEFUSE_LOGIN_MAX_PER_MINUTE: '10' });
    brandId = await h.createBrand('auth');
    await h.createUser('ana@auth.test', brandId, 'manager');
  });
  afterAll(async () => {
    await h.close();
    await h.db.drop();
  });

  it('signs in with an httpOnly, SameSite session cookie and stores no password or session in clear', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'ANA@auth.test', password: PASSWORD } });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'defuse_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Strict');
    expect(res.json().brands.map((b: { slug: string }) => b.slug)).toEqual(['auth']);
    const user = await h.container.store.repos.users.findByEmail('ana@auth.test');
    expect(user!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await h.container.store.repos.sessions.findById(cookie.value)).toBeUndefined();

    const me = await h.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: cookieHeader(res) } });
    expect(me.json().user.email).toBe('ana@auth.test');
  });

  it('refuses a wrong password with the same answer as an unknown e-mail', async () => {
    const wrong = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'ana@auth.test', password: 'nope-nope-nope' } });
    const unknown = await h.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'who@auth.test', password: 'nope-nope-nope' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
  });

  it('requires the CSRF token on cookie-authenticated writes', async () => {
    const s = await h.login('ana@auth.test');
    const noToken = await h.app.inject({
      method: 'POST',
      url: `/api/v1/brands/${brandId}/tokens`,
      headers: { cookie: s.cookie },
      payload: { name: 'x' },
    });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().error.id).toBe('csrf_failed');
    const forged = await h.app.inject({
      method: 'POST',
      url: `/api/v1/brands/${brandId}/tokens`,
      headers: { cookie: s.cookie, 'x-csrf-token': 'forged' },
      payload: { name: 'x' },
    });
    expect(forged.statusCode).toBe(403);
    // A token minted for another session does not work either.
    const other = await h.login('ana@auth.test');
    const crossed = await h.app.inject({
      method: 'POST',
      url: `/api/v1/brands/${brandId}/tokens`,
      headers: { cookie: s.cookie, 'x-csrf-token': other.csrf },
      payload: { name: 'x' },
    });
    expect(crossed.statusCode).toBe(403);
    const ok = await h.app.inject({ method: 'POST', url: `/api/v1/brands/${brandId}/tokens`, headers: s.headers, payload: { name: 'zapier' } });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().token).toMatch(/^dfs_/);
    // The secret is shown once and never listed again.
    const list = await h.app.inject({ method: 'GET', url: `/api/v1/brands/${brandId}/tokens`, headers: { cookie: s.cookie } });
    expect(JSON.stringify(list.json())).not.toContain(ok.json().token);
  });

  it('expires sessions and signs out', async () => {
    const s = await h.login('ana@auth.test');
    const out = await h.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: s.headers });
    expect(out.statusCode).toBe(200);
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: s.cookie } })).statusCode).toBe(401);

    const s2 = await h.login('ana@auth.test');
    h.clock.advance(8 * 24 * 3600_000); // past the 7-day default
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: s2.cookie } })).statusCode).toBe(401);
  });

  it('rate-limits sign-in attempts per address', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) {
      // A different account each time: this is the per-address limit, not the per-account one below.
      const r = await h.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: `try${i}@auth.test`, password: 'wrong-password-x' },
        remoteAddress: '10.9.9.9',
      });
      codes.push(r.statusCode);
    }
    expect(codes.slice(0, 10).every((c) => c === 401)).toBe(true);
    expect(codes.at(-1)).toBe(429);
  });

  it('limits failed sign-ins per account from any number of addresses, with backoff; known and unknown accounts alike', async () => {
    await h.createUser('lock@auth.test', brandId, 'responder');
    const login = (email: string, password: string, i: number) =>
      h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress: `10.1.2.${i}` });
    for (const email of ['lock@auth.test', 'nobody@auth.test']) {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) codes.push((await login(email, 'wrong-password-x', i)).statusCode);
      expect(codes).toEqual([401, 401, 401, 401, 401]);
      // The sixth try waits, even with the right password, and says for how long.
      const waiting = await login(email, PASSWORD, 9);
      expect(waiting.statusCode).toBe(429);
      expect(waiting.json().error.message).toBe('Too many failed sign-ins for this account: try again in 1 minute(s)');
    }
    h.clock.advance(61_000);
    expect((await login('lock@auth.test', PASSWORD, 10)).statusCode).toBe(200);
    expect(await h.container.store.repos.sessions.signInFailures('lock@auth.test')).toBeUndefined();
    // Failing again after the wait doubles it.
    h.clock.advance(61_000);
    for (let i = 0; i < 2; i++) expect((await login('nobody@auth.test', 'wrong-password-x', 20 + i)).statusCode).toBe(i === 0 ? 401 : 429);
    expect((await h.container.store.repos.sessions.signInFailures('nobody@auth.test'))!.failures).toBe(6);
  });

  it('deletes expired sessions and stale failure counts by its hourly job', async () => {
    const s = await h.login('ana@auth.test');
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: s.cookie } })).statusCode).toBe(200);
    expect(await h.container.store.repos.sessions.signInFailures('nobody@auth.test')).toBeDefined();
    h.clock.advance(8 * 24 * 3600_000);
    await h.container.queue.enqueue('sessions.cleanup', {});
    await h.runJobs();
    // The job left nothing expired behind, and the counts of failed sign-ins quiet for over a day are gone.
    expect(await h.container.store.repos.sessions.deleteExpired(h.clock.now().toISOString())).toBe(0);
    expect(await h.container.store.repos.sessions.signInFailures('nobody@auth.test')).toBeUndefined();
  });
});

/**
 * A password handed over is one to replace (issue 16), both databases: the first start's generated password and a
 * user made with a generated one are marked temporary in `/auth/me`, so the desk asks for a password of one's own;
 * choosing one (a change) clears the mark. A password the administrator set themselves is not marked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFirstAdmin } from '../src/services/bootstrap.service.js';
import { DIALECTS } from './support/databases.js';
import { type Harness, OPERATOR, PASSWORD, startHarness } from './support/harness.js';
import * as requests from './support/requests.js';

describe.each(DIALECTS)('a temporary password on %s', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(dialect, { DEFUSE_LOGIN_MAX_PER_MINUTE: '1000' });
  });
  afterAll(async () => {
    await h.close();
    await h.db.drop();
  });

  const me = async (who: Awaited<ReturnType<Harness['login']>>) =>
    (await requests.getJson(h, '/api/v1/auth/me', who)) as { user: { passwordTemporary?: boolean } };

  it('marks the first start’s generated password, asks for one’s own, and a change clears the mark', async () => {
    const first = await ensureFirstAdmin(h.container.store, h.clock, {});
    expect(first.generatedPassword).toBeTruthy();
    const admin = await h.login(first.email!, first.generatedPassword);
    expect((await me(admin)).user.passwordTemporary).toBe(true);
    const changed = await requests.api(h, 'POST', '/api/v1/auth/password', admin, {
      current_password: first.generatedPassword,
      new_password: 'my own long passphrase',
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect((await me(await h.login(first.email!, 'my own long passphrase'))).user.passwordTemporary).toBe(false);
  });

  it('marks a user made with a generated password, not one made with a password chosen for them', async () => {
    await h.container.brands.createUser(OPERATOR, { email: 'gen@acme.test', name: 'Gen', password: PASSWORD, passwordTemporary: true });
    expect((await me(await h.login('gen@acme.test'))).user.passwordTemporary).toBe(true);
    await h.container.brands.createUser(OPERATOR, { email: 'set@acme.test', name: 'Set', password: PASSWORD });
    expect((await me(await h.login('set@acme.test'))).user.passwordTemporary).toBe(false);
  });
});

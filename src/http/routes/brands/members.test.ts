/** Brand admins manage their own people only: no probing for accounts, no pulling in others, hands off installation admins. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/support/databases.js';
import { type Harness, OPERATOR, PASSWORD, type SignedIn, startHarness } from '../../../../test/support/harness.js';
import { api } from '../../../../test/support/requests.js';

describe.each(DIALECTS)('brand members on %s', (dialect) => {
  let h: Harness;
  let a: string;
  let boss: SignedIn;
  let rootId: string;
  const members = async () => (await api(h, 'GET', `/api/v1/brands/${a}/members`, boss)).json<{ items: { email: string; role: string }[] }>().items;

  beforeAll(async () => {
    h = await startHarness(dialect);
    a = await h.createBrand('a');
    const b = await h.createBrand('b');
    const c = await h.createBrand('c');
    await h.createUser('boss@a.test', a, 'admin');
    await h.container.brands.setMember(OPERATOR, c, { email: 'boss@a.test', role: 'admin' });
    await h.createUser('bob@b.test', b, 'responder');
    await h.createUser('carol@c.test', c, 'responder');
    rootId = (await h.container.brands.createUser(OPERATOR, { email: 'root@defuse.test', name: 'Root', password: PASSWORD, isAdmin: true })).id;
    await h.container.brands.setMember(OPERATOR, a, { userId: rootId, role: 'admin' });
    boss = await h.login('boss@a.test');
  });
  afterAll(async () => {
    await h.close();
    await h.db.drop();
  });

  it("answers the same for an unknown address and another brand's user, and adds neither", async () => {
    const other = await api(h, 'PUT', `/api/v1/brands/${a}/members`, boss, { email: 'bob@b.test', role: 'responder' });
    const unknown = await api(h, 'PUT', `/api/v1/brands/${a}/members`, boss, { email: 'ghost@nowhere.test', role: 'responder' });
    expect(other.statusCode).toBe(404);
    expect(unknown.statusCode).toBe(404);
    expect(other.json()).toEqual(unknown.json());
    expect((await members()).map((m) => m.email)).not.toContain('bob@b.test');
  });

  it('lets a brand admin add someone from another brand they administer', async () => {
    const res = await api(h, 'PUT', `/api/v1/brands/${a}/members`, boss, { email: 'carol@c.test', role: 'reviewer' });
    expect(res.statusCode, res.body).toBe(200);
    expect(await members()).toContainEqual(expect.objectContaining({ email: 'carol@c.test', role: 'reviewer' }));
  });

  it('never lets a brand admin demote or remove an installation admin', async () => {
    const demote = await api(h, 'PUT', `/api/v1/brands/${a}/members`, boss, { user_id: rootId, role: 'responder' });
    const remove = await api(h, 'DELETE', `/api/v1/brands/${a}/members/${rootId}`, boss);
    expect(demote.statusCode).toBe(404);
    expect(remove.statusCode).toBe(404);
    expect(await members()).toContainEqual(expect.objectContaining({ email: 'root@defuse.test', role: 'admin' }));
  });

  it('lets the installation admin add anyone', async () => {
    const root = await h.login('root@defuse.test');
    const res = await api(h, 'PUT', `/api/v1/brands/${a}/members`, root, { email: 'bob@b.test', role: 'responder' });
    expect(res.statusCode, res.body).toBe(200);
    expect((await members()).map((m) => m.email)).toContain('bob@b.test');
  });
});

describe.each(DIALECTS)('an installation admin who is only a manager of a brand, on %s', (dialect) => {
  let h: Harness;
  let brand: string;
  let root: SignedIn;
  let bobId: string;

  beforeAll(async () => {
    h = await startHarness(dialect);
    brand = await h.createBrand('demo');
    const rootId = (await h.container.brands.createUser(OPERATOR, { email: 'root@defuse.test', name: 'Root', password: PASSWORD, isAdmin: true })).id;
    // As `defuse demo --member admin@…` leaves them: a manager of the demo brand.
    await h.container.brands.setMember(OPERATOR, brand, { userId: rootId, role: 'manager' });
    bobId = await h.createUser('bob@demo.test', brand, 'responder');
    await h.createUser('manny@demo.test', brand, 'manager');
    root = await h.login('root@defuse.test');
  });
  afterAll(async () => {
    await h.close();
    await h.db.drop();
  });

  it('invites, re-roles and deactivates members as the README says', async () => {
    const invite = await api(h, 'POST', `/api/v1/brands/${brand}/invitations`, root, { email: 'new@demo.test', role: 'responder' });
    expect(invite.statusCode, invite.body).toBe(201);
    const rerole = await api(h, 'PUT', `/api/v1/brands/${brand}/members`, root, { user_id: bobId, role: 'reviewer' });
    expect(rerole.statusCode, rerole.body).toBe(200);
    const deactivate = await api(h, 'POST', `/api/v1/brands/${brand}/members/${bobId}/deactivate`, root);
    expect(deactivate.statusCode, deactivate.body).toBe(200);
    const list = (await api(h, 'GET', `/api/v1/brands/${brand}/members`, root)).json<{ items: { email: string; role: string; status: string }[] }>();
    expect(list.items).toContainEqual(expect.objectContaining({ email: 'bob@demo.test', role: 'reviewer', status: 'deactivated' }));
  });

  it('still keeps a plain manager out of member management', async () => {
    const manny = await h.login('manny@demo.test');
    const res = await api(h, 'POST', `/api/v1/brands/${brand}/invitations`, manny, { email: 'other@demo.test', role: 'responder' });
    expect(res.statusCode).toBe(403);
  });
});

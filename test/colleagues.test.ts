/**
 * Whom a member may ask inside a case, on both databases (issue 16): any
 * member of the brand lists its active colleagues with their role and teams,
 * and nothing private (no e-mails, sign-ins or admin marks); deactivated
 * memberships and disabled people are left out, as asking them is refused; a
 * member of another brand gets "not found", an anonymous caller 401.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from './support/databases.js';
import { buildMention } from './support/factories.js';
import { type Harness, OPERATOR, type SignedIn, startHarness } from './support/harness.js';
import * as requests from './support/requests.js';

describe.each(DIALECTS)('colleagues to ask on %s', (dialect) => {
  let h: Harness;
  let acme: string;
  let other: string;
  let ids: Record<string, string>;
  let olga: SignedIn;

  const api = (method: requests.Method, url: string, who: SignedIn, payload?: object) => requests.api(h, method, url, who, payload);
  const colleagues = async (who: SignedIn, brand = acme) => api('GET', `/api/v1/brands/${brand}/colleagues`, who);

  beforeEach(async () => {
    h = await startHarness(dialect);
    acme = await h.createBrand('acme');
    other = await h.createBrand('other');
    ids = {
      lead: await h.createUser('lead@acme.test', acme, 'manager'),
      olga: await h.createUser('olga@acme.test', acme, 'responder'),
      dev: await h.createUser('dev@acme.test', acme, 'specialist'),
      gone: await h.createUser('gone@acme.test', acme, 'specialist'),
      off: await h.createUser('off@acme.test', acme, 'responder'),
      stranger: await h.createUser('stranger@other.test', other, 'specialist'),
    };
    await h.container.teams.create(OPERATOR, acme, { name: 'Billing', memberIds: [ids.dev!, ids.olga!] });
    await h.container.teams.create(OPERATOR, acme, { name: 'Apps', memberIds: [ids.dev!] });
    await h.container.teams.create(OPERATOR, other, { name: 'Elsewhere', memberIds: [ids.stranger!] });
    await h.container.accounts.deactivateMember(OPERATOR, acme, ids.gone!);
    await h.container.accounts.deactivateUser(OPERATOR, ids.off!);
    olga = await h.login('olga@acme.test');
  });
  afterEach(async () => {
    await h.close();
    await h.db.drop();
  });

  it("lists a responder the brand's active colleagues with role and teams, and nothing private", async () => {
    const res = await colleagues(olga);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items).toEqual([
      {
        id: ids.dev,
        name: 'dev',
        role: 'specialist',
        teams: [expect.objectContaining({ name: 'Apps' }), expect.objectContaining({ name: 'Billing' })],
      },
      { id: ids.lead, name: 'lead', role: 'manager', teams: [] },
      { id: ids.olga, name: 'olga', role: 'responder', teams: [expect.objectContaining({ name: 'Billing' })] },
    ]);
    expect(res.body).not.toContain('@acme.test');
    expect(res.body).not.toContain('gone');
    expect(res.body).not.toContain(ids.stranger);
    expect(res.body).not.toContain('Elsewhere');
    // The list is what asking accepts: a listed colleague may be asked, a deactivated one may not.
    const token = await h.createToken(acme);
    const caseId = (await requests.ingestOne(h, token, buildMention({ text: 'the invoice shows the wrong VAT' }))).caseId!;
    const asked = await api('POST', `/api/v1/cases/${caseId}/questions`, olga, { user_id: ids.dev, question: 'Is VAT on the discounted price?' });
    expect(asked.statusCode, asked.body).toBe(201);
    for (const absent of [ids.gone, ids.off]) {
      const refused = await api('POST', `/api/v1/cases/${caseId}/questions`, olga, { user_id: absent, question: 'And you?' });
      expect(refused.statusCode, absent).toBe(400);
    }
  });

  it('lets a specialist list them too (specialists may ask), but not a member of another brand, nor anyone signed out', async () => {
    expect((await colleagues(await h.login('dev@acme.test'))).statusCode).toBe(200);
    const stranger = await h.login('stranger@other.test');
    const theirs = await colleagues(stranger, other);
    expect(theirs.json().items.map((c: { id: string }) => c.id)).toEqual([ids.stranger]);
    expect((await colleagues(stranger)).statusCode).toBe(404);
    expect((await colleagues(olga, other)).statusCode).toBe(404);
    expect((await h.app.inject({ method: 'GET', url: `/api/v1/brands/${acme}/colleagues` })).statusCode).toBe(401);
  });
});

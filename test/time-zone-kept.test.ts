/**
 * "Keep UTC" is the brand's, on both databases (issue 16): a manager keeps
 * UTC on purpose in the brand's settings, so the time-zone prompt does not
 * come back in another browser; the mark is a boolean, for managers and admins.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from './support/databases.js';
import { type Harness, openHarness, type SignedIn } from './support/harness.js';
import { api } from './support/requests.js';

describe.each(DIALECTS)('keeping UTC on %s', (dialect) => {
  let db: TestDatabase;
  let h: Harness;
  let brandId: string;
  let manager: SignedIn;

  beforeEach(async () => {
    db = await createTestDatabase(dialect);
    h = await openHarness(dialect, db);
    brandId = await h.createBrand('acme');
    await h.createUser('lead@acme.test', brandId, 'manager');
    await h.createUser('olga@acme.test', brandId, 'responder');
    manager = await h.login('lead@acme.test');
  });
  afterEach(async () => {
    await h.close();
    await db.drop();
  });

  it('stores the choice with the brand, for every browser, and lets only managers make it', async () => {
    const before = (await api(h, 'GET', `/api/v1/brands/${brandId}/settings`, manager)).json();
    expect(before).toMatchObject({ timeZoneKept: false, responsePolicy: { calendar: { timeZone: 'UTC' } } });
    const responder = await h.login('olga@acme.test');
    expect((await api(h, 'PATCH', `/api/v1/brands/${brandId}/settings`, responder, { timeZoneKept: true })).statusCode).toBe(403);
    expect((await api(h, 'PATCH', `/api/v1/brands/${brandId}/settings`, manager, { timeZoneKept: 'yes' })).statusCode).toBe(400);
    const kept = await api(h, 'PATCH', `/api/v1/brands/${brandId}/settings`, manager, { timeZoneKept: true });
    expect(kept.statusCode, kept.body).toBe(200);
    // Another session (another browser) reads it back; the rest of the settings are untouched.
    const again = (await api(h, 'GET', `/api/v1/brands/${brandId}/settings`, await h.login('lead@acme.test'))).json();
    expect(again).toMatchObject({ timeZoneKept: true, responsePolicy: before.responsePolicy, competitors: before.competitors });
  });
});

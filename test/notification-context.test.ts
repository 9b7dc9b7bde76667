/**
 * The notification list names the case it is about (issue 16; a new user's trial saw "Your reply was approved /
 * Open the case" with nothing to tell which case): each item carries the case's author and its subject on one
 * line, cut near 140 characters; notifications about no case carry none. Both databases.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/domain/clock.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from './support/databases.js';
import { buildMention } from './support/factories.js';
import { type Harness, openHarness, type SignedIn } from './support/harness.js';
import * as requests from './support/requests.js';
import { ScriptedClassifier } from './support/scripted-classifier.js';

describe.each(DIALECTS)('notifications name their case on %s', (dialect) => {
  let db: TestDatabase;
  let h: Harness;
  let clock: ManualClock;
  let brandId: string;
  let token: string;
  let manager: SignedIn;
  let agent: string;

  const api = (method: requests.Method, url: string, who: SignedIn, payload?: object) => requests.api(h, method, url, who, payload);

  beforeEach(async () => {
    db = await createTestDatabase(dialect);
    clock = new ManualClock('2026-12-01T09:00:00Z');
    h = await openHarness(dialect, db, {}, clock, new ScriptedClassifier());
    brandId = await h.createBrand('acme');
    token = await h.createToken(brandId);
    await h.createUser('manager@acme.test', brandId, 'manager');
    agent = await h.createUser('agent@acme.test', brandId, 'responder');
    manager = await h.login('manager@acme.test');
  });
  afterEach(async () => {
    await h.close();
    await db.drop();
  });

  it('gives the author and a one-line subject of the case', async () => {
    const long = `#kind=constructive The courier\nleft my parcel ${'in the rain again and again '.repeat(10)}end`;
    const mention = buildMention({ created_at: clock.now().toISOString(), text: long, author: { handle: 'mira_k', name: 'Mira K.' } });
    const caseId = (await requests.ingestOne(h, token, mention)).caseId!;
    expect((await api('PATCH', `/api/v1/cases/${caseId}`, manager, { assignee_id: agent })).statusCode).toBe(200);
    const res = await api('GET', '/api/v1/notifications', await h.login('agent@acme.test'));
    expect(res.statusCode, res.body).toBe(200);
    const item = (res.json().items as Array<{ type: string; case_id: string; case: { subject: string; author: string } | null }>).find(
      (n) => n.type === 'case.assigned',
    )!;
    expect(item.case_id).toBe(caseId);
    expect(item.case?.author).toBe('Mira K.');
    expect(item.case?.subject, item.case?.subject).toMatch(/^(#kind=constructive )?The courier left my parcel in the rain/);
    expect(item.case?.subject).not.toContain('\n');
    expect(item.case!.subject.length).toBeLessThanOrEqual(141);
    expect(item.case?.subject.endsWith('…')).toBe(true);
  });
});

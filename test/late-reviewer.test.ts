/**
 * A reviewer added late hears of the replies already waiting (issue 16), both
 * databases: whoever gains approval rights on a brand — added with a role
 * that may approve, re-roled to one, an invitation accepted, named a reviewer,
 * a membership reactivated — gets one `reply.approval_requested` notification
 * per waiting case (a going-private pair once), never for their own reply,
 * and never twice when the role changes back and forth.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/domain/clock.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from './support/databases.js';
import { buildMention } from './support/factories.js';
import { type Harness, openHarness, type SignedIn } from './support/harness.js';
import * as requests from './support/requests.js';
import { ScriptedClassifier } from './support/scripted-classifier.js';

const GOOD = 'Thank you, and I am sorry the parcel is late. The courier brings order 55123 tomorrow before 12:00.';

describe.each(DIALECTS)('a reviewer added late on %s', (dialect) => {
  let db: TestDatabase;
  let h: Harness;
  let clock: ManualClock;
  let brandId: string;
  let token: string;
  let manager: SignedIn;
  let responder: SignedIn;
  let lateId: string;

  const api = (method: requests.Method, url: string, who: SignedIn, payload?: object) => requests.api(h, method, url, who, payload);
  /** A case that needs approval, with a reply of the responder waiting for it. */
  const waitingCase = async (text: string) => {
    const m = await requests.ingestOne(h, token, buildMention({ created_at: clock.now().toISOString(), text: `#kind=black_pr ${text}` }));
    const sent = await api('POST', `/api/v1/cases/${m.caseId}/replies`, responder, { body: GOOD, send: true });
    expect(sent.json().status, sent.body).toBe('pending_approval');
    return m.caseId!;
  };
  /** The approval notifications `who` has, as the case each is about. */
  const approvalNotices = async (who: SignedIn) =>
    ((await api('GET', '/api/v1/notifications?limit=100', who)).json().items as Array<{ type: string; case_id: string | null }>)
      .filter((n) => n.type === 'reply.approval_requested')
      .map((n) => n.case_id)
      .sort();
  const setRole = async (userId: string, role: string) => {
    const res = await api('PUT', `/api/v1/brands/${brandId}/members`, manager, { user_id: userId, role });
    expect(res.statusCode, res.body).toBe(200);
  };

  beforeEach(async () => {
    db = await createTestDatabase(dialect);
    clock = new ManualClock('2026-12-01T09:00:00Z');
    h = await openHarness(dialect, db, {}, clock, new ScriptedClassifier());
    brandId = await h.createBrand('acme');
    token = await h.createToken(brandId);
    await h.createUser('manager@acme.test', brandId, 'admin');
    await h.createUser('resp@acme.test', brandId, 'responder');
    lateId = await h.createUser('late@acme.test', brandId, 'responder');
    manager = await h.login('manager@acme.test');
    responder = await h.login('resp@acme.test');
  });
  afterEach(async () => {
    await h.close();
    await db.drop();
  });

  it('made a reviewer, a member is told of each waiting case once, however often the role changes; not of a case no longer waiting', async () => {
    const first = await waitingCase('everyone go to RivalCo');
    const second = await waitingCase('RivalCo is better, switch now');
    const late = await h.login('late@acme.test');
    expect(await approvalNotices(late)).toEqual([]);
    await setRole(lateId, 'reviewer');
    expect(await approvalNotices(late)).toEqual([first, second].sort());
    await setRole(lateId, 'responder');
    await setRole(lateId, 'manager');
    expect(await approvalNotices(late)).toEqual([first, second].sort());
    // A reply approved meanwhile no longer waits: someone made a reviewer afterwards is told only of the other.
    const reply = (await api('GET', `/api/v1/cases/${first}/replies`, manager)).json().items[0];
    expect((await api('POST', `/api/v1/replies/${reply.id}/approve`, manager, {})).statusCode).toBe(200);
    const otherId = await h.createUser('other@acme.test', brandId, 'specialist');
    await setRole(otherId, 'reviewer');
    expect(await approvalNotices(await h.login('other@acme.test'))).toEqual([second]);
  });

  it('is told on joining with an approving role (added, invited), not of their own reply, and not with a role that cannot approve', async () => {
    const caseId = await waitingCase('everyone go to RivalCo');
    // Added by an installation operator (the CLI's `user add --brand … --role reviewer`).
    await h.createUser('newcomer@acme.test', brandId, 'reviewer');
    expect(await approvalNotices(await h.login('newcomer@acme.test'))).toEqual([caseId]);

    const issued = await api('POST', `/api/v1/brands/${brandId}/invitations`, manager, { email: 'invited@acme.test', role: 'reviewer' });
    const link = issued.json().link as string;
    const accepted = await h.app.inject({
      method: 'POST',
      url: '/api/v1/auth/invitation/accept',
      payload: { token: link.slice(link.indexOf('#') + 1), password: 'a-brand-new-password' },
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(await approvalNotices(await h.login('invited@acme.test', 'a-brand-new-password'))).toEqual([caseId]);

    await h.createUser('helper@acme.test', brandId, 'specialist');
    expect(await approvalNotices(await h.login('helper@acme.test'))).toEqual([]);
    // The reply's own author, made a reviewer, is not asked to approve it.
    await setRole(responder.userId, 'reviewer');
    expect(await approvalNotices(responder)).toEqual([]);
  });

  it('refuses to name as a reviewer someone whose role may not approve replies (a plain-words 400 with its code)', async () => {
    const res = await api('PATCH', `/api/v1/brands/${brandId}/settings`, manager, { routing: { review: { reviewerIds: [lateId] } } });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error).toMatchObject({ field: 'routing.review.reviewerIds', problem: 'not_approver', params: { id: lateId } });
    await setRole(lateId, 'reviewer');
    const named = await api('PATCH', `/api/v1/brands/${brandId}/settings`, manager, { routing: { review: { reviewerIds: [lateId] } } });
    expect(named.statusCode, named.body).toBe(200);
  });

  it('named reviewers: only they are told; a member named later is told; a reactivated membership is told of what waits', async () => {
    await setRole(lateId, 'reviewer');
    const named = await api('PATCH', `/api/v1/brands/${brandId}/settings`, manager, { routing: { review: { reviewerIds: [manager.userId] } } });
    expect(named.statusCode, named.body).toBe(200);
    const caseId = await waitingCase('everyone go to RivalCo');
    const late = await h.login('late@acme.test');
    expect(await approvalNotices(late)).toEqual([]);
    const renamed = await api('PATCH', `/api/v1/brands/${brandId}/settings`, manager, {
      routing: { review: { reviewerIds: [manager.userId, lateId] } },
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(await approvalNotices(late)).toEqual([caseId]);
    expect(await approvalNotices(manager)).toEqual([caseId]);

    // Back to everyone who may approve: a reviewer deactivated while the reply was submitted hears of it on return.
    const otherId = await h.createUser('other@acme.test', brandId, 'reviewer');
    expect((await api('POST', `/api/v1/brands/${brandId}/members/${otherId}/deactivate`, manager)).statusCode).toBe(200);
    const cleared = await api('PATCH', `/api/v1/brands/${brandId}/settings`, manager, { routing: { review: { reviewerIds: [] } } });
    expect(cleared.statusCode, cleared.body).toBe(200);
    const other = await h.login('other@acme.test');
    expect(await approvalNotices(other)).toEqual([]);
    expect((await api('POST', `/api/v1/brands/${brandId}/members/${otherId}/reactivate`, manager)).statusCode).toBe(200);
    expect(await approvalNotices(other)).toEqual([caseId]);
    expect(await approvalNotices(late)).toEqual([caseId]);
  });
});

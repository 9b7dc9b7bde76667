import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/support/databases.js';
import { buildMention } from '../../../../test/support/factories.js';
import { type Harness, type SignedIn, startHarness } from '../../../../test/support/harness.js';
import * as requests from '../../../../test/support/requests.js';

describe.each(DIALECTS)('cases on %s', (dialect) => {
  let h: Harness;
  let brandId: string;
  let token: string;
  let resp: SignedIn;
  let spec: SignedIn;

  beforeAll(async () => {
    h = await startHarness(dialect);
    brandId = await h.createBrand('cases');
    token = await h.createToken(brandId);
    await h.createUser('resp@cases.test', brandId, 'responder');
    await h.createUser('spec@cases.test', brandId, 'specialist');
    resp = await h.login('resp@cases.test');
    spec = await h.login('spec@cases.test');
  });
  afterAll(async () => {
    await h.close();
    await h.db.drop();
  });

  const ingest = <T extends ReturnType<typeof buildMention>[]>(...mentions: T) => requests.ingestBatch(h, token, mentions);
  const api = (method: 'GET' | 'PATCH' | 'POST', url: string, s: SignedIn, payload?: object) => requests.api(h, method, url, s, payload);

  it('threads replies, same-author follow-ups and new conversations into cases', async () => {
    const [root] = await ingest(buildMention({ external_id: 'post-1', author: { handle: 'vasya' }, created_at: '2026-02-01T10:00:00Z' }));
    const [reply] = await ingest(
      buildMention({ external_id: 'c-1', in_reply_to: 'post-1', author: { handle: 'petya' }, created_at: '2026-02-01T10:05:00Z' }),
    );
    const [follow] = await ingest(buildMention({ external_id: 'post-2', author: { handle: 'vasya' }, created_at: '2026-02-02T09:00:00Z' }));
    const [later] = await ingest(buildMention({ external_id: 'post-3', author: { handle: 'vasya' }, created_at: '2026-02-10T09:00:00Z' }));
    const [otherChannel] = await ingest(
      buildMention({ channel: 'email', external_id: 'm-1', author: { handle: 'vasya' }, created_at: '2026-02-01T11:00:00Z' }),
    );
    expect(reply.caseId).toBe(root.caseId);
    expect(follow.caseId).toBe(root.caseId);
    expect(later.caseId).not.toBe(root.caseId);
    expect(otherChannel.caseId).not.toBe(root.caseId);
    const c = (await api('GET', `/api/v1/cases/${root.caseId}`, resp)).json();
    expect(c.mention_count).toBe(3);
    expect(c.last_mention_at).toBe('2026-02-02T09:00:00.000Z');
  });

  it('changes status with an audit trail, requires a reason to stop engaging, and reopens on a new mention', async () => {
    const [m] = await ingest(buildMention({ external_id: 'q-1', author: { handle: 'asker' }, text: 'What time do you open on Sunday?' }));
    const url = `/api/v1/cases/${m.caseId}`;
    const noReason = await api('PATCH', url, resp, { status: 'not_engaging' });
    expect(noReason.statusCode).toBe(409);
    expect(noReason.json().error.field).toBe('reason');
    const ok = await api('PATCH', url, resp, { status: 'not_engaging', reason: 'spam, no problem behind it' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'not_engaging', status_reason: 'spam, no problem behind it' });

    const [m2] = await ingest(buildMention({ external_id: 'vip-1', author: { handle: 'vip' } }));
    await api('POST', `/api/v1/cases/${m2.caseId}/replies`, resp, {
      body: 'Thank you, and sorry: the courier will call you today before 18:00.',
      sent: true,
    });
    // The reply scheduled an "is it solved?" check: the case cannot be resolved before it is answered.
    const early = await api('PATCH', `/api/v1/cases/${m2.caseId}`, resp, { status: 'resolved' });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.message).toContain('follow-up');
    const solved = await api('POST', `/api/v1/cases/${m2.caseId}/follow-up`, resp, { outcome: 'solved' });
    expect(solved.statusCode).toBe(200);
    expect(solved.json().status).toBe('resolved');
    await ingest(buildMention({ external_id: 'vip-2', in_reply_to: 'vip-1', author: { handle: 'vip' }, text: 'Still nothing!' }));
    const reopened = (await api('GET', `/api/v1/cases/${m2.caseId}`, resp)).json();
    expect(reopened.status).toBe('in_progress');

    const timeline = (await api('GET', `/api/v1/cases/${m2.caseId}/timeline`, resp)).json().items;
    const types = timeline.map((e: { type: string }) => e.type);
    expect(types.filter((t: string) => !['routed'].includes(t))).toEqual([
      'case_opened',
      'classified',
      'reply_added',
      // The reply going out, then what it did to the case.
      'reply_sent',
      'status_changed',
      'follow_up_scheduled',
      'status_changed',
      'follow_up_answered',
      'mention_added',
      'reopened',
      'classified',
    ]);
    expect(timeline[0].mention.text).toContain('My order');
    expect(timeline[2].reply.body).toContain('courier');
    expect(timeline[2].actor).toEqual({ type: 'user', id: resp.userId });
    expect(timeline[6].data).toMatchObject({ from: 'replied', to: 'resolved' });
  });

  it('assigns only to members who may reply, and filters the inbox', async () => {
    const [m] = await ingest(buildMention({ external_id: 'assign-1', author: { handle: 'assignee-test' }, channel: 'instagram' }));
    const url = `/api/v1/cases/${m.caseId}`;
    const toSpecialist = await api('PATCH', url, resp, { assignee_id: spec.userId });
    expect(toSpecialist.statusCode).toBe(400);
    expect(toSpecialist.json().error.field).toBe('assignee_id');
    const toMe = await api('PATCH', url, resp, { assignee_id: resp.userId });
    expect(toMe.json().assignee).toEqual({ id: resp.userId, name: 'resp' });

    const mine = (await api('GET', `/api/v1/cases?brand=cases&assignee=me`, resp)).json();
    expect(mine.items.map((c: { id: string }) => c.id)).toEqual([m.caseId]);
    const insta = (await api('GET', `/api/v1/cases?brand=cases&channel=instagram&status=new,in_progress`, resp)).json();
    expect(insta.total).toBe(1);
    const complaints = (await api('GET', `/api/v1/cases?brand=cases&sentiment=negative&language=en`, resp)).json();
    expect(complaints.total).toBeGreaterThan(1);
    const arabic = (await api('GET', `/api/v1/cases?brand=cases&language=ar`, resp)).json();
    expect(arabic.total).toBe(0);
    const badKind = await api('GET', `/api/v1/cases?brand=cases&kind=angry`, resp);
    expect(badKind.statusCode).toBe(400);
    // The list filter is named, not the bad item's position in it.
    expect(badKind.json().error.field).toBe('kind');
    expect(badKind.json().error.message).toMatch(/^kind: must be one of .+ \("angry" is not\)$/);
  });

  it("finds cases by the author's handle or name as well as by text, with LIKE wildcards taken literally", async () => {
    const [ioana] = await ingest(
      buildMention({ external_id: 'who-1', author: { handle: 'Ioana_Popescu', name: 'Ioana Popescu' }, text: 'Plata a eșuat' }),
    );
    const [maria] = await ingest(
      buildMention({ external_id: 'who-2', author: { handle: 'mk1990', name: 'Мария Кузнецова' }, text: 'Где мой заказ' }),
    );
    const ids = async (q: string) =>
      (await api('GET', `/api/v1/cases?brand=cases&q=${encodeURIComponent(q)}`, resp)).json().items.map((c: { id: string }) => c.id);
    expect(await ids('@ioana_pop')).toEqual([ioana.caseId]); // handle prefix, any case, without the @
    expect(await ids('popescu')).toEqual([ioana.caseId]); // within the name
    expect(await ids('Кузнецова')).toEqual([maria.caseId]);
    expect(await ids('заказ')).toContain(maria.caseId); // text search still works beside it
    expect(await ids('ioana%')).toEqual([]); // % is a character, not a wildcard
    expect(await ids('_oana')).toEqual([]);
  });

  it('lets specialists add internal notes but not reply or change the case', async () => {
    const [m] = await ingest(buildMention({ external_id: 'spec-1', author: { handle: 'needs-legal' } }));
    const note = await api('POST', `/api/v1/cases/${m.caseId}/notes`, spec, { body: 'Legal: the refund is due within 14 days by law.' });
    expect(note.statusCode).toBe(201);
    expect((await api('POST', `/api/v1/cases/${m.caseId}/replies`, spec, { body: 'hi' })).statusCode).toBe(403);
    expect((await api('PATCH', `/api/v1/cases/${m.caseId}`, spec, { status: 'resolved' })).statusCode).toBe(403);
    const timeline = (await api('GET', `/api/v1/cases/${m.caseId}/timeline`, spec)).json().items;
    expect(timeline.at(-1)).toMatchObject({ type: 'note_added', note: { body: 'Legal: the refund is due within 14 days by law.' } });
  });
});

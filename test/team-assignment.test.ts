/**
 * Assigning by team on both databases (issue 16): a case handed to a team goes
 * to its least-loaded available responder (or stays with its assignee when
 * they are on the team, or waits in the team's queue when nobody is free),
 * with its events and a notification; in bulk too; the inbox filters "my
 * team" and shows the team; a team of another brand or a caller who may not
 * assign is refused; a deleted team's cases leave it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/domain/clock.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from './support/databases.js';
import { buildMention } from './support/factories.js';
import { type Harness, OPERATOR, openHarness, type SignedIn } from './support/harness.js';
import * as requests from './support/requests.js';
import { ScriptedClassifier } from './support/scripted-classifier.js';

describe.each(DIALECTS)('assigning by team on %s', (dialect) => {
  let db: TestDatabase;
  let h: Harness;
  let clock: ManualClock;
  let brandId: string;
  let token: string;
  let manager: SignedIn;
  let busy: string;
  let free: string;
  let outsiderOfTeam: string;
  let teamId: string;

  const api = (method: requests.Method, url: string, who: SignedIn, payload?: object) => requests.api(h, method, url, who, payload);
  const ingest = async (text: string) => (await requests.ingestOne(h, token, buildMention({ created_at: clock.now().toISOString(), text }))).caseId!;
  const getCase = async (id: string) => (await api('GET', `/api/v1/cases/${id}`, manager)).json();
  const events = async (id: string) =>
    (await api('GET', `/api/v1/cases/${id}/timeline`, manager)).json().items as Array<{ type: string; data: Record<string, unknown> }>;
  const inbox = async (who: SignedIn, query: string) =>
    ((await api('GET', `/api/v1/cases?brand=${brandId}&${query}`, who)).json().items as Array<{ id: string }>).map((c) => c.id).sort();

  beforeEach(async () => {
    db = await createTestDatabase(dialect);
    clock = new ManualClock('2026-12-01T09:00:00Z');
    h = await openHarness(dialect, db, {}, clock, new ScriptedClassifier());
    brandId = await h.createBrand('acme');
    token = await h.createToken(brandId);
    await h.createUser('manager@acme.test', brandId, 'manager');
    busy = await h.createUser('busy@acme.test', brandId, 'responder');
    free = await h.createUser('free@acme.test', brandId, 'responder');
    outsiderOfTeam = await h.createUser('other@acme.test', brandId, 'responder');
    manager = await h.login('manager@acme.test');
    const team = await api('POST', `/api/v1/brands/${brandId}/teams`, manager, { name: 'Delivery', member_ids: [busy, free] });
    expect(team.statusCode, team.body).toBe(201);
    teamId = team.json().id;
  });
  afterEach(async () => {
    await h.close();
    await db.drop();
  });

  it('hands a case to the team’s least-loaded responder, with the events and a notification', async () => {
    // `busy` already has an open case; `free` has none.
    const earlier = await ingest('#kind=question where is my parcel?');
    expect((await api('PATCH', `/api/v1/cases/${earlier}`, manager, { assignee_id: busy })).statusCode).toBe(200);
    const id = await ingest('#kind=constructive courier left the parcel in the rain');
    const res = await api('PATCH', `/api/v1/cases/${id}`, manager, { team_id: teamId });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ team_id: teamId, team: { id: teamId, name: 'Delivery' }, assignee: { id: free } });
    const timeline = await events(id);
    // The timeline names the team and the person, as they were called then.
    expect(timeline.find((e) => e.type === 'team_assigned')?.data).toMatchObject({ from: null, to: teamId, to_name: 'Delivery' });
    expect(timeline.find((e) => e.type === 'assigned')?.data).toMatchObject({ from: null, to: free, to_name: 'free' });
    const notified = (await api('GET', '/api/v1/notifications', await h.login('free@acme.test'))).json().items;
    expect(notified.map((n: { type: string; case_id: string }) => [n.type, n.case_id])).toContainEqual(['case.assigned', id]);

    // A case whose assignee is on the team stays with them; taking it from the team keeps the person.
    expect((await api('PATCH', `/api/v1/cases/${earlier}`, manager, { team_id: teamId })).json()).toMatchObject({ assignee: { id: busy } });
    const off = await api('PATCH', `/api/v1/cases/${earlier}`, manager, { team_id: null });
    expect(off.json()).toMatchObject({ team_id: null, team: null, assignee: { id: busy } });
    // Team and person together: the person named wins.
    const both = await api('PATCH', `/api/v1/cases/${earlier}`, manager, { team_id: teamId, assignee_id: outsiderOfTeam });
    expect(both.json()).toMatchObject({ team: { name: 'Delivery' }, assignee: { id: outsiderOfTeam } });
  });

  it('leaves the case in the team’s queue when nobody on it is available', async () => {
    for (const u of [busy, free]) {
      const set = await api('PATCH', `/api/v1/brands/${brandId}/members/${u}/status`, manager, { available: false });
      expect(set.statusCode, set.body).toBe(200);
    }
    const id = await ingest('#kind=question do you deliver on Sundays?');
    const res = await api('PATCH', `/api/v1/cases/${id}`, manager, { team_id: teamId });
    expect(res.json()).toMatchObject({ team: { name: 'Delivery' }, assignee: null });
    expect((await events(id)).map((e) => e.type)).not.toContain('assigned');
  });

  it('keeps the person when the case is handed to a team nobody on which can take it', async () => {
    const id = await ingest('#kind=constructive the courier never came');
    expect((await api('PATCH', `/api/v1/cases/${id}`, manager, { assignee_id: outsiderOfTeam })).statusCode).toBe(200);
    const empty = await api('POST', `/api/v1/brands/${brandId}/teams`, manager, { name: 'Night shift', member_ids: [] });
    expect(empty.statusCode, empty.body).toBe(201);
    const res = await api('PATCH', `/api/v1/cases/${id}`, manager, { team_id: empty.json().id });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ team: { name: 'Night shift' }, assignee: { id: outsiderOfTeam } });
    // Nobody on the team available: the same.
    for (const u of [busy, free]) await api('PATCH', `/api/v1/brands/${brandId}/members/${u}/status`, manager, { available: false });
    expect((await api('PATCH', `/api/v1/cases/${id}`, manager, { team_id: teamId })).json()).toMatchObject({
      team: { name: 'Delivery' },
      assignee: { id: outsiderOfTeam },
    });
    expect((await events(id)).filter((e) => e.type === 'assigned')).toHaveLength(1);
  });

  it('refuses another brand’s team and a caller who may not assign', async () => {
    const id = await ingest('#kind=question is there parking?');
    const rival = await h.createBrand('rival');
    const rivalTeam = await h.container.teams.create(OPERATOR, rival, { name: 'Rival team', memberIds: [] });
    const foreign = await api('PATCH', `/api/v1/cases/${id}`, manager, { team_id: rivalTeam.id });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.field).toBe('team_id');
    await h.createUser('spec@acme.test', brandId, 'specialist');
    const specialist = await h.login('spec@acme.test');
    expect((await api('PATCH', `/api/v1/cases/${id}`, specialist, { team_id: teamId })).statusCode).toBe(403);
    expect((await getCase(id)).team).toBeNull();
  });

  it('assigns many cases to a team at once; "my team" and "no team" filter the inbox, which shows the team', async () => {
    const ids = [await ingest('#kind=question gift cards?'), await ingest('#kind=question open late on Friday?')];
    const rest = await ingest('#kind=question do you sell vouchers?');
    const res = await api('POST', '/api/v1/cases/bulk', manager, { brand: brandId, case_ids: ids, change: { team_id: teamId } });
    expect(res.json(), res.body).toMatchObject({ changed: 2, failed: 0 });
    // Spread over the team: each took the least-loaded one at that moment.
    expect(new Set(res.json().items.map((i: { case: { assignee: { id: string } } }) => i.case.assignee.id))).toEqual(new Set([busy, free]));

    const member = await h.login('busy@acme.test');
    expect(await inbox(member, 'team=mine')).toEqual([...ids].sort());
    expect(await inbox(await h.login('other@acme.test'), 'team=mine')).toEqual([]);
    expect(await inbox(manager, 'team=none')).toEqual([rest]);
    expect(await inbox(manager, `team=${teamId}`)).toEqual([...ids].sort());
    const listed = (await api('GET', `/api/v1/cases?brand=${brandId}`, manager)).json().items;
    expect(listed.find((c: { id: string }) => c.id === ids[0]).team).toEqual({ id: teamId, name: 'Delivery' });
    expect(listed.find((c: { id: string }) => c.id === rest).team).toBeNull();
  });

  it('renames a team, keeping its members and cases; refuses a name in use and a caller who may not manage', async () => {
    const id = await ingest('#kind=question do you deliver on Sunday?');
    expect((await api('PATCH', `/api/v1/cases/${id}`, manager, { team_id: teamId })).statusCode).toBe(200);
    const renamed = await api('PATCH', `/api/v1/teams/${teamId}`, manager, { name: '  Couriers ' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({ id: teamId, name: 'Couriers' });
    expect(new Set(renamed.json().member_ids)).toEqual(new Set([busy, free]));
    expect((await getCase(id)).team).toEqual({ id: teamId, name: 'Couriers' });
    // The same name in other letters case is the same team; another team's name is taken.
    expect((await api('PATCH', `/api/v1/teams/${teamId}`, manager, { name: 'couriers' })).statusCode).toBe(200);
    await api('POST', `/api/v1/brands/${brandId}/teams`, manager, { name: 'Billing', member_ids: [] });
    const taken = await api('PATCH', `/api/v1/teams/${teamId}`, manager, { name: 'BILLING' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.field).toBe('name');
    expect((await api('PATCH', `/api/v1/teams/${teamId}`, manager, { name: '   ' })).statusCode).toBe(400);
    const responder = await h.login('busy@acme.test');
    expect((await api('PATCH', `/api/v1/teams/${teamId}`, responder, { name: 'Mine now' })).statusCode).toBe(403);
    const teams = (await api('GET', `/api/v1/brands/${brandId}/teams`, manager)).json().items.map((t: { name: string }) => t.name);
    expect(teams).toEqual(['Billing', 'couriers']);
  });

  it('takes a deleted team’s cases off it, keeping their people', async () => {
    const id = await ingest('#kind=constructive the courier was rude');
    expect((await api('PATCH', `/api/v1/cases/${id}`, manager, { team_id: teamId })).json().assignee).not.toBeNull();
    expect((await api('DELETE', `/api/v1/teams/${teamId}`, manager)).statusCode).toBe(204);
    const after = await getCase(id);
    expect(after).toMatchObject({ team_id: null, team: null });
    expect(after.assignee).not.toBeNull();
    expect((await events(id)).filter((e) => e.type === 'team_assigned').at(-1)?.data).toMatchObject({ from: teamId, to: null });
  });
});

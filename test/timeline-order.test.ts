/**
 * A case's timeline reads cause before effect: a mention's "Classified" event
 * comes right after the mention arrived and before what the classification
 * caused (cool-down hold, not engaging, flags, playbook switch) — for cases
 * opened and joined now, and for cases stored before the pipeline recorded it
 * in that order (fixed when read). On both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/domain/ids.js';
import { ManualClock } from '../src/domain/clock.js';
import { DIALECTS, createTestDatabase, type TestDatabase } from './support/databases.js';
import { buildMention } from './support/factories.js';
import { type Harness, openHarness, type SignedIn } from './support/harness.js';
import * as requests from './support/requests.js';
import { ScriptedClassifier } from './support/scripted-classifier.js';

describe.each(DIALECTS)('timeline order on %s', (dialect) => {
  let db: TestDatabase;
  let h: Harness;
  let token: string;
  let manager: SignedIn;
  const clock = new ManualClock('2026-12-01T10:00:00Z');

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    h = await openHarness(dialect, db, {}, clock, new ScriptedClassifier());
    const brandId = await h.createBrand('order');
    token = await h.createToken(brandId);
    await h.createUser('manager@order.test', brandId, 'manager');
    manager = await h.login('manager@order.test');
    const settings = await requests.api(h, 'PATCH', `/api/v1/brands/${brandId}/settings`, manager, {
      responsePolicy: { calendar: { timeZone: 'UTC', holidays: [] }, cooldownMinutes: 180 },
    });
    expect(settings.statusCode, settings.body).toBe(200);
  });
  afterAll(async () => {
    await h.close();
    await db.drop();
  });

  const types = async (caseId: string) =>
    (await requests.getJson(h, `/api/v1/cases/${caseId}/timeline`, manager)).items.map((e: { type: string }) => e.type) as string[];

  it('an impulsive post: opened, classified, then the cool-down it caused', async () => {
    const m = await requests.ingestOne(h, token, buildMention({ text: '#kind=impulsive WORST SHOP EVER', created_at: '2026-12-01T10:00:00Z' }));
    const t = await types(m.caseId!);
    expect(t.slice(0, 3)).toEqual(['case_opened', 'classified', 'cooldown_started']);
  });

  it('a troll: classified before "not engaging" is applied', async () => {
    const m = await requests.ingestOne(h, token, buildMention({ text: '#kind=trolling lol this brand', created_at: '2026-12-01T10:01:00Z' }));
    const t = await types(m.caseId!);
    expect(t[0]).toBe('case_opened');
    expect(t[1]).toBe('classified');
    expect(t.indexOf('policy_applied')).toBeGreaterThan(1);
    expect(t.indexOf('status_changed')).toBeGreaterThan(1);
  });

  it('a later message in the thread: mention added, classified, then the flags it raised', async () => {
    const root = await requests.ingestOne(
      h,
      token,
      buildMention({
        external_id: 'root-1',
        text: '#kind=constructive my order is late',
        author: { handle: 'olga' },
        created_at: '2026-12-01T10:02:00Z',
      }),
    );
    await requests.ingestOne(
      h,
      token,
      buildMention({
        external_id: 'reply-1',
        in_reply_to: 'root-1',
        text: '#kind=constructive #signal=legal_threat I will see you in court',
        author: { handle: 'olga' },
        created_at: '2026-12-01T10:05:00Z',
      }),
    );
    const t = await types(root.caseId!);
    const added = t.indexOf('mention_added');
    expect(added).toBeGreaterThan(0);
    expect(t[added + 1]).toBe('classified');
    // The legal threat it carried flagged the case: after its classification.
    expect(t.lastIndexOf('flagged')).toBeGreaterThan(added + 1);
  });

  it('a case stored before the fix (classified recorded last, same moment) is shown in cause-before-effect order', async () => {
    const m = await requests.ingestOne(h, token, buildMention({ text: '#kind=impulsive AWFUL', created_at: '2026-12-01T10:10:00Z' }));
    const repo = h.container.store.repos.cases;
    const stored = await repo.events(m.caseId!);
    const classified = stored.find((e) => e.type === 'classified')!;
    // Rewrite it as the old pipeline stored it: the same moment, an id that sorts after the steps it caused.
    await h.container.database.db.deleteFrom('case_events').where('id', '=', classified.id).execute();
    await repo.addEvent({ ...classified, id: newId() });
    const asStored = (await repo.events(m.caseId!)).map((e) => e.type);
    expect(asStored.indexOf('classified')).toBeGreaterThan(asStored.indexOf('cooldown_started'));
    expect((await types(m.caseId!)).slice(0, 3)).toEqual(['case_opened', 'classified', 'cooldown_started']);
    // The evidence export lists the trail in the same order.
    const evidence = await requests.api(h, 'GET', `/api/v1/cases/${m.caseId}/evidence`, manager);
    expect(evidence.statusCode, evidence.body).toBe(200);
    expect(
      evidence
        .json()
        .timeline.map((e: { type: string }) => e.type)
        .slice(0, 3),
    ).toEqual(['case_opened', 'classified', 'cooldown_started']);
  });
  it('a reply going out: "Reply sent" before the status it set and the follow-up it scheduled', async () => {
    const m = await requests.ingestOne(h, token, buildMention({ text: '#kind=constructive my parcel is lost', created_at: '2026-12-01T10:20:00Z' }));
    const sent = await requests.api(h, 'POST', `/api/v1/cases/${m.caseId}/replies`, manager, {
      body: 'Thank you for telling us, and sorry your parcel is lost. I have asked the courier and will write by 17:00 today.',
      sent: true,
      acknowledge_findings: true,
      override_reason: 'checked by hand',
    });
    expect(sent.statusCode, sent.body).toBeLessThan(300);
    const t = await types(m.caseId!);
    const at = t.indexOf('reply_sent');
    expect(at).toBeGreaterThan(0);
    expect(t.indexOf('follow_up_scheduled')).toBeGreaterThan(at);
    const events = (await requests.getJson(h, `/api/v1/cases/${m.caseId}/timeline`, manager)).items as { type: string; data: { to?: string } }[];
    expect(events.findIndex((e) => e.type === 'status_changed' && e.data.to === 'replied')).toBeGreaterThan(at);
  });

  it('a case brought back to work: "Brought back" before the status it left, then the kind corrected', async () => {
    const m = await requests.ingestOne(h, token, buildMention({ text: '#kind=trolling lol whatever', created_at: '2026-12-01T10:30:00Z' }));
    const back = await requests.api(h, 'POST', `/api/v1/cases/${m.caseId}/bring-back`, manager, { kind: 'constructive' });
    expect(back.statusCode, back.body).toBe(200);
    const events = (await requests.getJson(h, `/api/v1/cases/${m.caseId}/timeline`, manager)).items as {
      type: string;
      data: { from?: string };
    }[];
    const at = events.findIndex((e) => e.type === 'brought_back');
    expect(at).toBeGreaterThan(0);
    expect(events.findIndex((e) => e.type === 'status_changed' && e.data.from === 'not_engaging')).toBeGreaterThan(at);
    expect(events.map((e) => e.type).lastIndexOf('reclassified')).toBeGreaterThan(at);
  });
});

/**
 * Black PR, threats and churn on both databases (issue 16): black PR gets its
 * own playbook and a draft that never thanks the smear; correcting a case's
 * kind plans it again (flags, playbook, approval, deadline); a threat of harm
 * or a legal threat reaches the brand's legal address by e-mail with the
 * evidence, and its playbook's draft states the rules calmly, in four
 * languages; a customer saying they are leaving raises the case's priority
 * and adds a retention step.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/domain/clock.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from './support/databases.js';
import { buildMention } from './support/factories.js';
import { type Harness, openHarness, type SignedIn } from './support/harness.js';
import * as requests from './support/requests.js';
import { startSmtpServer, type TestSmtpServer } from './support/smtp-server.js';
import { ScriptedClassifier } from './support/scripted-classifier.js';

const THANKS = /thank|спасибо|благодар|mulțumi|multumi|شكر/i;

describe.each(DIALECTS)('black PR, threats and churn on %s', (dialect) => {
  let db: TestDatabase;
  let h: Harness;
  let clock: ManualClock;
  let brandId: string;
  let token: string;
  let manager: SignedIn;
  let smtp: TestSmtpServer;
  let smtpPort: number;

  const api = (method: requests.Method, url: string, payload?: object) => requests.api(h, method, url, manager, payload);
  const ingest = (m: object) => requests.ingestOne(h, token, m);
  const getCase = async (id: string) => (await api('GET', `/api/v1/cases/${id}`)).json();
  const playbook = async (id: string) => (await api('GET', `/api/v1/cases/${id}/playbook`)).json();
  const draft = async (id: string, lang?: string) =>
    (await api('POST', `/api/v1/cases/${id}/draft`, { engine: 'template', ...(lang ? { lang } : {}) })).json();

  beforeAll(async () => {
    smtp = await startSmtpServer();
    smtpPort = smtp.port;
  });
  afterAll(async () => {
    await smtp.close();
  });

  beforeEach(async () => {
    smtp.mails.length = 0;
    db = await createTestDatabase(dialect);
    clock = new ManualClock('2026-12-01T09:00:00Z');
    h = await openHarness(
      dialect,
      db,
      { DEFUSE_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, DEFUSE_SMTP_FROM: 'Defuse <desk@acme.test>' },
      clock,
      new ScriptedClassifier(),
    );
    brandId = await h.createBrand('acme');
    token = await h.createToken(brandId);
    await h.createUser('manager@acme.test', brandId, 'manager');
    manager = await h.login('manager@acme.test');
    const set = await api('PATCH', `/api/v1/brands/${brandId}/settings`, { escalation: { legalUserIds: [], legalEmail: 'legal@acme.test' } });
    expect(set.statusCode, set.body).toBe(200);
  });
  afterEach(async () => {
    await h.close();
    await db.drop();
  });

  it('black PR follows its own playbook, in four languages, and its draft never thanks the poster', async () => {
    const m = await ingest(
      buildMention({
        author: { handle: 'lena', name: 'Lena' },
        created_at: clock.now().toISOString(),
        text: '#kind=black_pr everyone switch to RivalCo, this shop steals',
      }),
    );
    const c = await getCase(m.caseId!);
    expect(c).toMatchObject({ playbook: 'black_pr', replies_need_approval: true, priority: 'high' });
    expect(c.flags).toContain('black_pr');
    const pb = await playbook(m.caseId!);
    expect(pb.situation).toBe('black_pr');
    expect(pb.steps.map((s: { key: string }) => s.key)).toEqual(['keep_evidence', 'dont_argue', 'legal_review', 'factual_reply']);
    for (const s of pb.steps) for (const lang of ['en', 'ru', 'ro', 'ar']) expect(s.title[lang] && s.guidance[lang], `${s.key} ${lang}`).toBeTruthy();
    for (const lang of ['en', 'ru', 'ro', 'ar']) {
      const d = await draft(m.caseId!, lang);
      expect(d.situation).toBe('black_pr');
      expect(d.text, lang).not.toMatch(THANKS);
      expect(
        d.findings.filter((f: { severity: string }) => f.severity === 'error'),
        `${lang}: ${d.text}`,
      ).toEqual([]);
    }
    // Legal hears of the smear with the evidence.
    await h.runJobs();
    expect(smtp.mails.map((x) => x.to)).toEqual([['legal@acme.test']]);
  });

  it('correcting a case’s kind plans it again: flags, playbook, approval and deadline', async () => {
    const m = await ingest(
      buildMention({ created_at: clock.now().toISOString(), text: '#kind=neutral RivalCo is better, everyone knows this shop is a scam' }),
    );
    const before = await getCase(m.caseId!);
    expect(before).toMatchObject({ playbook: 'other', replies_need_approval: false, deadline: null, priority: 'normal' });
    expect(before.flags).toEqual([]);
    clock.advance(5 * 60_000);
    const res = await api('POST', `/api/v1/mentions/${m.id}/correction`, { kind: 'black_pr' });
    expect(res.statusCode, res.body).toBe(201);
    const after = await getCase(m.caseId!);
    expect(after).toMatchObject({ kind: 'black_pr', playbook: 'black_pr', replies_need_approval: true, priority: 'high' });
    expect(after.flags).toContain('black_pr');
    // Black PR is owed a response: the first-response target from the case's opening (60 business minutes).
    expect(after.deadline).toMatchObject({ type: 'first', due_at: '2026-12-01T10:00:00.000Z' });
    expect((await playbook(m.caseId!)).currentStep).toBe('keep_evidence');
    const types = (await api('GET', `/api/v1/cases/${m.caseId}/timeline`)).json().items.map((e: { type: string }) => e.type);
    expect(types).toEqual(expect.arrayContaining(['reclassified', 'replanned', 'escalated']));

    // A corrected situation alone does not take a smear off its playbook.
    expect((await api('POST', `/api/v1/mentions/${m.id}/correction`, { situation: 'price_question' })).statusCode).toBe(201);
    expect((await getCase(m.caseId!)).playbook).toBe('black_pr');

    // And back: it was a real customer after all.
    await api('POST', `/api/v1/mentions/${m.id}/correction`, { kind: 'constructive', situation: 'service_complaint' });
    const back = await getCase(m.caseId!);
    expect(back).toMatchObject({ kind: 'constructive', playbook: 'service_complaint', replies_need_approval: false });
    expect(back.flags).not.toContain('black_pr');
    expect((await draft(m.caseId!)).situation).toBe('service_complaint');
  });

  it('a threat of harm reaches legal by e-mail with the evidence; its playbook states the rules calmly in four languages', async () => {
    const first = await ingest(
      buildMention({
        external_id: 'th-1',
        author: { handle: 'angry_bob', name: 'Bob' },
        created_at: clock.now().toISOString(),
        link: 'https://social.example/p/th-1',
        text: '#kind=impulsive my order 4411 never came',
      }),
    );
    expect(smtp.mails).toEqual([]);
    clock.advance(10 * 60_000);
    await ingest(
      buildMention({
        external_id: 'th-2',
        in_reply_to: 'th-1',
        author: { handle: 'angry_bob', name: 'Bob' },
        created_at: clock.now().toISOString(),
        link: 'https://social.example/p/th-2',
        text: '#kind=impulsive #signal=threat I will find you and you will pay',
      }),
    );
    await h.runJobs();
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]!.to).toEqual(['legal@acme.test']);
    const raw = smtp.mails[0]!.raw.replace(/=\r?\n/g, '');
    expect(raw).toContain('a threat of harm');
    for (const piece of [
      'https://social.example/p/th-1',
      'https://social.example/p/th-2',
      '2026-12-01T09:00:00.000Z',
      '2026-12-01T09:10:00.000Z',
      'you will pay',
      'never came',
    ])
      expect(raw, piece).toContain(piece);

    const c = await getCase(first.caseId!);
    expect(c).toMatchObject({ playbook: 'threat', priority: 'urgent' });
    expect(c.flags).toContain('threat');
    const pb = await playbook(first.caseId!);
    expect(pb.steps.map((s: { key: string }) => s.key)).toEqual(['keep_record', 'stay_calm', 'state_rules', 'legal_decides']);
    const rules: Record<string, RegExp> = {
      en: /insults and threats .* are recorded and may be passed on/,
      ru: /оскорбления и угрозы .* фиксируются и могут быть переданы/,
      ro: /insultele și amenințările .* sunt înregistrate și pot fi transmise/,
      ar: /الإهانات والتهديدات .* تُسجَّل ويمكن إحالتها/,
    };
    for (const [lang, re] of Object.entries(rules)) {
      const d = await draft(first.caseId!, lang);
      expect(d.text, lang).toMatch(re);
      expect(
        d.findings.filter((f: { severity: string }) => f.severity === 'error'),
        `${lang}: ${d.text}`,
      ).toEqual([]);
    }
  });

  it('a legal threat reaches legal too', async () => {
    await ingest(
      buildMention({ created_at: clock.now().toISOString(), text: '#kind=constructive #signal=legal_threat refund me or my lawyer will sue' }),
    );
    await h.runJobs();
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]!.raw).toContain('a legal threat');
  });

  it('a customer saying they are leaving raises the case’s priority and adds a retention step', async () => {
    const m = await ingest(
      buildMention({ created_at: clock.now().toISOString(), text: "#kind=constructive #signal=churn_threat third outage this week, I'm cancelling" }),
    );
    const c = await getCase(m.caseId!);
    expect(c).toMatchObject({ priority: 'high', playbook: 'service_complaint' });
    expect(c.flags).toContain('churn');
    const keys = (await playbook(m.caseId!)).steps.map((s: { key: string }) => s.key);
    expect(keys).toEqual(['apologise', 'clarify', 'ask_team', 'tell_wait', 'retain', 'close_or_alternative']);
    // "Going to <competitor>" in a complaint is churn too; a calm complaint is not.
    const rival = await ingest(
      buildMention({ created_at: clock.now().toISOString(), text: '#kind=impulsive #signal=competitor_mention going to RivalCo then' }),
    );
    expect((await getCase(rival.caseId!)).flags).toContain('churn');
    const calm = await ingest(buildMention({ created_at: clock.now().toISOString(), text: '#kind=constructive the app is slow' }));
    expect(await getCase(calm.caseId!)).toMatchObject({ priority: 'normal', flags: [] });
    expect((await playbook(calm.caseId!)).steps.map((s: { key: string }) => s.key)).not.toContain('retain');
  });

  it('switching a case’s playbook plans it again: approval and escalation follow, the timeline says so, and only managers may', async () => {
    const m = await ingest(buildMention({ created_at: clock.now().toISOString(), text: '#kind=neutral everyone says this shop sells fakes' }));
    await h.runJobs();
    expect(smtp.mails).toEqual([]);
    const url = `/api/v1/cases/${m.caseId}/playbook`;
    await h.createUser('resp@acme.test', brandId, 'responder');
    const responder = await h.login('resp@acme.test');
    expect((await requests.api(h, 'PUT', url, responder, { situation: 'black_pr' })).statusCode).toBe(403);
    expect(await getCase(m.caseId!)).toMatchObject({ playbook: 'other', replies_need_approval: false });

    const res = await api('PUT', url, { situation: 'black_pr' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ situation: 'black_pr', currentStep: 'keep_evidence' });
    expect(await getCase(m.caseId!)).toMatchObject({ playbook: 'black_pr', replies_need_approval: true });
    // Legal hears of it with the evidence, as for a smear the classifier caught.
    await h.runJobs();
    expect(smtp.mails.map((x) => x.to)).toEqual([['legal@acme.test']]);
    expect(smtp.mails[0]!.raw.replace(/=\r?\n/g, '')).toContain('sells fakes');
    const events = (await api('GET', `/api/v1/cases/${m.caseId}/timeline`)).json().items as Array<{ type: string; data: object }>;
    expect(events.find((e) => e.type === 'playbook_switched')).toMatchObject({
      actor: { type: 'user', id: manager.userId },
      data: { from: 'other', to: 'black_pr', replies_need_approval: { from: false, to: true } },
    });
    expect(events.map((e) => e.type)).toContain('escalated');
    // A reply now waits for approval.
    const reply = await api('POST', `/api/v1/cases/${m.caseId}/replies`, { body: 'We sell only originals; here is the certificate.', sent: true });
    expect(reply.json().status, reply.body).toBe('pending_approval');

    // Back to a customer's playbook: the approval goes with black PR's (the kind never asked for it); no new escalation.
    const back = await api('PUT', url, { situation: 'service_complaint' });
    expect(back.json()).toMatchObject({ situation: 'service_complaint', currentStep: 'apologise' });
    expect(await getCase(m.caseId!)).toMatchObject({ playbook: 'service_complaint', replies_need_approval: false });
    expect((await api('PUT', url, { situation: 'service_complaint' })).statusCode).toBe(409);
    expect((await api('PUT', url, { situation: 'nonsense' })).statusCode).toBe(400);
    await h.runJobs();
    expect(smtp.mails).toHaveLength(1);
  });
});

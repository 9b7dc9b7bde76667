/**
 * The reply studio end to end on both databases: the checker gates replies,
 * an approval round trip (edit, send back, approve) lands in the timeline,
 * a reply goes out by e-mail through a real SMTP server started here, and a
 * delivery that keeps failing ends as "failed" with the author told.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/domain/clock.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from './support/databases.js';
import { buildMention } from './support/factories.js';
import { type Harness, openHarness, type SignedIn } from './support/harness.js';
import * as requests from './support/requests.js';
import { type ReceivedMail, startSmtpServer, type TestSmtpServer } from './support/smtp-server.js';
import { ScriptedClassifier } from './support/scripted-classifier.js';

describe.each(DIALECTS)('reply studio on %s', (dialect) => {
  let db: TestDatabase;
  let h: Harness;
  let clock: ManualClock;
  let brandId: string;
  let token: string;
  let manager: SignedIn;
  let responder: SignedIn;
  let smtp: TestSmtpServer;
  let smtpPort: number;
  let mails: ReceivedMail[];
  let broken: Server;
  let brokenPort: number;
  let llm: Server;
  let llmPort: number;
  let llmMode: 'ok' | 'slow' | 'error';
  let llmRequests: Array<{ model: string; messages: Array<{ role: string; content: string }>; auth: string | undefined }>;

  const api = (method: requests.Method, url: string, who: SignedIn, payload?: object) => requests.api(h, method, url, who, payload);
  const ingest = (m: object) => requests.ingestOne(h, token, m);
  const timeline = async (caseId: string) =>
    (await api('GET', `/api/v1/cases/${caseId}/timeline`, manager)).json().items as Array<{ type: string; data: Record<string, unknown> }>;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    mails = smtp.mails;
    smtpPort = smtp.port;
    llmRequests = [];
    // A language model server speaking the OpenAI chat-completions protocol.
    llm = createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        if (req.url !== '/v1/chat/completions' || req.method !== 'POST') return res.writeHead(404).end();
        const body = JSON.parse(raw);
        llmRequests.push({ model: body.model, messages: body.messages, auth: req.headers.authorization });
        if (llmMode === 'error') return res.writeHead(500).end('{"error":"boom"}');
        const answer = () =>
          res.writeHead(200, { 'content-type': 'application/json' }).end(
            JSON.stringify({
              id: 'x',
              object: 'chat.completion',
              choices: [
                {
                  index: 0,
                  message: { role: 'assistant', content: 'Vă mulțumim pentru înțelegere. Vom rezolva în curând.' },
                  finish_reason: 'stop',
                },
              ],
            }),
          );
        if (llmMode === 'slow') setTimeout(answer, 1500);
        else answer();
      });
    });
    await new Promise<void>((resolve) => llm.listen(0, '127.0.0.1', resolve));
    llmPort = (llm.address() as AddressInfo).port;
    broken = createServer((_req, res) => res.writeHead(503).end('down'));
    await new Promise<void>((resolve) => broken.listen(0, '127.0.0.1', resolve));
    brokenPort = (broken.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await smtp.close();
    await new Promise((resolve) => broken.close(resolve));
    await new Promise((resolve) => llm.close(resolve));
  });

  beforeEach(async () => {
    mails.length = 0;
    db = await createTestDatabase(dialect);
    clock = new ManualClock('2026-12-01T09:00:00Z');
    llmMode = 'ok';
    llmRequests.length = 0;
    const env = {
      DEFUSE_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      DEFUSE_SMTP_FROM: 'Acme Support <support@acme.test>',
      DEFUSE_LLM_BASE_URL: `http://127.0.0.1:${llmPort}/v1`,
      DEFUSE_LLM_MODEL: 'local-model',
      DEFUSE_LLM_API_KEY: 'sk-test',
      DEFUSE_LLM_TIMEOUT_MS: '300',
    };
    h = await openHarness(dialect, db, env, clock, new ScriptedClassifier());
    brandId = await h.createBrand('acme');
    token = await h.createToken(brandId);
    await h.createUser('manager@acme.test', brandId, 'manager');
    await h.createUser('new@acme.test', brandId, 'responder');
    manager = await h.login('manager@acme.test');
    responder = await h.login('new@acme.test');
    const settings = await api('PATCH', `/api/v1/brands/${brandId}/settings`, manager, {
      delivery: { email: { type: 'email', subjectPrefix: 'Re: ' }, shop: { type: 'webhook', url: `http://127.0.0.1:${brokenPort}/bridge` } },
    });
    expect(settings.statusCode, settings.body).toBe(200);
  });
  afterEach(async () => {
    await h.close();
    await db.drop();
  });

  it('checks replies before they go out: stock phrases are refused unless acknowledged, drafts are kept with their findings', async () => {
    const m = await ingest(buildMention({ text: '#kind=constructive my order never came' }));
    const url = `/api/v1/cases/${m.caseId}/replies`;
    const check = await api('POST', `${url}/check`, responder, { body: 'We apologize for any inconvenience. It will be fixed soon.' });
    expect(check.json().findings.map((f: { rule: string }) => f.rule)).toEqual(['stock_phrase', 'vague_promise']);
    expect(check.json().findings[0]).toMatchObject({ span: [0, 34], quote: 'We apologize for any inconvenience' });

    const refused = await api('POST', url, responder, { body: 'We apologize for any inconvenience.', send: true });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toContain('stock_phrase');
    const draft = await api('POST', url, responder, { body: 'We apologize for any inconvenience.' });
    expect(draft.json()).toMatchObject({ status: 'draft', findings: [{ rule: 'stock_phrase' }] });
    // Past the checker's errors only with a reason (issue 16): refused plainly without one, kept in the timeline with one.
    const noReason = await api('POST', url, responder, { body: 'We apologize for any inconvenience.', sent: true, acknowledge_findings: true });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error).toMatchObject({ field: 'override_reason' });
    expect(noReason.json().error.message).toContain('why this reply goes out despite the reply checker');
    const blank = await api('POST', url, responder, {
      body: 'We apologize for any inconvenience.',
      sent: true,
      acknowledge_findings: true,
      override_reason: '  ',
    });
    expect(blank.statusCode).toBe(400);
    expect((await h.container.store.repos.replies.forCase(m.caseId!)).filter((r) => r.status !== 'draft')).toEqual([]);
    const anyway = await api('POST', url, responder, {
      body: 'We apologize for any inconvenience.',
      sent: true,
      acknowledge_findings: true,
      override_reason: 'the customer asked for this exact wording',
    });
    expect(anyway.json()).toMatchObject({ status: 'sent', findings: [{ rule: 'stock_phrase' }] });
    const overridden = (await timeline(m.caseId!)).filter((e) => e.type === 'checker_overridden');
    expect(overridden.map((e) => e.data)).toEqual([
      { reply_id: anyway.json().id, rules: ['stock_phrase'], reason: 'the customer asked for this exact wording' },
    ]);
    // A saved draft sent past the checker: the same rule.
    const saved = draft.json().id as string;
    const draftNoReason = await api('POST', `/api/v1/replies/${saved}/send`, responder, { sent: true, acknowledge_findings: true });
    expect(draftNoReason.statusCode).toBe(400);
    const draftSent = await api('POST', `/api/v1/replies/${saved}/send`, responder, {
      sent: true,
      acknowledge_findings: true,
      override_reason: 'agreed with legal',
    });
    expect(draftSent.statusCode, draftSent.body).toBe(200);
    expect((await timeline(m.caseId!)).filter((e) => e.type === 'checker_overridden').map((e) => [e.data.reply_id, e.data.reason])).toEqual([
      [anyway.json().id, 'the customer asked for this exact wording'],
      [saved, 'agreed with legal'],
    ]);

    const generic = await api('POST', '/api/v1/reply-checker', responder, { text: 'Вы нас не так поняли.', lang: 'ru', kind: 'constructive' });
    expect(
      generic
        .json()
        .findings.map((f: { rule: string }) => f.rule)
        .sort(),
    ).toEqual(['blames_customer', 'missing_thanks_or_apology']);
  });

  it('approval round trip: a new responder’s reply is sent back, rewritten, edited by the reviewer, approved and e-mailed', async () => {
    const userId = (await h.container.store.repos.users.findByEmail('new@acme.test'))!.id;
    await api('PATCH', `/api/v1/brands/${brandId}/members/${userId}/status`, manager, { new_responder: true });
    const m = await ingest(
      buildMention({
        channel: 'email',
        external_id: '<m-1@mail.example.md>',
        author: { handle: 'ana@example.md', name: 'Ana Rusu' },
        text: '#kind=constructive #lang=ro Comanda 5512 nu a ajuns',
      }),
    );
    const url = `/api/v1/cases/${m.caseId}/replies`;

    const first = await api('POST', url, responder, { body: 'Vă mulțumim că ne-ați scris și ne pare rău. Curierul vine mâine.', send: true });
    expect(first.json()).toMatchObject({ status: 'pending_approval', approval: { reason: expect.stringContaining('new responder') } });
    expect((await api('GET', `/api/v1/cases/${m.caseId}`, manager)).json().status).toBe('awaiting_approval');
    const back = await api('POST', `/api/v1/replies/${first.json().id}/reject`, manager, { note: 'Give the time window.' });
    expect(back.json()).toMatchObject({ status: 'rejected', approval: { note: 'Give the time window.' } });
    expect((await api('GET', '/api/v1/notifications', responder)).json().items[0]).toMatchObject({ type: 'reply.rejected' });

    const second = await api('POST', url, responder, {
      body: 'Vă mulțumim că ne-ați scris și ne pare rău. Curierul vine mâine între 10 și 12.',
      send: true,
    });
    expect(second.json().status).toBe('pending_approval');
    const approved = await api('POST', `/api/v1/replies/${second.json().id}/approve`, manager, {
      body: 'Vă mulțumim că ne-ați scris și ne pare rău pentru întârziere. Curierul aduce comanda 5512 mâine între orele 10:00 și 12:00.',
      note: 'added the order number',
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'sending', delivery: { channel: 'email', status: 'pending' } });
    await h.runJobs();

    expect(mails).toHaveLength(1);
    expect(mails[0]!.to).toEqual(['ana@example.md']);
    expect(mails[0]!.from).toBe('support@acme.test');
    expect(mails[0]!.raw).toContain('In-Reply-To: <m-1@mail.example.md>');
    expect(mails[0]!.raw).toMatch(/Subject: Re:/);
    const [sent] = (await api('GET', url, manager)).json().items.filter((r: { id: string }) => r.id === second.json().id);
    expect(sent).toMatchObject({
      status: 'sent',
      delivery: { channel: 'email', status: 'delivered', attempts: 1, external_id: expect.stringContaining('@') },
    });
    expect((await api('GET', `/api/v1/cases/${m.caseId}`, manager)).json().status).toBe('replied');

    const types = (await timeline(m.caseId!)).map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining(['reply_submitted', 'reply_rejected', 'reply_edited', 'reply_approved', 'reply_queued', 'reply_sent']),
    );
    const edited = (await timeline(m.caseId!)).find((e) => e.type === 'reply_edited')!;
    expect(edited.data).toMatchObject({ before: expect.stringContaining('între 10 și 12'), after: expect.stringContaining('10:00') });
  });

  it('a delivery that keeps failing is retried with backoff, then marked failed and the author told; retry works again', async () => {
    const m = await ingest(buildMention({ channel: 'shop', text: '#kind=constructive the size chart is wrong' }));
    const r = await api('POST', `/api/v1/cases/${m.caseId}/replies`, manager, {
      body: 'Thank you, and sorry! The chart is corrected today; the M is 52 cm wide.',
      send: true,
    });
    expect(r.json().status).toBe('sending');
    for (let i = 0; i < 6; i++) {
      await h.runJobs();
      clock.advance(10 * 60_000);
    }
    const [failed] = (await api('GET', `/api/v1/cases/${m.caseId}/replies`, manager)).json().items;
    expect(failed).toMatchObject({
      status: 'failed',
      delivery: { channel: 'webhook', status: 'failed', attempts: 5, error: expect.stringContaining('503') },
    });
    expect((await api('GET', '/api/v1/notifications', manager)).json().items.some((n: { type: string }) => n.type === 'reply.failed')).toBe(true);
    expect((await api('GET', `/api/v1/cases/${m.caseId}`, manager)).json().status).toBe('new');
    const again = await api('POST', `/api/v1/replies/${r.json().id}/retry`, manager);
    expect(again.json()).toMatchObject({ status: 'sending', delivery: { attempts: 0 } });
  });

  it('a reply ready to post to a troll counts as the one public reaction', async () => {
    const m = await ingest(buildMention({ channel: 'facebook', text: '#kind=trolling you are all clowns' }));
    await api('PATCH', `/api/v1/cases/${m.caseId}`, manager, { status: 'in_progress', reason: 'answer once, calmly' });
    const first = await api('POST', `/api/v1/cases/${m.caseId}/replies`, manager, {
      body: 'We hear you. If something went wrong, write to us.',
      send: true,
    });
    expect(first.json().status).toBe('ready');
    const second = await api('POST', `/api/v1/cases/${m.caseId}/replies`, manager, { body: 'We hear you.', send: true });
    expect(second.statusCode).toBe(409);
    expect(second.json().error.message).toContain('at most one');
  });

  it('a channel answered by hand readies the reply; the responder posts it and confirms', async () => {
    const m = await ingest(buildMention({ channel: 'facebook', text: '#kind=constructive app crashes on login' }));
    const r = await api('POST', `/api/v1/cases/${m.caseId}/replies`, manager, {
      body: 'Thank you, and sorry about the crash. Version 3.2.1, out today, fixes it.',
      send: true,
    });
    expect(r.json()).toMatchObject({ status: 'ready', delivery: { channel: 'manual', status: 'awaiting_manual' } });
    expect((await api('POST', `/api/v1/replies/${r.json().id}/retry`, manager)).statusCode).toBe(409);
    const posted = await api('POST', `/api/v1/replies/${r.json().id}/posted`, manager, {});
    expect(posted.json()).toMatchObject({ status: 'sent' });
    expect((await api('POST', `/api/v1/replies/${r.json().id}/posted`, manager, {})).statusCode).toBe(409);
  });

  it('drafts a reply to a Romanian delivery complaint from the template, with the facts filled in, and it passes the checker', async () => {
    const m = await ingest(
      buildMention({
        author: { handle: 'ana.rusu', name: 'Ana Rusu' },
        text: '#kind=constructive #lang=ro #topic=delivery Comanda nr. 5512 nu a ajuns nici după două săptămâni',
      }),
    );
    const draft = await api('POST', `/api/v1/cases/${m.caseId}/draft`, responder, { engine: 'template', facts: { date: '2026-12-05' } });
    expect(draft.statusCode, draft.body).toBe(200);
    expect(draft.json()).toMatchObject({ lang: 'ro', situation: 'service_complaint', step: 'apologise', engine: 'template', findings: [] });
    expect(draft.json().text).toContain('Ana');
    expect(draft.json().text).toContain('5512');
    expect(draft.json().text).toContain('5 decembrie');
    // It can be sent as it is.
    const sent = await api('POST', `/api/v1/cases/${m.caseId}/replies`, responder, { body: draft.json().text, sent: true });
    expect(sent.json().status).toBe('sent');
    // The next step's template follows the playbook.
    await api('POST', `/api/v1/cases/${m.caseId}/playbook/steps/apologise`, responder);
    const next = (await api('POST', `/api/v1/cases/${m.caseId}/draft`, responder, { engine: 'template' })).json();
    expect(next).toMatchObject({ step: 'clarify', findings: [] });
  });

  it("uses the brand's own templates", async () => {
    const own = await api('PATCH', `/api/v1/brands/${brandId}/settings`, manager, {
      replyTemplates: { service_complaint: { default: { en: 'Hi {name}, thanks and sorry — {agent} from {brand} here.' } } },
    });
    expect(own.statusCode, own.body).toBe(200);
    const bad = await api('PATCH', `/api/v1/brands/${brandId}/settings`, manager, { replyTemplates: { idea: { default: { en: 'Hi {customer}' } } } });
    expect(bad.statusCode).toBe(400);
    const m = await ingest(buildMention({ author: { handle: 'bob', name: 'Bob Stone' }, text: '#kind=constructive broken zipper' }));
    const draft = (await api('POST', `/api/v1/cases/${m.caseId}/draft`, manager, { engine: 'template' })).json();
    expect(draft.text).toBe('Hi Bob, thanks and sorry — manager from Brand acme here.');
  });

  it('drafts with the language model when configured, checks its output, and falls back to the template on failure or timeout', async () => {
    const m = await ingest(
      buildMention({ author: { handle: 'ion', name: 'Ion' }, text: '#kind=constructive #lang=ro Comanda 991 a venit deteriorată' }),
    );
    const url = `/api/v1/cases/${m.caseId}/draft`;
    const viaLlm = (await api('POST', url, responder, {})).json();
    expect(viaLlm).toMatchObject({ engine: 'llm', fallback: null, text: 'Vă mulțumim pentru înțelegere. Vom rezolva în curând.' });
    expect(viaLlm.findings.map((f: { rule: string }) => f.rule)).toEqual(['stock_phrase', 'vague_promise']);
    expect(llmRequests[0]).toMatchObject({ model: 'local-model', auth: 'Bearer sk-test' });
    expect(llmRequests[0]!.messages[0]!.content).toContain('Romanian');
    expect(llmRequests[0]!.messages[1]!.content).toContain('Comanda 991');

    llmMode = 'error';
    const failed = (await api('POST', url, responder, {})).json();
    expect(failed).toMatchObject({ engine: 'template', fallback: expect.stringContaining('500'), findings: [] });
    llmMode = 'slow';
    const slow = (await api('POST', url, responder, {})).json();
    expect(slow).toMatchObject({ engine: 'template', fallback: 'the language model timed out', findings: [] });
    expect(slow.text).toContain('991');
  });

  it('e-mails the report of the month that ended, once, to the recipients a manager set', async () => {
    await ingest(buildMention({ text: '#kind=constructive late again', created_at: '2026-11-20T10:00:00Z' }));
    const set = await api('PATCH', `/api/v1/brands/${brandId}/settings`, manager, {
      reportSchedule: { monthly: true, recipients: ['boss@acme.test'], format: 'html' },
    });
    expect(set.statusCode, set.body).toBe(200);
    clock.set('2026-12-01T06:00:00Z');
    expect(await h.container.reportScheduler.sendDue()).toEqual([{ brand: 'acme', period: '2026-11' }]);
    expect(await h.container.reportScheduler.sendDue()).toEqual([]);
    const mail = mails.find((m) => m.to.includes('boss@acme.test'))!;
    expect(mail.raw).toMatch(/Subject: Brand acme: mentions report November 2026/);
    expect(mail.raw).toContain('defuse-report-2026-11.html');
  });
});

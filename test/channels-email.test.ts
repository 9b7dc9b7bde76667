/**
 * E-mail through the whole stack, on both databases, against real servers: a
 * Dovecot mailbox (test/support/imap-server.ts) and an smtp-server. An e-mail
 * connection added through the API; mails in the mailbox become mentions and
 * cases after a poll; a restart mid-poll (mentions stored, cursor not)
 * duplicates nothing; a reply written and sent on the desk arrives at the
 * SMTP server in the customer's thread (In-Reply-To and References carry
 * their Message-ID); going private on e-mail is one private mail, with no
 * public part; a wrong IMAP password shows its error and notifies once over
 * several polls.
 */
import { randomBytes } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DIALECTS } from './support/databases.js';
import { type Harness, type SignedIn, startHarness } from './support/harness.js';
import { dovecotAvailable, type ImapServer, startImapServer } from './support/imap-server.js';
import { api, getJson } from './support/requests.js';
import { startSmtpServer, type TestSmtpServer } from './support/smtp-server.js';
import { ScriptedClassifier } from './support/scripted-classifier.js';

const USER = 'support@pizza.test';
const PASS = 'imap-pass-e2e-41';
const SMTP_PASS = 'smtp-pass-e2e-77';

let n = 0;
function mail(o: { from: string; subject: string; body: string; id: string }): string {
  n++;
  return (
    [
      `From: ${o.from}`,
      `To: Pizza Support <${USER}>`,
      `Subject: ${o.subject}`,
      `Date: Tue, 1 Dec 2026 10:${String(n % 60).padStart(2, '0')}:00 +0000`,
      `Message-ID: ${o.id}`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      o.body,
    ]
      .join('\r\n')
      .replace(/(?<!\r)\n/g, '\r\n') + '\r\n'
  );
}

const available = dovecotAvailable();

describe.skipIf(!available).each(DIALECTS)('channels: e-mail through the whole stack on %s', (dialect) => {
  let h: Harness;
  let imap: ImapServer;
  let smtp: TestSmtpServer;
  let smtpPort: number;
  let brandId: string;
  let manager: SignedIn;
  let managerId: string;
  let responder: SignedIn;
  let connectionId: string;

  beforeAll(async () => {
    imap = await startImapServer({ [USER]: PASS });
    smtp = await startSmtpServer({ users: { [USER]: SMTP_PASS } });
    smtpPort = smtp.port;
    h = await startHarness(dialect, { DEFUSE_SECRET_KEY: randomBytes(32).toString('base64') }, new ScriptedClassifier());
    brandId = await h.createBrand('pizza');
    managerId = await h.createUser('manager@pizza.test', brandId, 'manager');
    await h.createUser('responder@pizza.test', brandId, 'responder');
    manager = await h.login('manager@pizza.test');
    responder = await h.login('responder@pizza.test');
  }, 60_000);
  afterAll(async () => {
    await h?.close();
    await h?.db.drop();
    await imap?.stop();
    await smtp?.close();
  });

  const drain = async () => {
    while ((await h.runJobs()) > 0);
  };
  const mentionOf = async (externalId: string) =>
    (
      (await getJson(h, `/api/v1/mentions?brand=${brandId}&limit=100`, manager)).items as Array<{ external_id: string; case_id: string | null }>
    ).filter((m) => m.external_id === externalId);
  const failingNotices = async () =>
    (await h.container.store.repos.notifications.forUser(managerId, { unreadOnly: false, limit: 100, brandIds: [brandId] })).filter(
      (x) => x.type === 'channel.failing',
    );
  const poll = async () => {
    h.clock.advance(60 * 60_000);
    return h.container.channels.pollDue();
  };

  it('adds an e-mail connection through the API; mails in the mailbox become mentions and cases after a poll', async () => {
    const res = await api(h, 'POST', `/api/v1/brands/${brandId}/connections`, manager, {
      type: 'email',
      name: 'Support mailbox',
      config: {
        imap_host: imap.host,
        imap_port: imap.port,
        imap_tls: false,
        imap_user: USER,
        smtp_host: '127.0.0.1',
        smtp_port: smtpPort,
        from: `Pizza Support <${USER}>`,
      },
      secrets: { imap_password: PASS, smtp_password: SMTP_PASS },
    });
    expect(res.statusCode, res.body).toBe(201);
    connectionId = res.json().id;
    expect(res.json()).toMatchObject({ channel: 'email', secrets_set: ['imap_password', 'smtp_password'] });
    expect(res.body).not.toContain(PASS);

    await imap.deliver(
      USER,
      mail({
        from: 'Anna Petrova <anna@customer.test>',
        subject: 'Order 5531 never came',
        id: '<order-5531@customer.test>',
        body: '#kind=constructive My order 5531 never came and the courier did not call.',
      }),
    );
    await imap.deliver(
      USER,
      mail({
        from: 'ivan@customer.test',
        subject: 'Refund',
        id: '<refund-77@customer.test>',
        body: '#kind=constructive I want a refund for order 77.',
      }),
    );
    const round = await h.container.channels.pollDue();
    expect(round.map((o) => [o.connection_id, o.created, o.duplicates, o.error])).toEqual([[connectionId, 2, 0, null]]);
    await drain();
    const [anna] = await mentionOf('<order-5531@customer.test>');
    expect(anna?.case_id).toBeTruthy();
    const c = await getJson(h, `/api/v1/cases/${anna!.case_id}`, manager);
    expect(c.status).not.toBe('closed');
    expect((await getJson(h, `/api/v1/cases?brand=${brandId}`, manager)).items).toHaveLength(2);
  });

  it('a restart mid-poll (mentions stored, cursor not) duplicates nothing', async () => {
    await imap.deliver(
      USER,
      mail({
        from: 'olga@customer.test',
        subject: 'Wrong pizza',
        id: '<wrong-1@customer.test>',
        body: '#kind=constructive You sent me the wrong pizza.',
      }),
    );
    const spy = vi.spyOn(h.container.store.repos.connections, 'saveCursor').mockRejectedValueOnce(new Error('killed before the cursor was saved'));
    const crashed = await poll();
    spy.mockRestore();
    expect(crashed[0]).toMatchObject({ created: 1, error: 'killed before the cursor was saved' });
    const redo = await poll();
    expect(redo.map((o) => [o.created, o.duplicates, o.error])).toEqual([[0, 1, null]]);
    expect(await mentionOf('<wrong-1@customer.test>')).toHaveLength(1);
    await drain();
    expect((await getJson(h, `/api/v1/cases?brand=${brandId}`, manager)).items).toHaveLength(3);
    expect((await poll()).map((o) => [o.created, o.duplicates])).toEqual([[0, 0]]);
  });

  it('IMAP IDLE: a mail that arrives is fetched at once by the watcher, with no poll round', async () => {
    const stop = new AbortController();
    const watching = h.container.channels.watchAll(stop.signal, { timeoutMs: 20_000, refreshMs: 100, retryMs: 100 });
    try {
      // Whether the mail lands before or while the watcher holds IDLE, it wakes it (mail after the cursor ends the wait).
      await imap.deliver(
        USER,
        mail({ from: 'dan@customer.test', subject: 'Cold pizza', id: '<cold-9@customer.test>', body: '#kind=constructive Order 9 came cold.' }),
      );
      // Waiting for a real server: the watcher fetches and stores it by itself.
      const deadline = Date.now() + 15_000;
      while ((await mentionOf('<cold-9@customer.test>')).length === 0 && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await mentionOf('<cold-9@customer.test>')).toHaveLength(1);
    } finally {
      stop.abort();
      await watching;
    }
    // Nothing left for the next poll round: the watcher's fetch moved the cursor on.
    expect((await poll()).map((o) => [o.created, o.duplicates])).toEqual([[0, 0]]);
  });

  it('a reply sent on the desk arrives at the SMTP server in the customer’s thread', async () => {
    const [anna] = await mentionOf('<order-5531@customer.test>');
    const res = await api(h, 'POST', `/api/v1/cases/${anna!.case_id}/replies`, responder, {
      body: 'Sorry, Anna: order 5531 was lost. We have sent it again today, with a refund of the delivery fee.',
      send: true,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ visibility: 'private', status: 'sending', delivery: { channel: 'connector:email' } });
    const before = smtp.mails.length;
    await drain();
    expect(smtp.mails.length - before).toBe(1);
    const sent = smtp.mails.at(-1)!;
    expect(sent.to).toEqual(['anna@customer.test']);
    const parsed = await simpleParser(sent.raw);
    expect(parsed.inReplyTo).toBe('<order-5531@customer.test>');
    const refs = Array.isArray(parsed.references) ? parsed.references : [parsed.references];
    expect(refs).toContain('<order-5531@customer.test>');
    expect(parsed.subject).toBe('Re: Order 5531 never came');
    expect(parsed.text).toContain('sent it again today');

    const replies = (await getJson(h, `/api/v1/cases/${anna!.case_id}/replies`, manager)).items;
    expect(replies[0]).toMatchObject({
      status: 'sent',
      delivery: { channel: 'connector:email', status: 'delivered', external_id: parsed.messageId },
    });
    expect((await getJson(h, `/api/v1/cases/${anna!.case_id}`, manager)).status).toBe('replied');
  });

  it('going private on e-mail is one private mail, with no public part', async () => {
    const [ivan] = await mentionOf('<refund-77@customer.test>');
    const res = await api(h, 'POST', `/api/v1/cases/${ivan!.case_id}/go-private`, responder, {
      private_body: 'Thank you, Ivan. The refund for order 77 went out today and reaches your card by Friday.',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().public).toBeNull();
    expect(res.json().private).toMatchObject({ visibility: 'private', status: 'sending' });
    const before = smtp.mails.length;
    await drain();
    expect(smtp.mails.length - before).toBe(1);
    const parsed = await simpleParser(smtp.mails.at(-1)!.raw);
    expect(smtp.mails.at(-1)!.to).toEqual(['ivan@customer.test']);
    expect(parsed.inReplyTo).toBe('<refund-77@customer.test>');
    expect(parsed.text).toContain('refund for order 77');
    const replies = (await getJson(h, `/api/v1/cases/${ivan!.case_id}/replies`, manager)).items;
    expect(replies.map((r: { visibility: string; status: string }) => [r.visibility, r.status])).toEqual([['private', 'sent']]);
  });

  it('a wrong IMAP password shows its error once: one notification over several polls, then it recovers', async () => {
    const before = (await failingNotices()).length;
    const patch = await api(h, 'PATCH', `/api/v1/brands/${brandId}/connections/${connectionId}`, manager, {
      secrets: { imap_password: 'wrong-password-123' },
    });
    expect(patch.statusCode, patch.body).toBe(200);
    for (let i = 0; i < 3; i++) {
      const [o] = await poll();
      expect(o!.error).toBeTruthy();
      expect(o!.error).not.toContain('wrong-password-123');
    }
    const conn = (await getJson(h, `/api/v1/brands/${brandId}/connections`, manager)).items.find((x: { id: string }) => x.id === connectionId);
    expect(conn.health).toMatchObject({ state: 'failing', failures: 3 });
    expect(conn.health.last_error).toMatch(/auth|login|credential|password/i);
    expect(JSON.stringify(conn)).not.toContain('wrong-password-123');
    const notices = await failingNotices();
    expect(notices.length - before).toBe(1);

    await api(h, 'PATCH', `/api/v1/brands/${brandId}/connections/${connectionId}`, manager, { secrets: { imap_password: PASS } });
    const [ok] = await poll();
    expect(ok!.error).toBeNull();
    expect((await failingNotices()).length - before).toBe(1);
  });

  it('a mailbox without an SMTP server is answered by hand: the reply waits with copy and "I sent it"', async () => {
    const conn = (await getJson(h, `/api/v1/brands/${brandId}/connections`, manager)).items.find((x: { id: string }) => x.id === connectionId);
    const { smtp_host: _host, smtp_port: _port, ...withoutSmtp } = conn.config as Record<string, unknown>;
    const patch = await api(h, 'PATCH', `/api/v1/brands/${brandId}/connections/${connectionId}`, manager, { config: withoutSmtp });
    expect(patch.statusCode, patch.body).toBe(200);
    const [olga] = await mentionOf('<wrong-1@customer.test>');
    expect(await getJson(h, `/api/v1/cases/${olga!.case_id}`, manager)).toMatchObject({ delivery: 'manual', private_delivery: 'manual' });
    const before = smtp.mails.length;
    const res = await api(h, 'POST', `/api/v1/cases/${olga!.case_id}/replies`, responder, {
      body: 'Sorry, Olga: the right pizza is on its way, and this one is free.',
      send: true,
    });
    expect(res.json()).toMatchObject({ status: 'ready', delivery: { channel: 'manual', status: 'awaiting_manual' } });
    await drain();
    expect(smtp.mails.length).toBe(before);
    expect((await api(h, 'POST', `/api/v1/replies/${res.json().id}/posted`, responder, {})).json()).toMatchObject({ status: 'sent' });
  });
});

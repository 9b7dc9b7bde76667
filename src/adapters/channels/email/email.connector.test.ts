/**
 * The e-mail connector against real servers: Dovecot (started by the test, see
 * test/support/imap-server.ts) for IMAP and the smtp-server package for SMTP.
 */
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dovecotAvailable, type ImapServer, startImapServer } from '../../../../test/support/imap-server.js';
import { type ReceivedMail, startSmtpServer, type TestSmtpServer } from '../../../../test/support/smtp-server.js';
import { PermanentDeliveryError } from '../../../services/replies/reply-channel.js';
import type { ConnectorContext, OutgoingMessage } from '../connector.js';
import { type EmailConfig, emailConfigSchema, emailConnector, type EmailSecrets, replySubject, waitForMail } from './email.connector.js';

const USER = 'support@example.test';
const PASS = 'imap-pass-7f3';
const SMTP_PASS = 'smtp-pass-91c';

let n = 0;
/** A raw RFC 822 message (CRLF line ends). */
function mail(o: { from: string; subject: string; body: string; id?: string | null; html?: boolean; headers?: string[] }): string {
  n++;
  const lines = [
    `From: ${o.from}`,
    `To: Support <${USER}>`,
    `Subject: ${o.subject}`,
    `Date: Tue, 1 Dec 2026 10:${String(n % 60).padStart(2, '0')}:00 +0000`,
    ...(o.id === null ? [] : [`Message-ID: ${o.id ?? `<m${n}.${Date.now()}@customer.test>`}`]),
    'MIME-Version: 1.0',
    `Content-Type: ${o.html ? 'text/html' : 'text/plain'}; charset=utf-8`,
    'Content-Transfer-Encoding: 8bit',
    ...(o.headers ?? []),
    '',
    o.body,
  ];
  return lines.join('\r\n').replace(/(?<!\r)\n/g, '\r\n') + '\r\n';
}

const available = dovecotAvailable();

describe.skipIf(!available)('e-mail connector (Dovecot IMAP, SMTP)', () => {
  let imap: ImapServer;
  let smtp: TestSmtpServer;
  let smtpPort: number;
  let mails: ReceivedMail[];
  let config: EmailConfig;

  const ctx = (
    cursor: string | null,
    over: Partial<ConnectorContext<EmailConfig, EmailSecrets>> = {},
  ): ConnectorContext<EmailConfig, EmailSecrets> => ({
    config,
    secrets: { imap_password: PASS, smtp_password: SMTP_PASS },
    cursor,
    now: new Date('2026-12-01T12:00:00Z'),
    signal: new AbortController().signal,
    fetch,
    limit: 50,
    ...over,
  });

  beforeAll(async () => {
    imap = await startImapServer({ [USER]: PASS });
    smtp = await startSmtpServer({ users: { [USER]: SMTP_PASS } });
    mails = smtp.mails;
    smtpPort = smtp.port;
    config = emailConfigSchema.parse({
      imap_host: imap.host,
      imap_port: imap.port,
      imap_tls: false,
      imap_user: USER,
      smtp_host: '127.0.0.1',
      smtp_port: smtpPort,
      from: `Acme Support <${USER}>`,
    });
  });

  afterAll(async () => {
    await imap?.stop();
    await smtp?.close();
  });

  let cursor1: string;
  let firstIds: string[];

  it('fetches new mail once: quoted text and signature stripped, HTML-only mail as text, threads kept', async () => {
    await imap.deliver(
      USER,
      mail({
        from: 'Anna Petrova <Anna.Petrova@customer.test>',
        subject: 'Re: Order 5531',
        id: '<reply-1@customer.test>',
        headers: ['In-Reply-To: <ours-1@example.test>', 'References: <first-1@customer.test> <ours-1@example.test>'],
        body: 'Заказ 5531 так и не пришёл, курьер не звонил.\n\nАнна\n-- \nАнна Петрова\n+7 900 000-00-00\n\nOn Mon, 30 Nov 2026 at 09:00, Acme Support <support@example.test> wrote:\n> We shipped your order yesterday.\n> Kind regards',
      }),
    );
    await imap.deliver(
      USER,
      mail({
        from: 'shop-fan@customer.test',
        subject: 'Refund',
        id: '<html-1@customer.test>',
        html: true,
        body: '<html><body><p>Hello,</p><p>I want a <b>refund</b> for order 77.</p><script>alert(1)</script></body></html>',
      }),
    );
    const res = await emailConnector.fetch(ctx(null));
    expect(res.items.map((i) => i.externalId)).toEqual(['<reply-1@customer.test>', '<html-1@customer.test>']);
    const [plain, html] = res.items;
    expect(plain!.text).toBe('Заказ 5531 так и не пришёл, курьер не звонил.\n\nАнна');
    expect(plain!.author).toEqual({ handle: 'anna.petrova@customer.test', name: 'Anna Petrova' });
    expect(plain!.public).toBe(false);
    expect(plain!.inReplyTo).toBe('<ours-1@example.test>');
    expect(plain!.extra).toMatchObject({
      subject: 'Re: Order 5531',
      message_id: '<reply-1@customer.test>',
      references: ['<first-1@customer.test>', '<ours-1@example.test>'],
    });
    expect(plain!.createdAt).toMatch(/^2026-12-01T10:/);
    expect(html!.text).toContain('I want a refund for order 77.');
    expect(html!.text).not.toMatch(/<|alert/);
    expect(html!.author).toEqual({ handle: 'shop-fan@customer.test' });
    expect(JSON.parse(res.cursor!)).toMatchObject({ lastUid: 2 });
    cursor1 = res.cursor!;
    firstIds = res.items.map((i) => i.externalId);

    const again = await emailConnector.fetch(ctx(cursor1));
    expect(again.items).toEqual([]);
    expect(again.cursor).toBe(cursor1);
  });

  it('a fetch from the old cursor (a restart before it was stored) gives the same external ids', async () => {
    await imap.deliver(USER, mail({ from: 'ion@client.test', subject: 'Livrare', id: '<ro-1@client.test>', body: 'Comanda nu a ajuns încă.' }));
    const first = await emailConnector.fetch(ctx(cursor1));
    expect(first.items.map((i) => i.externalId)).toEqual(['<ro-1@client.test>']);
    const replay = await emailConnector.fetch(ctx(cursor1));
    expect(replay.items.map((i) => i.externalId)).toEqual(['<ro-1@client.test>']);
    expect(replay.cursor).toBe(first.cursor);
    // And from the very first (no) cursor: only ids seen before, nothing new invented.
    const fromScratch = await emailConnector.fetch(ctx(null));
    expect(fromScratch.items.map((i) => i.externalId)).toEqual([...firstIds, '<ro-1@client.test>']);
    cursor1 = first.cursor!;
  });

  it('pages with the limit and says there is more', async () => {
    for (let i = 0; i < 3; i++)
      await imap.deliver(USER, mail({ from: `c${i}@client.test`, subject: `Q${i}`, id: `<page-${i}@client.test>`, body: `Question ${i}` }));
    const a = await emailConnector.fetch(ctx(cursor1, { limit: 2 }));
    expect(a.items.map((i) => i.externalId)).toEqual(['<page-0@client.test>', '<page-1@client.test>']);
    expect(a.more).toBe(true);
    const b = await emailConnector.fetch(ctx(a.cursor, { limit: 2 }));
    expect(b.items.map((i) => i.externalId)).toEqual(['<page-2@client.test>']);
    expect(b.more).toBeUndefined();
    cursor1 = b.cursor!;
  });

  it('after a UIDVALIDITY change starts from the newest messages, not the whole mailbox', async () => {
    const stale = JSON.stringify({ uidValidity: '1', lastUid: 0 });
    const res = await emailConnector.fetch(ctx(stale, { limit: 2 }));
    expect(res.items.map((i) => i.externalId)).toEqual(['<page-1@client.test>', '<page-2@client.test>']);
    expect(JSON.parse(res.cursor!).uidValidity).toBe(JSON.parse(cursor1).uidValidity);
    expect(JSON.parse(res.cursor!).lastUid).toBe(JSON.parse(cursor1).lastUid);
  });

  it('skips our own mail and automatic replies; a mail without Message-ID gets a uid id', async () => {
    await imap.deliver(USER, mail({ from: `Acme Support <${USER}>`, subject: 'Re: Q1', body: 'Our own reply, copied to the inbox' }));
    await imap.deliver(
      USER,
      mail({ from: 'away@client.test', subject: 'Out of office', body: 'I am away', headers: ['Auto-Submitted: auto-replied'] }),
    );
    await imap.deliver(USER, mail({ from: 'noid@client.test', subject: 'متى يصل الطلب؟', id: null, body: 'طلبي متأخر منذ أسبوع' }));
    const res = await emailConnector.fetch(ctx(cursor1));
    expect(res.items).toHaveLength(1);
    const v = JSON.parse(cursor1).uidValidity as string;
    expect(res.items[0]!.externalId).toMatch(new RegExp(`^uid:${v}:\\d+$`));
    expect(res.items[0]!.text).toBe('طلبي متأخر منذ أسبوع');
    expect(JSON.parse(res.cursor!).lastUid).toBe(JSON.parse(cursor1).lastUid + 3);
    cursor1 = res.cursor!;
  });

  it('takes the text part of multipart/alternative, strips an HTML-only quote, decodes encoded headers', async () => {
    const alt = [
      'From: =?UTF-8?B?0JjQstCw0L0g0J/QtdGC0YDQvtCy?= <ivan@client.test>',
      `To: ${USER}`,
      'Subject: =?UTF-8?B?0JLQvtC30LLRgNCw0YIg0LTQtdC90LXQsw==?=',
      'Message-ID: <alt-1@client.test>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/alternative; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      '=D0=92=D0=B5=D1=80=D0=BD=D0=B8=D1=82=D0=B5 =D0=B4=D0=B5=D0=BD=D1=8C=D0=B3=D0=B8', // Верните деньги
      '--b1',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p>HTML VERSION SHOULD NOT BE USED</p>',
      '--b1--',
      '',
    ].join('\r\n');
    await imap.deliver(USER, alt);
    await imap.deliver(
      USER,
      mail({
        from: 'maria@client.test',
        subject: 'Re: Comanda 4411',
        id: '<gmail-1@client.test>',
        html: true,
        body: '<div dir="ltr">Tot nu a venit coletul.</div><br><div class="gmail_quote"><div class="gmail_attr">On Mon, Nov 30, 2026 at 9:00 AM Acme Support &lt;support@example.test&gt; wrote:<br></div><blockquote class="gmail_quote">Coletul a plecat ieri.</blockquote></div>',
      }),
    );
    const res = await emailConnector.fetch(ctx(cursor1));
    expect(res.items.map((i) => [i.externalId, i.text])).toEqual([
      ['<alt-1@client.test>', 'Верните деньги'],
      ['<gmail-1@client.test>', 'Tot nu a venit coletul.'],
    ]);
    expect(res.items[0]!.author).toEqual({ handle: 'ivan@client.test', name: 'Иван Петров' });
    expect(res.items[0]!.extra!.subject).toBe('Возврат денег');
    cursor1 = res.cursor!;
  });

  it('IDLE: wakes up when mail arrives after the cursor, at once when some is waiting, and ends on abort', async () => {
    const caught = await emailConnector.fetch(ctx(cursor1));
    expect(caught.items).toEqual([]);
    const waiting = waitForMail(ctx(caught.cursor), 20_000);
    // The wait may or may not be in IDLE yet when the mail lands: either way it must notice.
    await imap.deliver(USER, mail({ from: 'idle@client.test', subject: 'Idle', id: '<idle-1@client.test>', body: 'Are you there?' }));
    await expect(waiting).resolves.toBe(true);
    await expect(waitForMail(ctx(caught.cursor), 20_000)).resolves.toBe(true); // already waiting: no IDLE needed
    const next = await emailConnector.fetch(ctx(caught.cursor));
    expect(next.items.map((i) => i.externalId)).toEqual(['<idle-1@client.test>']);
    cursor1 = next.cursor!;
    const ac = new AbortController();
    const idle = waitForMail(ctx(cursor1, { signal: ac.signal }), 20_000);
    setTimeout(() => ac.abort(), 50);
    await expect(idle).resolves.toBe(false);
  });

  it('reports a wrong password without the password, and honours an aborted signal', async () => {
    const bad = emailConnector.fetch({ ...ctx(null), secrets: { imap_password: 'wrong-secret-xyz' } });
    await expect(bad).rejects.toThrow(/IMAP login failed for support@example\.test/);
    await bad.catch((e: Error) => expect(e.message).not.toContain('wrong-secret-xyz'));
    const ac = new AbortController();
    ac.abort(new Error('stopped by the test'));
    await expect(emailConnector.fetch(ctx(null, { signal: ac.signal }))).rejects.toThrow('stopped by the test');
    // Aborted mid-connection: the fetch ends (and closes its connection) instead of hanging.
    const mid = new AbortController();
    const p = emailConnector.fetch(ctx(null, { signal: mid.signal }));
    mid.abort(new Error('aborted mid-fetch'));
    await expect(p).rejects.toThrow('aborted mid-fetch');
  });

  it('fetching an empty mailbox the first time stores a cursor so later mail is new', async () => {
    const other = await startImapServer({ 'empty@example.test': 'x-pass' });
    try {
      const c = { ...config, imap_port: other.port, imap_user: 'empty@example.test' };
      const first = await emailConnector.fetch({ ...ctx(null), config: c, secrets: { imap_password: 'x-pass' } });
      expect(first.items).toEqual([]);
      await other.deliver('empty@example.test', mail({ from: 'late@client.test', subject: 'Hi', id: '<late@client.test>', body: 'Hello there' }));
      const second = await emailConnector.fetch({ ...ctx(first.cursor), config: c, secrets: { imap_password: 'x-pass' } });
      expect(second.items.map((i) => i.externalId)).toEqual(['<late@client.test>']);
    } finally {
      await other.stop();
    }
  });

  const reply = (over: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
    replyId: 'rep_1',
    text: 'Анна, здравствуйте! Курьер свяжется с вами сегодня.',
    inReplyTo: {
      externalId: '<reply-1@customer.test>',
      extra: { subject: 'Re: Order 5531', message_id: '<reply-1@customer.test>', references: ['<first-1@customer.test>', '<ours-1@example.test>'] },
    },
    to: { handle: 'anna.petrova@customer.test', name: 'Anna Petrova' },
    subject: 'Order 5531',
    private: true,
    ...over,
  });

  it('sends a reply in the same thread: Re: subject, In-Reply-To, References', async () => {
    mails.length = 0;
    const sent = await emailConnector.send!(ctx(null), reply());
    expect(mails).toHaveLength(1);
    expect(mails[0]!.to).toEqual(['anna.petrova@customer.test']);
    expect(mails[0]!.from).toBe(USER);
    const parsed = await simpleParser(mails[0]!.raw);
    expect(parsed.subject).toBe('Re: Order 5531');
    expect(parsed.inReplyTo).toBe('<reply-1@customer.test>');
    expect(parsed.references).toEqual(['<first-1@customer.test>', '<ours-1@example.test>', '<reply-1@customer.test>']);
    expect(parsed.text?.trim()).toBe('Анна, здравствуйте! Курьер свяжется с вами сегодня.');
    expect(parsed.from?.value[0]).toMatchObject({ name: 'Acme Support', address: USER });
    expect(sent.externalId).toBe(parsed.messageId);

    // A first message in a thread: Re: added once, References = its Message-ID.
    mails.length = 0;
    await emailConnector.send!(
      ctx(null),
      reply({
        inReplyTo: { externalId: '<html-1@customer.test>', extra: { subject: 'Refund', message_id: '<html-1@customer.test>', references: [] } },
      }),
    );
    const p2 = await simpleParser(mails[0]!.raw);
    expect(p2.subject).toBe('Re: Refund');
    expect(p2.references).toBe('<html-1@customer.test>');
  });

  it('a bad address or a 5xx answer is permanent; a 4xx is not', async () => {
    await expect(emailConnector.send!(ctx(null), reply({ to: { handle: '@anna_tg', name: null } }))).rejects.toBeInstanceOf(PermanentDeliveryError);
    await expect(emailConnector.send!({ ...ctx(null), config: { ...config, smtp_host: undefined } }, reply())).rejects.toBeInstanceOf(
      PermanentDeliveryError,
    );
    smtp.refuseRecipients(550);
    try {
      await expect(emailConnector.send!(ctx(null), reply())).rejects.toBeInstanceOf(PermanentDeliveryError);
      smtp.refuseRecipients(451);
      const temp = await emailConnector.send!(ctx(null), reply()).catch((e: unknown) => e);
      expect(temp).toBeInstanceOf(Error);
      expect(temp).not.toBeInstanceOf(PermanentDeliveryError);
    } finally {
      smtp.refuseRecipients(null);
    }
    // Wrong SMTP password: 535, permanent until someone fixes the connection.
    const auth = await emailConnector.send!({ ...ctx(null), secrets: { imap_password: PASS, smtp_password: 'nope' } }, reply()).catch(
      (e: unknown) => e,
    );
    expect(auth).toBeInstanceOf(PermanentDeliveryError);
    expect((auth as Error).message).not.toContain('nope');
  });
});

describe('reply subjects', () => {
  it('adds Re: once', () => {
    expect(replySubject('Order 5531')).toBe('Re: Order 5531');
    expect(replySubject('Re: Order 5531')).toBe('Re: Order 5531');
    expect(replySubject('RE:Order')).toBe('RE:Order');
    expect(replySubject('AW: Bestellung')).toBe('AW: Bestellung');
    expect(replySubject('Ответ: заказ')).toBe('Ответ: заказ');
    expect(replySubject('Reply about order')).toBe('Re: Reply about order');
    expect(replySubject('')).toBe('Re:');
  });
});

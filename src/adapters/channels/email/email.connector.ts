/**
 * E-mail: a mailbox read over IMAP (imapflow) and answered over SMTP
 * (nodemailer), in the same thread.
 *
 * fetch: the cursor is `{ uidValidity, lastUid }` (JSON). Messages with a UID
 * above lastUid are new; the first fetch, and a fetch after the server changed
 * UIDVALIDITY (the mailbox was rebuilt: its UIDs mean nothing any more), start
 * from the newest `limit` messages instead of importing the whole history as
 * new. The external id is the Message-ID, so anything fetched twice (a
 * restart before the cursor was stored, a UIDVALIDITY reset) is dropped by
 * the (channel, external id) key. Bodies are parsed by mailparser (the text
 * part, else the HTML converted to text) and quoted text and signatures are
 * stripped with email-reply-parser. The mailbox is opened read-only: nothing
 * is marked seen or moved, so the team's own mail client is unaffected.
 *
 * Not taken as mentions: mail from the connection's own address (our replies,
 * when they are copied into the inbox) and automatic mail (`Auto-Submitted`
 * other than `no`: out-of-office replies, bounces), which would otherwise
 * answer our answers in a loop.
 *
 * send: a reply to the customer's address, `Re: <their subject>`, with
 * In-Reply-To = their Message-ID and References = their References + their
 * Message-ID, so mail clients file it in the same thread. A bad address or a
 * permanent (5xx) SMTP answer is a PermanentDeliveryError; anything else
 * (connection refused, 4xx) is thrown as is and retried by the service.
 *
 * Every connection is closed in a finally; the AbortSignal and a timeout
 * close it early. `waitForMail` (IMAP IDLE) tells a caller that new mail is
 * there; it fetches nothing, so `fetch` stays the one path items come in by.
 */
import { ImapFlow } from 'imapflow';
import { simpleParser, type ParsedMail } from 'mailparser';
import EmailReplyParser from 'email-reply-parser';
import nodemailer from 'nodemailer';
import { z } from 'zod';
import { PermanentDeliveryError } from '../../../services/replies/reply-channel.js';
import type { ChannelConnector, ConnectorContext, ConnectorField, FetchResult, IncomingItem, OutgoingMessage, SendResult } from '../connector.js';

const host = z.string().trim().min(1).max(255);
const port = z.number().int().min(1).max(65535);

export const emailConfigSchema = z
  .object({
    imap_host: host,
    imap_port: port.default(993),
    /** Implicit TLS (port 993); false for a plain connection (STARTTLS is used when the server offers it). */
    imap_tls: z.boolean().default(true),
    imap_user: z.string().trim().min(1).max(320),
    mailbox: z.string().trim().min(1).max(200).default('INBOX'),
    /** Without an SMTP host the connection only reads mail (replies are posted by hand). */
    smtp_host: host.optional(),
    smtp_port: port.default(587),
    /** Implicit TLS (port 465); false: STARTTLS when offered (587). */
    smtp_tls: z.boolean().default(false),
    /** Defaults to imap_user. */
    smtp_user: z.string().trim().min(1).max(320).optional(),
    /** The From of replies: an address, or `Name <address>`. */
    from: z.string().trim().min(3).max(320),
    interval_minutes: z.number().int().min(1).max(1440).default(5),
  })
  .strict();

export const emailSecretsSchema = z
  .object({
    imap_password: z.string().min(1).max(1000),
    /** Defaults to the IMAP password (one account for both). */
    smtp_password: z.string().min(1).max(1000).optional(),
  })
  .strict();

export type EmailConfig = z.infer<typeof emailConfigSchema>;
export type EmailSecrets = z.infer<typeof emailSecretsSchema>;
type Ctx = ConnectorContext<EmailConfig, EmailSecrets>;

const FIELDS: readonly ConnectorField[] = [
  { name: 'imap_host', kind: 'text', required: true, help: 'IMAP server, e.g. imap.example.com' },
  { name: 'imap_port', kind: 'number', required: false, help: 'IMAP port (993 with TLS, 143 without)' },
  { name: 'imap_tls', kind: 'boolean', required: false, help: 'Connect to IMAP with TLS (port 993)' },
  { name: 'imap_user', kind: 'text', required: true, help: 'IMAP login, usually the mailbox address' },
  { name: 'mailbox', kind: 'text', required: false, help: 'Folder to read (INBOX by default)' },
  { name: 'smtp_host', kind: 'text', required: false, help: 'SMTP server for replies; leave empty to reply by hand' },
  { name: 'smtp_port', kind: 'number', required: false, help: 'SMTP port (587 with STARTTLS, 465 with TLS)' },
  { name: 'smtp_tls', kind: 'boolean', required: false, help: 'Connect to SMTP with TLS (port 465)' },
  { name: 'smtp_user', kind: 'text', required: false, help: 'SMTP login (the IMAP login by default)' },
  { name: 'from', kind: 'text', required: true, help: 'From address of replies, e.g. Support <support@example.com>' },
  { name: 'interval_minutes', kind: 'number', required: false, help: 'Minutes between checks' },
  { name: 'imap_password', kind: 'secret', required: true, help: 'IMAP password (an app password where the provider asks for one)' },
  { name: 'smtp_password', kind: 'secret', required: false, help: 'SMTP password (the IMAP password by default)' },
];

/** Seconds a whole fetch or send may take before its connection is closed. */
const OPERATION_TIMEOUT_MS = 120_000;
const CONNECT_TIMEOUT_MS = 20_000;
const SOCKET_TIMEOUT_MS = 60_000;

const cursorSchema = z.object({ uidValidity: z.string().regex(/^\d+$/), lastUid: z.number().int().min(0) });
type Cursor = z.infer<typeof cursorSchema>;

function parseCursor(raw: string | null): Cursor | null {
  if (!raw) return null;
  try {
    const c = cursorSchema.safeParse(JSON.parse(raw));
    return c.success ? c.data : null;
  } catch {
    return null;
  }
}

/** The bare address of `Name <address>` or `address`, lower-cased. */
function bareAddress(s: string): string {
  const m = /<([^<>]+)>\s*$/.exec(s);
  return (m ? m[1]! : s).trim().toLowerCase();
}

const replyParser = new EmailReplyParser();

/** The new words of a mail: quoted text ("On … wrote:", "> …") and the signature removed; the whole text if that leaves nothing. */
export function visibleText(text: string): string {
  const normal = text.replace(/\r\n?/g, '\n').trim();
  if (!normal) return '';
  const visible = replyParser.parseReply(normal).trim();
  return visible || normal;
}

function references(parsed: ParsedMail): string[] {
  const r = parsed.references;
  if (!r) return [];
  return (Array.isArray(r) ? r : r.split(/\s+/)).map((s) => s.trim()).filter(Boolean);
}

/** One parsed message as an item, or null when it is not a customer's mail (our own, automatic). */
export function emailItem(parsed: ParsedMail, uid: number, uidValidity: string, config: EmailConfig): IncomingItem | null {
  const from = parsed.from?.value.find((a) => a.address);
  if (!from?.address) return null;
  const address = from.address.toLowerCase();
  if (address === bareAddress(config.from) || address === bareAddress(config.imap_user)) return null;
  const auto = parsed.headers.get('auto-submitted');
  if (typeof auto === 'string' && auto.trim().toLowerCase() !== 'no') return null;
  const subject = (parsed.subject ?? '').trim();
  const body = visibleText(parsed.text ?? '');
  const text = body || subject;
  if (!text) return null;
  const messageId = parsed.messageId?.trim() || null;
  const refs = references(parsed);
  const inReplyTo = parsed.inReplyTo?.trim().split(/\s+/)[0];
  return {
    externalId: messageId ?? `uid:${uidValidity}:${uid}`,
    author: { handle: address, ...(from.name?.trim() ? { name: from.name.trim() } : {}) },
    text,
    ...(parsed.date && !Number.isNaN(parsed.date.getTime()) ? { createdAt: parsed.date.toISOString() } : {}),
    public: false,
    ...(inReplyTo ? { inReplyTo } : {}),
    extra: { subject, message_id: messageId, references: refs, uid, uid_validity: uidValidity },
  };
}

/** Runs `fn` with a signal that fires on the caller's abort or after the timeout, whichever comes first. */
async function guarded<T>(signal: AbortSignal, what: string, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  signal.throwIfAborted();
  const combined = AbortSignal.any([signal, AbortSignal.timeout(OPERATION_TIMEOUT_MS)]);
  // Closing a client mid-handshake does not always settle its promise: the abort itself ends the wait.
  let onAbort = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(new Error('aborted'));
    combined.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([fn(combined), aborted]);
  } catch (err) {
    if (combined.aborted) {
      throw signal.aborted ? (signal.reason ?? new Error(`${what} aborted`)) : new Error(`${what} timed out after ${OPERATION_TIMEOUT_MS / 1000} s`);
    }
    throw err;
  } finally {
    combined.removeEventListener('abort', onAbort);
  }
}

function imapError(err: unknown, config: EmailConfig): Error {
  const e = err as { authenticationFailed?: boolean; responseText?: string; code?: string; message?: string };
  if (e.authenticationFailed) return new Error(`IMAP login failed for ${config.imap_user} at ${config.imap_host}: check the user and password`);
  const detail = e.responseText || e.message || String(err);
  return new Error(`IMAP ${config.imap_host}:${config.imap_port}: ${e.code ? `${e.code}: ` : ''}${detail}`);
}

function imapClient(ctx: Ctx): ImapFlow {
  const { config } = ctx;
  const client = new ImapFlow({
    host: config.imap_host,
    port: config.imap_port,
    secure: config.imap_tls,
    auth: { user: config.imap_user, pass: ctx.secrets.imap_password },
    logger: false,
    disableAutoIdle: true,
    connectionTimeout: CONNECT_TIMEOUT_MS,
    greetingTimeout: CONNECT_TIMEOUT_MS,
    socketTimeout: SOCKET_TIMEOUT_MS,
  });
  // A dropped connection also fails the command in progress, which is what reports it; the event must not crash the process.
  client.on('error', () => {});
  return client;
}

async function closeClient(client: ImapFlow): Promise<void> {
  if (client.usable) await client.logout().catch(() => client.close());
  else client.close();
}

async function fetchMail(ctx: Ctx, signal: AbortSignal): Promise<FetchResult> {
  const { config } = ctx;
  const client = imapClient(ctx);
  const onAbort = () => client.close();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    await client.connect();
    const mailbox = await client.mailboxOpen(config.mailbox, { readOnly: true });
    const uidValidity = String(mailbox.uidValidity);
    const cursor = parseCursor(ctx.cursor);
    const limit = Math.max(1, ctx.limit);
    let uids: number[];
    let more = false;
    if (cursor && cursor.uidValidity === uidValidity) {
      // `n:*` always includes the last message, even when its UID is below n: hence the filter.
      const found = mailbox.exists ? await client.search({ uid: `${cursor.lastUid + 1}:*` }, { uid: true }) : [];
      const fresh = (found || []).filter((u) => u > cursor.lastUid).sort((a, b) => a - b);
      uids = fresh.slice(0, limit);
      more = fresh.length > limit;
    } else {
      // First fetch, or the mailbox was rebuilt (UIDVALIDITY changed): the newest messages only, never the whole history.
      const all = mailbox.exists ? await client.search({ all: true }, { uid: true }) : [];
      uids = (all || []).sort((a, b) => a - b).slice(-limit);
    }
    const items: IncomingItem[] = [];
    if (uids.length) {
      const messages = await client.fetchAll(uids, { uid: true, source: true }, { uid: true });
      messages.sort((a, b) => a.uid - b.uid);
      for (const m of messages) {
        signal.throwIfAborted();
        if (!m.source) continue;
        const parsed = await simpleParser(m.source, { skipImageLinks: true, skipTextToHtml: true });
        const item = emailItem(parsed, m.uid, uidValidity, config);
        if (item) items.push(item);
      }
    }
    const lastUid = uids.length
      ? uids[uids.length - 1]!
      : cursor && cursor.uidValidity === uidValidity
        ? cursor.lastUid
        : Math.max(0, (mailbox.uidNext ?? 1) - 1);
    const next: Cursor = { uidValidity, lastUid };
    return { items, cursor: JSON.stringify(next), ...(more ? { more } : {}) };
  } catch (err) {
    if (signal.aborted) throw err;
    throw imapError(err, config);
  } finally {
    signal.removeEventListener('abort', onAbort);
    await closeClient(client);
  }
}

/**
 * IMAP IDLE, for a caller that wants mail sooner than the next poll: resolves `true` as soon as the mailbox holds
 * mail after the cursor (at once if it already does), `false` when `timeoutMs` passes, the signal aborts, or the
 * server does not offer IDLE (then the caller just polls). It fetches nothing: `fetch` stays the one way items
 * come in, so a wake-up that is lost costs only the wait until the next poll.
 */
export async function waitForMail(ctx: Ctx, timeoutMs: number): Promise<boolean> {
  if (ctx.signal.aborted) return false;
  const client = imapClient(ctx);
  let settle: (v: boolean) => void = () => {};
  const ended = new Promise<boolean>((resolve) => (settle = resolve));
  const onAbort = () => settle(false);
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => settle(false), timeoutMs);
  const watch = async (): Promise<boolean> => {
    await client.connect();
    if (!client.capabilities.has('IDLE')) return false;
    const mailbox = await client.mailboxOpen(ctx.config.mailbox, { readOnly: true });
    const cursor = parseCursor(ctx.cursor);
    const last = Math.max(0, (mailbox.uidNext ?? 1) - 1);
    const seenUpTo = cursor && cursor.uidValidity === String(mailbox.uidValidity) ? cursor.lastUid : last;
    if (last > seenUpTo) return true;
    // Mail filed between the SELECT and the IDLE is announced (EXISTS) as soon as the IDLE starts.
    client.on('exists', (e: { count: number; prevCount: number }) => {
      if (e.count > e.prevCount) settle(true);
    });
    void client.idle().catch(() => settle(false));
    return ended;
  };
  try {
    return await Promise.race([watch(), ended]);
  } catch (err) {
    if (ctx.signal.aborted) return false;
    throw imapError(err, ctx.config);
  } finally {
    clearTimeout(timer);
    ctx.signal.removeEventListener('abort', onAbort);
    // Closing (not LOGOUT) ends a running IDLE at once.
    client.close();
  }
}

const RE_PREFIX = /^\s*(re|aw|sv|ha|antw|réf|ref|отв|ответ|رد)\s*(\[\d+\])?\s*:/iu;

/** `Re: <subject>`, without doubling a Re: already there. */
export function replySubject(subject: string): string {
  const s = subject.trim();
  if (!s) return 'Re:';
  return RE_PREFIX.test(s) ? s : `Re: ${s}`;
}

const ADDRESS = z.email();

function smtpError(err: unknown, config: EmailConfig): Error {
  const e = err as { responseCode?: number; code?: string; response?: string; message?: string };
  const detail = e.response || e.message || String(err);
  const msg = `SMTP ${config.smtp_host}:${config.smtp_port}: ${detail}`;
  const code = typeof e.responseCode === 'number' ? e.responseCode : null;
  // 5xx is final; 4xx (greylisting, a full mailbox) is worth a retry; an envelope refused without a code is final.
  if ((code !== null && code >= 500 && code < 600) || (code === null && e.code === 'EENVELOPE')) return new PermanentDeliveryError(msg);
  return new Error(msg);
}

async function sendMail(ctx: Ctx, message: OutgoingMessage, signal: AbortSignal): Promise<SendResult> {
  const { config } = ctx;
  if (!config.smtp_host) throw new PermanentDeliveryError('this e-mail connection has no SMTP server: the reply must be sent by hand');
  const to = message.to.handle.trim();
  if (!ADDRESS.safeParse(to).success) throw new PermanentDeliveryError(`not an e-mail address: ${to}`);
  const extra = message.inReplyTo?.extra ?? {};
  const theirSubject = typeof extra.subject === 'string' && extra.subject.trim() ? extra.subject : message.subject;
  const theirId = typeof extra.message_id === 'string' ? extra.message_id : message.inReplyTo?.externalId;
  const parentId = theirId && /^<[^<>\s]+>$/.test(theirId) ? theirId : undefined;
  const theirRefs = Array.isArray(extra.references) ? extra.references.filter((r): r is string => typeof r === 'string') : [];
  const refs = parentId ? [...new Set([...theirRefs, parentId])] : theirRefs;
  const transport = nodemailer.createTransport({
    host: config.smtp_host,
    port: config.smtp_port,
    secure: config.smtp_tls,
    auth: { user: config.smtp_user ?? config.imap_user, pass: ctx.secrets.smtp_password ?? ctx.secrets.imap_password },
    connectionTimeout: CONNECT_TIMEOUT_MS,
    greetingTimeout: CONNECT_TIMEOUT_MS,
    socketTimeout: SOCKET_TIMEOUT_MS,
  });
  const onAbort = () => transport.close();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    const info = await transport.sendMail({
      from: config.from,
      to: message.to.name ? { name: message.to.name, address: to } : to,
      subject: replySubject(theirSubject),
      text: message.text,
      ...(parentId ? { inReplyTo: parentId } : {}),
      ...(refs.length ? { references: refs } : {}),
      headers: { 'X-Defuse-Reply-Id': message.replyId, 'Auto-Submitted': 'no' },
    });
    if (Array.isArray(info.rejected) && info.rejected.length) throw new PermanentDeliveryError(`the SMTP server refused the address ${to}`);
    return { externalId: typeof info.messageId === 'string' ? info.messageId : null };
  } catch (err) {
    if (err instanceof PermanentDeliveryError || signal.aborted) throw err;
    throw smtpError(err, config);
  } finally {
    signal.removeEventListener('abort', onAbort);
    transport.close();
  }
}

export const emailConnector: ChannelConnector<EmailConfig, EmailSecrets> = {
  type: 'email',
  configSchema: emailConfigSchema,
  secretsSchema: emailSecretsSchema,
  fields: FIELDS,
  capabilities: { publicReply: false, privateMessage: true, webhook: false, broad: false },
  fetch: (ctx) => guarded(ctx.signal, 'IMAP fetch', (signal) => fetchMail(ctx, signal)),
  // IDLE where the server offers it: the channel service's watcher fetches as soon as mail arrives.
  watch: (ctx, timeoutMs) => waitForMail(ctx, timeoutMs),
  // Without an SMTP host the replies are posted by hand (the desk's copy and "I sent it").
  canSend: (config) => Boolean(config.smtp_host),
  send: (ctx, message) => guarded(ctx.signal, 'SMTP send', (signal) => sendMail(ctx, message, signal)),
};

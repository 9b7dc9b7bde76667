/**
 * The case change feed across processes on PostgreSQL: `serve --no-worker`
 * and any number of `defuse worker` processes share one database, and a
 * change one of them commits is told to the others with NOTIFY, so a live
 * inbox hears a worker's processed cases at once instead of at its next poll.
 *
 * Within a process the threads still hear each other through the
 * BroadcastChannel feed it wraps. A process hears its own notifications
 * too (it LISTENs on another connection), so each one carries the process's
 * origin and those are skipped: its own threads were told already.
 *
 * The listening connection is opened only when something subscribes (the
 * events route of a server); a worker only sends. When that connection
 * drops, it is opened again with a growing pause; meanwhile the events route
 * still reads on its poll, so nothing is missed, only later.
 */
import { createRequire } from 'node:module';
import { hostname } from 'node:os';
import type pg from 'pg';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../../db/database.js';
import type { CaseChangeFeed } from '../../services/ports.js';

type Change = { brandId: string; caseIds: string[] };

/** The channel every Defuse process of a database listens on (notifications never cross databases). */
export const PG_CASES_CHANNEL = 'defuse_cases';
/** PostgreSQL refuses a payload of 8,000 bytes or more: brand ids are sent in notifications below this. */
const PAYLOAD_BYTES = 7_000;
const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 30_000;

// Loaded only when a PostgreSQL desk listens, as the database module does: a SQLite desk never loads pg.
const require = createRequire(import.meta.url);

/** One origin for all threads of this process. */
const PROCESS_ORIGIN = `${hostname()}:${process.pid}`;

/** The notifications telling which brands' cases changed, each payload under PostgreSQL's limit. */
export function notificationPayloads(brandIds: readonly string[], origin: string): string[] {
  const payloads: string[] = [];
  let batch: string[] = [];
  const encode = (b: string[]) => JSON.stringify({ o: origin, b });
  for (const id of new Set(brandIds)) {
    if (batch.length && Buffer.byteLength(encode([...batch, id])) > PAYLOAD_BYTES) {
      payloads.push(encode(batch));
      batch = [];
    }
    batch.push(id);
  }
  if (batch.length) payloads.push(encode(batch));
  return payloads;
}

/** The brands a notification names, or null when it is not one of ours or comes from `origin` itself. */
export function brandsOfNotification(payload: string | undefined, origin: string): string[] | null {
  if (!payload) return null;
  try {
    const data = JSON.parse(payload) as { o?: unknown; b?: unknown };
    if (data.o === origin || !Array.isArray(data.b)) return null;
    return data.b.filter((b): b is string => typeof b === 'string');
  } catch {
    return null;
  }
}

export class PgNotifyCaseChangeFeed implements CaseChangeFeed {
  private client: pg.Client | null = null;
  private reconnect: NodeJS.Timeout | null = null;
  private pause = RECONNECT_MIN_MS;
  private listening = false;
  private closed = false;

  constructor(
    /** The feed of this process's threads. */
    private readonly local: CaseChangeFeed & { close(): void },
    private readonly db: Database['db'],
    private readonly connectionString: string,
    private readonly logger: Logger,
    /** Tests give two feeds in one process different origins. */
    private readonly origin: string = PROCESS_ORIGIN,
  ) {}

  casesChanged(changes: Change[]): void {
    if (!changes.length) return;
    this.local.casesChanged(changes);
    // Told after the commit; a lost notification only means the inbox hears it at its next poll.
    this.sent = Promise.all(
      notificationPayloads(
        changes.map((c) => c.brandId),
        this.origin,
      ).map((p) => sql`select pg_notify(${PG_CASES_CHANNEL}, ${p})`.execute(this.db)),
    )
      .then(() => undefined)
      .catch((err: unknown) => this.logger.warn({ err }, 'could not notify other processes of changed cases'));
  }

  /** Settles once the last change told has been sent to PostgreSQL: for tests. */
  sent: Promise<void> = Promise.resolve();

  subscribe(listener: (change: Change) => void): () => void {
    if (!this.listening && !this.closed) {
      this.listening = true;
      void this.listen();
    }
    return this.local.subscribe(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.reconnect) clearTimeout(this.reconnect);
    const client = this.client;
    this.client = null;
    this.local.close();
    await this.sent;
    await client?.end().catch(() => undefined);
  }

  /** Resolves once LISTEN is in place (or has failed and a retry is due): for tests. */
  ready: Promise<void> = Promise.resolve();

  private listen(): Promise<void> {
    this.ready = this.connect();
    return this.ready;
  }

  private async connect(): Promise<void> {
    const { Client } = require('pg') as typeof pg;
    const client = new Client({ connectionString: this.connectionString });
    client.on('notification', (msg) => {
      if (msg.channel !== PG_CASES_CHANNEL) return;
      const brands = brandsOfNotification(msg.payload, this.origin);
      // The other process's case ids are not needed: the events route reads what changed for the brand.
      if (brands?.length) this.local.casesChanged(brands.map((brandId) => ({ brandId, caseIds: [] })));
    });
    client.on('error', (err) => {
      this.logger.warn({ err }, 'the connection listening for changed cases failed; opening it again');
      this.retry(client);
    });
    client.on('end', () => this.retry(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${PG_CASES_CHANNEL}`);
      if (this.closed) {
        await client.end();
        return;
      }
      this.client = client;
      this.pause = RECONNECT_MIN_MS;
    } catch (err) {
      this.logger.warn({ err }, 'could not listen for changed cases; the live inbox polls until it can');
      this.retry(client);
    }
  }

  private retry(client: pg.Client): void {
    if (this.closed || this.reconnect || (this.client !== null && this.client !== client)) return;
    this.client = null;
    void client.end().catch(() => undefined);
    this.reconnect = setTimeout(() => {
      this.reconnect = null;
      void this.listen();
    }, this.pause);
    this.reconnect.unref();
    this.pause = Math.min(this.pause * 2, RECONNECT_MAX_MS);
  }
}

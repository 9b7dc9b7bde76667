/**
 * The channel service: a brand's connections to its channels (add, change,
 * pause, resume, remove, fetch now), the poll round over every connection
 * that is due, and webhook pushes. A fetch turns the connector's items into
 * mentions through IngestService (so dedup by (channel, external id) and
 * processing are the same as for the API), records every item in
 * `channel_items` (the listening preview), and only then stores the cursor:
 * a crash between the two re-fetches from the old cursor and the dedup drops
 * what was stored. A failing connection backs off exponentially (capped at an
 * hour) and its managers hear of it once per failing spell.
 *
 * Secrets are sealed with the installation key and opened only to hand them
 * to the connector; they are never returned, logged or put in an error.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { ConnectorContext, ConnectorField, IncomingItem, OutgoingMessage, SendResult } from '../../adapters/channels/connector.js';
import type { AnyConnector, ConnectorRegistry } from '../../adapters/channels/registry.js';
import { type Clock, iso } from '../../domain/clock.js';
import { newId } from '../../domain/ids.js';
import { MAX_MENTION_TEXT, type MentionInput, MentionInputSchema } from '../../domain/mentions/mention-input.js';
import { notFound, validationError } from '../../errors.js';
import { issueReport } from '../../validation-messages.js';
import type { ChannelItem, Connection, ConnectionStatus } from '../../repositories/connection.repository.js';
import type { Store } from '../../repositories/store.js';
import { type Actor, authorize } from '../access.js';
import type { IngestService } from '../ingest.service.js';
import type { Notifier } from '../people/notifier.js';
import { managerIds } from '../people/recipients.js';
import type { SecretBox } from '../ports.js';
import { PermanentDeliveryError } from '../replies/reply-channel.js';
import { randomSecret, sha256 } from '../secrets.js';
import { type ListeningQuery, listeningFilter } from './listening-hook.js';
import { ListeningQuerySchema } from '../../domain/listening/listening-query.js';

/** The in-app notification a failing connection raises, once per failing spell. */
export const CHANNEL_FAILING = 'channel.failing';

const CHANNELS_ACTOR: Actor = { type: 'system', name: 'channels' };

export interface ChannelServiceOptions {
  /** Items asked of the connector per fetch. */
  pageSize: number;
  /** Fetches of one connection in one round while the connector says there is more. */
  maxPages: number;
  /** Each fetch is aborted after this long. */
  timeoutMs: number;
  /** Connections fetched per poll round (the rest wait for the next round). */
  roundSize: number;
  /** The desk's public address (DEFUSE_PUBLIC_URL): webhooks are set to `<publicUrl>/api/v1/hooks/connections/:id`. */
  publicUrl?: string;
}

export const DEFAULT_CHANNEL_OPTIONS: ChannelServiceOptions = { pageSize: 50, maxPages: 5, timeoutMs: 30_000, roundSize: 100 };

export const DEFAULT_INTERVAL_MINUTES = 5;
const MAX_BACKOFF_MS = 60 * 60_000;

/** A connection as the API and the CLI show it: never a secret. */
export interface ConnectionView {
  id: string;
  type: string;
  name: string;
  channel: string;
  status: ConnectionStatus;
  config: Record<string, unknown>;
  secrets_set: string[];
  query: Record<string, unknown> | null;
  health: {
    state: 'ok' | 'failing' | 'paused' | 'new';
    last_polled_at: string | null;
    last_success_at: string | null;
    last_error: string | null;
    last_error_at: string | null;
    failures: number;
    next_poll_at: string | null;
    lag_seconds: number | null;
  };
  /** Connectors with a webhook: where the channel pushes (the secret is shown once, when the connection is added). */
  webhook_path: string | null;
  created_at: string;
}

export interface ConnectorTypeView {
  type: string;
  fields: readonly ConnectorField[];
  capabilities: AnyConnector['capabilities'];
}

export interface FetchItemView {
  mention_id: string | null;
  external_id: string;
  text: string;
  link: string | null;
  status: 'created' | 'duplicate' | 'skipped';
}

export interface FetchOutcome {
  connection_id: string;
  brand_id: string;
  name: string;
  created: number;
  duplicates: number;
  /** Items the listening query left out (or that no mention can hold). */
  skipped: number;
  items: FetchItemView[];
  error: string | null;
}

export interface ConnectionInput {
  type: string;
  name?: string;
  channel?: string;
  config: Record<string, unknown>;
  secrets?: Record<string, unknown>;
  /** Checked here against the listening query's schema (domain/listening). */
  query?: Record<string, unknown> | null;
}

export interface ConnectionPatch {
  name?: string;
  config?: Record<string, unknown>;
  /** A secret left out is kept; null removes it. */
  secrets?: Record<string, unknown>;
  query?: Record<string, unknown> | null;
  status?: ConnectionStatus;
}

const ChannelKey = z
  .string()
  .trim()
  .toLowerCase()
  .refine((v) => /^[a-z0-9][a-z0-9_.-]{0,39}$/.test(v), {
    message: 'must be 1-40 characters: letters, digits, _ . -',
    params: { problem: 'channel_key' },
  });

/** The config fields every connection has, whatever its type; the rest is the connector's. */
const CommonConfig = z.object({
  interval_minutes: z.coerce.number().int().min(1, 'must be at least 1 minute').max(1440, 'must be at most 1440 minutes (a day)').optional(),
});

function zodFailure(error: z.ZodError, prefix: string): never {
  const issue = error.issues[0]!;
  const { field, message, problem } = issueReport({ ...issue, path: [prefix, ...issue.path.map(String)].filter(Boolean) }, prefix);
  throw validationError(message, field, problem);
}

const hashId = (id: string) => `sha256:${createHash('sha256').update(id, 'utf8').digest('hex')}`;

/** Short, single-line error text for health and logs (never holds a secret: connectors' messages name no tokens). */
function errorText(err: unknown, timeoutMs: number): string {
  const e = err as Error;
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError')
    return `timed out after ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`}`;
  const cause = (e?.cause as Error | undefined)?.message;
  const msg = `${e?.message ?? String(err)}${cause && !e.message.includes(cause) ? ` (${cause})` : ''}`;
  return msg.replace(/\s+/g, ' ').slice(0, 500);
}

export class ChannelService {
  constructor(
    private readonly store: Store,
    private readonly registry: ConnectorRegistry,
    private readonly secretBox: SecretBox,
    private readonly ingest: IngestService,
    private readonly notifier: Notifier,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly httpFetch: typeof fetch = fetch,
    private readonly options: ChannelServiceOptions = DEFAULT_CHANNEL_OPTIONS,
  ) {}

  /** The types a brand may connect, with their form fields and what they can do. */
  connectorTypes(actor: Actor, brandId: string): ConnectorTypeView[] {
    authorize(actor, brandId, 'brand.read');
    return this.registry.types().map((type) => {
      const c = this.registry.get(type)!;
      return { type, fields: c.fields, capabilities: c.capabilities };
    });
  }

  async list(actor: Actor, brandId: string): Promise<ConnectionView[]> {
    authorize(actor, brandId, 'brand.read');
    return (await this.store.repos.connections.list([brandId])).map((c) => this.view(c));
  }

  /** Every connection (the CLI's operator view), or one brand's. */
  async listAll(brandId?: string): Promise<(ConnectionView & { brand_id: string })[]> {
    const rows = brandId ? await this.store.repos.connections.list([brandId]) : await this.store.repos.connections.listAll();
    return rows.map((c) => ({ ...this.view(c), brand_id: c.brandId }));
  }

  async get(actor: Actor, brandId: string, id: string): Promise<ConnectionView> {
    authorize(actor, brandId, 'brand.read');
    return this.view(await this.find(brandId, id));
  }

  /** Adds a connection; a connector with a webhook gets a secret, returned here once. */
  async add(actor: Actor, brandId: string, input: ConnectionInput): Promise<{ connection: ConnectionView; webhookSecret: string | null }> {
    authorize(actor, brandId, 'channel.manage');
    const connector = this.registry.get(input.type);
    if (!connector) throw validationError(`type: no connector "${input.type}" (known: ${this.registry.types().join(', ')})`, 'type');
    const config = this.checkConfig(connector, input.config);
    const secrets = this.checkSecrets(connector, input.secrets ?? {});
    const query = this.checkQuery(input.query ?? null);
    const parsedKey = ChannelKey.safeParse(input.channel ?? connector.type);
    if (!parsedKey.success) zodFailure(parsedKey.error, 'channel');
    const channelKey = parsedKey.data;
    const now = iso(this.clock.now());
    const webhookSecret = connector.capabilities.webhook && connector.receive ? randomSecret(24) : null;
    const id = newId();
    // Webhook mode: the channel is told where to push before the connection exists, so a refusal adds nothing.
    if (webhookSecret && this.webhookMode(connector, config)) await this.setWebhook(connector, id, config, secrets, webhookSecret);
    await this.store.transaction(async (r) => {
      const channels = await r.mentions.ensureChannels(brandId, [channelKey], (key) => ({ id: newId(), brandId, key, name: key, createdAt: now }));
      await r.connections.insert({
        id,
        brandId,
        channelId: channels.get(channelKey)!.id,
        type: connector.type,
        name: input.name?.trim() || defaultName(connector.type, config),
        config,
        secrets: Object.keys(secrets).length ? this.secretBox.seal(secrets) : null,
        query,
        status: 'active',
        cursor: null,
        lastPolledAt: null,
        lastSuccessAt: null,
        lastError: null,
        lastErrorAt: null,
        failures: 0,
        nextPollAt: now,
        errorNotified: false,
        lagSeconds: null,
        claimedUntil: null,
        hookSecretHash: webhookSecret ? sha256(webhookSecret) : null,
        createdAt: now,
        updatedAt: now,
      });
    });
    this.logger.info({ brandId, connectionId: id, type: connector.type }, 'channel connection added');
    return { connection: this.view((await this.store.repos.connections.find(id))!), webhookSecret };
  }

  async update(actor: Actor, brandId: string, id: string, patch: ConnectionPatch): Promise<ConnectionView> {
    authorize(actor, brandId, 'channel.manage');
    const conn = await this.find(brandId, id);
    const connector = this.connectorOf(conn);
    const now = this.clock.now();
    let secrets: string | null | undefined;
    if (patch.secrets !== undefined) {
      const merged: Record<string, unknown> = conn.secrets ? this.secretBox.open(conn.secrets) : {};
      for (const [k, v] of Object.entries(patch.secrets)) {
        if (v === null) delete merged[k];
        else if (v !== undefined) merged[k] = v;
      }
      const checked = this.checkSecrets(connector, merged);
      secrets = Object.keys(checked).length ? this.secretBox.seal(checked) : null;
    }
    const resumed = patch.status === 'active' && conn.status === 'paused';
    const hook = await this.switchWebhook(connector, conn, patch, secrets);
    await this.store.repos.connections.update(id, {
      ...(hook ? { hookSecretHash: hook } : {}),
      ...(patch.name !== undefined ? { name: patch.name.trim() || conn.name } : {}),
      ...(patch.config !== undefined ? { config: this.checkConfig(connector, patch.config) } : {}),
      ...(secrets !== undefined ? { secrets } : {}),
      ...(patch.query !== undefined ? { query: this.checkQuery(patch.query) } : {}),
      ...(patch.status !== undefined ? { status: patch.status } : {}),
      // Resumed (or its settings changed): fetched at the next round, with a clean slate.
      ...(resumed || patch.config !== undefined || secrets !== undefined ? { nextPollAt: iso(now), failures: 0, errorNotified: false } : {}),
      updatedAt: iso(now),
    });
    this.logger.info({ brandId, connectionId: id, fields: Object.keys(patch) }, 'channel connection changed');
    return this.view((await this.store.repos.connections.find(id))!);
  }

  pause(actor: Actor, brandId: string, id: string): Promise<ConnectionView> {
    return this.update(actor, brandId, id, { status: 'paused' });
  }

  resume(actor: Actor, brandId: string, id: string): Promise<ConnectionView> {
    return this.update(actor, brandId, id, { status: 'active' });
  }

  /** Removes the connection and its fetched items; its mentions and cases stay. */
  async remove(actor: Actor, brandId: string, id: string): Promise<void> {
    authorize(actor, brandId, 'channel.manage');
    const conn = await this.find(brandId, id);
    const connector = this.registry.get(conn.type);
    if (connector && conn.status === 'active' && this.webhookMode(connector, conn.config)) await this.removeWebhook(connector, conn);
    await this.store.transaction((r) => r.connections.remove(id));
    this.logger.info({ brandId, connectionId: id }, 'channel connection removed');
  }

  /** A connection by id alone, for the CLI (whose operator names connections by id). */
  async brandOf(id: string): Promise<string> {
    const c = await this.store.repos.connections.find(id);
    if (!c) throw notFound('Connection');
    return c.brandId;
  }

  /** "Fetch now" (Settings → test): one fetch, whatever the schedule, with what it brought. */
  async fetchNow(actor: Actor, brandId: string, id: string): Promise<FetchOutcome> {
    authorize(actor, brandId, 'channel.manage');
    const conn = await this.find(brandId, id);
    const out = await this.claimAndFetch(id, this.clock.now());
    return out ?? { ...emptyOutcome(conn), error: 'a fetch of this connection is already running; try again in a moment' };
  }

  /**
   * One poll round: every active connection due at `now` (optionally of one brand), each claimed first so two
   * workers never fetch the same one, fetched in turn.
   */
  async pollDue(now: Date = this.clock.now(), o: { brandId?: string } = {}): Promise<FetchOutcome[]> {
    const due = await this.store.repos.connections.due(iso(now), this.options.roundSize, o.brandId);
    const out: FetchOutcome[] = [];
    for (const conn of due) {
      const fetched = await this.claimAndFetch(conn.id, now, iso(now));
      if (fetched) out.push(fetched); // else another worker has it
    }
    return out;
  }

  /**
   * Claims a connection (so no other worker, watcher or "fetch now" fetches it meanwhile; `dueAt`: only if still due),
   * reads it again under the claim — another may have moved its cursor since it was listed — and fetches it. Null
   * when someone else holds it or it is gone.
   */
  private async claimAndFetch(id: string, now: Date, dueAt?: string): Promise<FetchOutcome | null> {
    const repo = this.store.repos.connections;
    if (!(await repo.claim(id, iso(now), iso(new Date(now.getTime() + this.leaseMs())), dueAt ? { dueAt } : {}))) return null;
    const fresh = await repo.find(id);
    return fresh ? this.runClaimed(fresh, now) : null;
  }

  /**
   * Push where the channel offers it (IMAP IDLE): waits on one connection until it holds something new, then fetches
   * it as a poll would — claimed, so a poll round and a watcher never fetch it twice. `'gone'` when the connection is
   * no longer active or cannot be watched (its watcher stops); `'idle'` when nothing came before the timeout.
   */
  async watchOnce(id: string, timeoutMs: number, signal: AbortSignal): Promise<FetchOutcome | 'idle' | 'gone'> {
    const conn = await this.store.repos.connections.find(id);
    const connector = conn ? this.registry.get(conn.type) : undefined;
    if (!conn || conn.status !== 'active' || !connector?.watch) return 'gone';
    let woke: boolean;
    try {
      woke = await connector.watch(this.context(conn, connector, this.clock.now(), signal), timeoutMs);
    } catch (err) {
      throw new Error(this.withoutSecrets(conn, errorText(err, timeoutMs)));
    }
    if (!woke || signal.aborted) return 'idle';
    return (await this.claimAndFetch(id, this.clock.now())) ?? 'idle';
  }

  /**
   * Watches every active connection that can push (mailboxes with IDLE) until `signal` aborts, each in its own loop;
   * connections added, paused or removed are picked up every `refreshMs`. A watch that fails waits `retryMs` and
   * tries again; the poll round keeps fetching on schedule meanwhile, and records the channel's health.
   */
  async watchAll(signal: AbortSignal, o: { timeoutMs?: number; refreshMs?: number; retryMs?: number } = {}): Promise<void> {
    const timeoutMs = o.timeoutMs ?? 4 * 60_000;
    const pause = (ms: number) =>
      new Promise<void>((resolve) => {
        const t = setTimeout(resolve, ms);
        signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
      });
    const running = new Map<string, Promise<void>>();
    const watchLoop = async (id: string) => {
      while (!signal.aborted) {
        try {
          if ((await this.watchOnce(id, timeoutMs, signal)) === 'gone') return;
        } catch (err) {
          this.logger.warn({ connectionId: id, err: (err as Error).message }, 'watching a channel failed; trying again later');
          await pause(o.retryMs ?? 30_000);
        }
      }
    };
    while (!signal.aborted) {
      const all = await this.store.repos.connections.listAll().catch((err: unknown) => {
        this.logger.warn({ err: (err as Error).message }, 'could not list the channels to watch');
        return [];
      });
      for (const c of all) {
        if (c.status !== 'active' || !this.registry.get(c.type)?.watch || running.has(c.id)) continue;
        running.set(
          c.id,
          watchLoop(c.id).finally(() => running.delete(c.id)),
        );
      }
      await pause(o.refreshMs ?? 60_000);
    }
    await Promise.allSettled([...running.values()]);
  }

  /**
   * A webhook push (Telegram updates): the per-connection secret checked in constant time, the body handed to the
   * connector's `receive`, its items stored like a fetch's. Unknown connection or wrong secret: "not found".
   */
  async receive(connectionId: string, secret: string | undefined, body: unknown): Promise<{ created: number; duplicates: number; skipped: number }> {
    const conn = await this.store.repos.connections.find(connectionId);
    const connector = conn ? this.registry.get(conn.type) : undefined;
    if (!conn || !connector?.receive || !conn.hookSecretHash || !secret || !sameHash(conn.hookSecretHash, sha256(secret)))
      throw notFound('Connection');
    if (conn.status === 'paused') return { created: 0, duplicates: 0, skipped: 0 };
    const now = this.clock.now();
    const ctx = this.context(conn, connector, now, AbortSignal.timeout(this.options.timeoutMs));
    let items: IncomingItem[];
    try {
      items = connector.receive(ctx, body);
    } catch (err) {
      throw validationError(`the update could not be read: ${errorText(err, this.options.timeoutMs)}`);
    }
    const stored = await this.storeItems(conn, connector, items, now);
    return { created: stored.created, duplicates: stored.duplicates, skipped: stored.skipped };
  }

  /**
   * Whether the connection can publish a reply on its channel: active, its connector has `send`, its capabilities
   * allow a private message (`isPrivate`) or a public answer, and its config can send (e-mail needs an SMTP host).
   */
  canPublish(conn: Connection, isPrivate: boolean): boolean {
    if (conn.status !== 'active') return false;
    const connector = this.registry.get(conn.type);
    if (!connector?.send) return false;
    if (!(isPrivate ? connector.capabilities.privateMessage : connector.capabilities.publicReply)) return false;
    if (!connector.canSend) return true;
    const config = connector.configSchema.safeParse(conn.config);
    return config.success && connector.canSend(config.data);
  }

  /**
   * The connection's `send`, with its decrypted secrets, for the delivery service's adapter
   * (src/adapters/delivery/connector-channel.ts). Each call is aborted after the fetch timeout; an error's text has
   * the connection's secrets blanked out; a permanent one stays a PermanentDeliveryError (the reply fails at once).
   */
  async publisher(connectionId: string): Promise<{ type: string; send: (message: OutgoingMessage) => Promise<SendResult> }> {
    const conn = await this.store.repos.connections.find(connectionId);
    if (!conn) throw new Error('the channel connection was removed');
    const connector = this.connectorOf(conn);
    if (!connector.send) throw new PermanentDeliveryError(`a ${conn.type} connection cannot publish replies`);
    const send = connector.send.bind(connector);
    return {
      type: conn.type,
      send: async (message) => {
        try {
          const ctx = this.context(conn, connector, this.clock.now(), AbortSignal.timeout(this.options.timeoutMs));
          return await send(ctx, message);
        } catch (err) {
          const text = this.withoutSecrets(conn, errorText(err, this.options.timeoutMs));
          if (err instanceof PermanentDeliveryError) throw new PermanentDeliveryError(text);
          throw new Error(text);
        }
      },
    };
  }

  // ---------------------------------------------------------------------------------------------------------------

  private leaseMs(): number {
    return this.options.timeoutMs * this.options.maxPages + 60_000;
  }

  /** The connection's config asks for pushes (`webhook: true`) and its connector can be told where to push. */
  private webhookMode(connector: AnyConnector, config: Record<string, unknown>): boolean {
    return connector.capabilities.webhook && connector.webhook !== undefined && config.webhook === true;
  }

  private hookContext(
    connector: AnyConnector,
    config: Record<string, unknown>,
    secrets: Record<string, unknown>,
  ): ConnectorContext<unknown, unknown> {
    return {
      config: connector.configSchema.parse(config) as unknown,
      secrets: connector.secretsSchema.parse(secrets) as unknown,
      cursor: null,
      now: this.clock.now(),
      signal: AbortSignal.timeout(this.options.timeoutMs),
      fetch: this.httpFetch,
      limit: this.options.pageSize,
    };
  }

  /** Tells the channel to push to this connection's hook with `secret`; a refusal is a 400 on `config.webhook`. */
  private async setWebhook(
    connector: AnyConnector,
    id: string,
    config: Record<string, unknown>,
    secrets: Record<string, unknown>,
    secret: string,
  ): Promise<void> {
    if (!this.options.publicUrl)
      throw validationError('config.webhook: the desk has no public address for the webhook (set DEFUSE_PUBLIC_URL)', 'config.webhook');
    const url = `${this.options.publicUrl.replace(/\/+$/, '')}/api/v1/hooks/connections/${id}`;
    try {
      await connector.webhook!.set(this.hookContext(connector, config, secrets), url, secret);
    } catch (err) {
      const said = redactValues(errorText(err, this.options.timeoutMs), [secret, ...Object.values(secrets)]);
      throw validationError(`config.webhook: the channel refused the webhook ${url}: ${said}`, 'config.webhook');
    }
    this.logger.info({ connectionId: id, type: connector.type }, 'channel webhook set');
  }

  /** Back to polling: best effort (a revoked token must not keep a connection from being paused or removed). */
  private async removeWebhook(connector: AnyConnector, conn: Connection): Promise<void> {
    try {
      await connector.webhook!.remove(this.hookContext(connector, conn.config, conn.secrets ? this.secretBox.open(conn.secrets) : {}));
      this.logger.info({ brandId: conn.brandId, connectionId: conn.id, type: conn.type }, 'channel webhook removed');
    } catch (err) {
      this.logger.warn(
        { brandId: conn.brandId, connectionId: conn.id, type: conn.type, error: this.withoutSecrets(conn, errorText(err, this.options.timeoutMs)) },
        'channel webhook could not be removed',
      );
    }
  }

  /**
   * A change that turns webhook mode on (switched on, resumed, new token or settings while on) sets the webhook
   * with a fresh secret (the channel is the only one that needs it) and returns its hash; one that turns it off
   * (switched off, paused) removes the webhook. Undefined: the hook secret stays.
   */
  private async switchWebhook(
    connector: AnyConnector,
    conn: Connection,
    patch: ConnectionPatch,
    sealedSecrets: string | null | undefined,
  ): Promise<string | undefined> {
    if (!connector.webhook || !connector.receive) return undefined;
    const config = patch.config !== undefined ? this.checkConfig(connector, patch.config) : conn.config;
    const was = conn.status === 'active' && this.webhookMode(connector, conn.config);
    const will = (patch.status ?? conn.status) === 'active' && this.webhookMode(connector, config);
    if (will && (!was || patch.config !== undefined || sealedSecrets !== undefined)) {
      const secrets =
        sealedSecrets !== undefined
          ? sealedSecrets
            ? this.secretBox.open(sealedSecrets)
            : {}
          : conn.secrets
            ? this.secretBox.open(conn.secrets)
            : {};
      const secret = randomSecret(24);
      await this.setWebhook(connector, conn.id, config, secrets, secret);
      return sha256(secret);
    }
    if (was && !will) await this.removeWebhook(connector, conn);
    return undefined;
  }

  private async find(brandId: string, id: string): Promise<Connection> {
    const c = await this.store.repos.connections.find(id);
    if (!c || c.brandId !== brandId) throw notFound('Connection');
    return c;
  }

  private connectorOf(conn: Connection): AnyConnector {
    const c = this.registry.get(conn.type);
    if (!c) throw validationError(`this installation has no connector for "${conn.type}"`);
    return c;
  }

  private checkConfig(connector: AnyConnector, config: Record<string, unknown>): Record<string, unknown> {
    const common = CommonConfig.safeParse(config);
    if (!common.success) zodFailure(common.error, 'config');
    const own = connector.configSchema.safeParse(config);
    if (!own.success) zodFailure(own.error, 'config');
    return {
      ...(own.data as Record<string, unknown>),
      ...(common.data.interval_minutes !== undefined ? { interval_minutes: common.data.interval_minutes } : {}),
    };
  }

  private checkSecrets(connector: AnyConnector, secrets: Record<string, unknown>): Record<string, unknown> {
    const parsed = connector.secretsSchema.safeParse(secrets);
    // The message names the field only: a secret's value is never echoed back.
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const path = ['secrets', ...issue.path.map(String)];
      if (issue.code === 'unrecognized_keys') {
        const { field, message, problem } = issueReport({ ...issue, path }, 'secrets');
        throw validationError(message, field, problem);
      }
      const problem = issue.code === 'invalid_type' && issue.message.startsWith('is required') ? 'required' : 'secret_invalid';
      throw validationError(`${path.join('.')}: missing or not valid`, path.join('.'), { problem });
    }
    return (parsed.data ?? {}) as Record<string, unknown>;
  }

  private checkQuery(query: Record<string, unknown> | null): ListeningQuery | null {
    if (query === null) return null;
    const parsed = ListeningQuerySchema.safeParse(query);
    if (!parsed.success) zodFailure(parsed.error, 'query');
    return parsed.data;
  }

  private intervalMs(conn: Connection): number {
    const m = Number(conn.config.interval_minutes);
    return (Number.isInteger(m) && m > 0 ? m : DEFAULT_INTERVAL_MINUTES) * 60_000;
  }

  private context(conn: Connection, connector: AnyConnector, now: Date, signal: AbortSignal): ConnectorContext<unknown, unknown> {
    const config = connector.configSchema.parse(conn.config) as unknown;
    const secrets = connector.secretsSchema.parse(conn.secrets ? this.secretBox.open(conn.secrets) : {}) as unknown;
    return { config, secrets, cursor: conn.cursor, now, signal, fetch: this.httpFetch, limit: this.options.pageSize };
  }

  /** Fetches a claimed connection (pages while there is more), stores what came, records health, lets it go. */
  private async runClaimed(conn: Connection, now: Date): Promise<FetchOutcome> {
    const out = emptyOutcome(conn);
    let newest: string | undefined;
    let cursor = conn.cursor;
    let more = false;
    try {
      const connector = this.connectorOf(conn);
      for (let page = 0; page < this.options.maxPages; page++) {
        const ctx = this.context({ ...conn, cursor }, connector, now, AbortSignal.timeout(this.options.timeoutMs));
        const result = await connector.fetch(ctx);
        const stored = await this.storeItems(conn, connector, result.items, now);
        out.created += stored.created;
        out.duplicates += stored.duplicates;
        out.skipped += stored.skipped;
        out.items.push(...stored.items);
        if (stored.newest && (!newest || stored.newest > newest)) newest = stored.newest;
        // Only now, with the items stored as mentions, does the cursor move on.
        if (result.cursor !== null) {
          await this.store.repos.connections.saveCursor(conn.id, result.cursor);
          cursor = result.cursor;
        }
        more = result.more === true && result.items.length > 0;
        if (!more) break;
      }
    } catch (err) {
      // A connector's error may quote a URL or a request that holds a secret (a bot token in the path): blanked out.
      out.error = this.withoutSecrets(conn, errorText(err, this.options.timeoutMs));
      await this.recordFailure(conn, now, out.error);
      return out;
    }
    const interval = this.intervalMs(conn);
    await this.store.repos.connections.finishPoll(conn.id, {
      lastPolledAt: iso(now),
      lastSuccessAt: iso(now),
      failures: 0,
      errorNotified: false,
      // More left after the last page: due again at the next round.
      nextPollAt: iso(more ? now : new Date(now.getTime() + interval)),
      ...(newest ? { lagSeconds: Math.max(0, Math.round((now.getTime() - new Date(newest).getTime()) / 1000)) } : {}),
      updatedAt: iso(now),
    });
    if (conn.failures > 0) this.logger.info({ brandId: conn.brandId, connectionId: conn.id, type: conn.type }, 'channel connection recovered');
    return out;
  }

  /** The text with every secret value of the connection (4 characters or more) replaced by ***. */
  private withoutSecrets(conn: Connection, text: string): string {
    if (!conn.secrets) return text;
    let values: string[];
    try {
      values = Object.values(this.secretBox.open(conn.secrets))
        .filter((v): v is string | number => typeof v === 'string' || typeof v === 'number')
        .map(String)
        .filter((v) => v.length >= 4);
    } catch {
      return text;
    }
    // Longest first, so a secret that contains another is blanked whole.
    for (const v of values.sort((a, b) => b.length - a.length)) text = text.split(v).join('***');
    return text;
  }

  private async recordFailure(conn: Connection, now: Date, error: string): Promise<void> {
    const failures = conn.failures + 1;
    const delay = Math.min(this.intervalMs(conn) * 2 ** (failures - 1), MAX_BACKOFF_MS);
    this.logger.warn({ brandId: conn.brandId, connectionId: conn.id, type: conn.type, failures, error }, 'channel fetch failed');
    await this.store.transaction(async (r) => {
      const notify = !conn.errorNotified;
      await r.connections.finishPoll(conn.id, {
        lastPolledAt: iso(now),
        lastError: error,
        lastErrorAt: iso(now),
        failures,
        nextPollAt: iso(new Date(now.getTime() + delay)),
        errorNotified: true,
        updatedAt: iso(now),
      });
      if (notify) {
        await this.notifier.notify(
          r,
          {
            brandId: conn.brandId,
            userIds: await managerIds(r, conn.brandId),
            type: CHANNEL_FAILING,
            caseId: null,
            data: { connection_id: conn.id, name: conn.name, type: conn.type, channel: conn.channelKey, error },
          },
          now,
        );
      }
    });
  }

  /**
   * Stores one batch of items: those that pass the listening query (broad connections) as mentions through the
   * ingest service, every one in `channel_items` (matched or not) for the preview.
   */
  private async storeItems(
    conn: Connection,
    connector: AnyConnector,
    items: IncomingItem[],
    now: Date,
  ): Promise<{ created: number; duplicates: number; skipped: number; items: FetchItemView[]; newest?: string }> {
    const views: FetchItemView[] = [];
    const rows: ChannelItem[] = [];
    const inputs: { input: MentionInput; view: FetchItemView }[] = [];
    let skipped = 0;
    let newest: string | undefined;
    const passes = listeningFilter(connector.capabilities.broad ? conn.query : null);
    for (const item of items) {
      const input = this.toMentionInput(conn, item);
      const externalId = input?.external_id ?? (item.externalId.length > 200 ? hashId(item.externalId) : item.externalId);
      // The one place listening queries apply (src/services/channels/listening-hook.ts).
      const matched = input !== null && passes(item);
      const view: FetchItemView = {
        mention_id: null,
        external_id: externalId,
        text: item.text.slice(0, 2000),
        link: item.link ?? null,
        status: 'skipped',
      };
      views.push(view);
      rows.push({
        id: newId(),
        connectionId: conn.id,
        brandId: conn.brandId,
        externalId,
        text: item.text.slice(0, MAX_MENTION_TEXT),
        authorHandle: item.author.handle.slice(0, 200) || 'unknown',
        link: item.link ?? null,
        createdAt: input?.created_at ?? null,
        fetchedAt: iso(now),
        matched,
      });
      if (input?.created_at && (!newest || input.created_at > newest)) newest = input.created_at;
      if (matched) inputs.push({ input, view });
      else skipped++;
    }
    let created = 0;
    let duplicates = 0;
    if (inputs.length) {
      const result = await this.ingest.ingest(
        CHANNELS_ACTOR,
        conn.brandId,
        inputs.map((i) => i.input),
      );
      created = result.created;
      duplicates = result.duplicates;
      for (const r of result.items) {
        const v = inputs[r.index]!.view;
        v.mention_id = r.id;
        v.status = r.status;
      }
    }
    await this.store.repos.connections.addItems(conn.id, rows);
    return { created, duplicates, skipped, items: views, newest };
  }

  /** The item as a mention input, made to fit (long ids hashed, text cut, bad links dropped); null if it cannot. */
  private toMentionInput(conn: Connection, item: IncomingItem): MentionInput | null {
    const url = (u: string | undefined) => (u && /^https?:\/\//i.test(u) && u.length <= 2048 ? u : undefined);
    const date = item.createdAt && !Number.isNaN(new Date(item.createdAt).getTime()) ? new Date(item.createdAt).toISOString() : undefined;
    const raw = {
      channel: conn.channelKey,
      external_id: item.externalId.length > 200 ? hashId(item.externalId) : item.externalId,
      author: {
        handle: item.author.handle.trim().slice(0, 200) || 'unknown',
        ...(item.author.name ? { name: item.author.name.slice(0, 200) } : {}),
        ...(url(item.author.url) ? { url: url(item.author.url) } : {}),
      },
      text: item.text.slice(0, MAX_MENTION_TEXT),
      ...(url(item.link) ? { link: url(item.link) } : {}),
      ...(date ? { created_at: date } : {}),
      public: item.public,
      ...(item.inReplyTo ? { in_reply_to: item.inReplyTo.length > 200 ? hashId(item.inReplyTo) : item.inReplyTo } : {}),
      // Posted before the channel was connected: the desk could not have answered it before; its clock starts on arrival.
      extra: { ...(item.extra ?? {}), connection_id: conn.id, ...(date && date < conn.createdAt ? { backlog: true } : {}) },
    };
    const parsed = MentionInputSchema.safeParse(raw);
    if (!parsed.success) {
      this.logger.warn(
        { brandId: conn.brandId, connectionId: conn.id, externalId: raw.external_id, problem: parsed.error.issues[0]?.message },
        'a channel item could not become a mention',
      );
      return null;
    }
    return parsed.data;
  }

  private view(c: Connection): ConnectionView {
    let secretsSet: string[] = [];
    if (c.secrets) {
      try {
        secretsSet = Object.keys(this.secretBox.open(c.secrets)).sort();
      } catch {
        secretsSet = [];
      }
    }
    const connector = this.registry.get(c.type);
    return {
      id: c.id,
      type: c.type,
      name: c.name,
      channel: c.channelKey,
      status: c.status,
      config: c.config,
      secrets_set: secretsSet,
      query: c.query,
      health: {
        state: c.status === 'paused' ? 'paused' : c.failures > 0 ? 'failing' : c.lastPolledAt ? 'ok' : 'new',
        last_polled_at: c.lastPolledAt,
        last_success_at: c.lastSuccessAt,
        last_error: c.lastError,
        last_error_at: c.lastErrorAt,
        failures: c.failures,
        next_poll_at: c.nextPollAt,
        lag_seconds: c.lagSeconds,
      },
      webhook_path: connector?.capabilities.webhook && c.hookSecretHash ? `/api/v1/hooks/connections/${c.id}` : null,
      created_at: c.createdAt,
    };
  }
}

function emptyOutcome(conn: Connection): FetchOutcome {
  return { connection_id: conn.id, brand_id: conn.brandId, name: conn.name, created: 0, duplicates: 0, skipped: 0, items: [], error: null };
}

/** The text with each of the values (4 characters or more) replaced by ***. */
function redactValues(text: string, values: unknown[]): string {
  const strings = values.filter((v): v is string => typeof v === 'string' && v.length >= 4).sort((a, b) => b.length - a.length);
  for (const v of strings) text = text.split(v).join('***');
  return text;
}

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

function defaultName(type: string, config: Record<string, unknown>): string {
  const url = typeof config.url === 'string' ? config.url : undefined;
  if (url) {
    try {
      return `${type}: ${new URL(url).hostname}`;
    } catch {
      // fall through
    }
  }
  return type;
}

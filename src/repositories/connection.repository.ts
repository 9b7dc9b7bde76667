/**
 * Channel connections and the items they fetched. Config and query are JSON
 * columns decoded here; secrets stay sealed text (the service opens them with
 * the installation key and never hands them further than the connector).
 */
import type { Kysely } from 'kysely';
import type { Selectable } from 'kysely';
import type { ChannelConnectionsTable, DefuseDatabase } from '../db/schema.js';
import { encodeJson, parseJson } from './json.js';

export type ConnectionStatus = 'active' | 'paused';

export interface Connection {
  id: string;
  brandId: string;
  channelId: string;
  /** The channel's key (the mentions' channel), joined from `channels`. */
  channelKey: string;
  type: string;
  name: string;
  config: Record<string, unknown>;
  /** Sealed secrets, or null. */
  secrets: string | null;
  query: Record<string, unknown> | null;
  status: ConnectionStatus;
  cursor: string | null;
  lastPolledAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  failures: number;
  nextPollAt: string | null;
  errorNotified: boolean;
  lagSeconds: number | null;
  claimedUntil: string | null;
  hookSecretHash: string | null;
  createdAt: string;
  updatedAt: string;
}

export type NewConnection = Omit<Connection, 'channelKey'>;

export interface ChannelItem {
  id: string;
  connectionId: string;
  brandId: string;
  externalId: string;
  text: string;
  authorHandle: string;
  link: string | null;
  createdAt: string | null;
  fetchedAt: string;
  matched: boolean;
}

/** How many fetched items each connection keeps for the listening preview. */
export const ITEMS_KEPT = 500;

type Row = Selectable<ChannelConnectionsTable> & { channel_key: string };

function toConnection(r: Row): Connection {
  return {
    id: r.id,
    brandId: r.brand_id,
    channelId: r.channel_id,
    channelKey: r.channel_key,
    type: r.type,
    name: r.name,
    config: parseJson<Record<string, unknown>>(r.config, {}, 'channel_connections.config'),
    secrets: r.secrets,
    query: parseJson<Record<string, unknown> | null>(r.query, null, 'channel_connections.query'),
    status: r.status as ConnectionStatus,
    cursor: r.cursor,
    lastPolledAt: r.last_polled_at,
    lastSuccessAt: r.last_success_at,
    lastError: r.last_error,
    lastErrorAt: r.last_error_at,
    failures: Number(r.failures),
    nextPollAt: r.next_poll_at,
    errorNotified: Number(r.error_notified) === 1,
    lagSeconds: r.lag_seconds == null ? null : Number(r.lag_seconds),
    claimedUntil: r.claimed_until,
    hookSecretHash: r.hook_secret_hash,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** What a finished fetch writes: the cursor (successes only) and the health. */
export interface PollOutcome {
  cursor?: string | null;
  lastPolledAt: string;
  lastSuccessAt?: string;
  lastError?: string | null;
  lastErrorAt?: string | null;
  failures: number;
  nextPollAt: string;
  errorNotified: boolean;
  lagSeconds?: number | null;
  updatedAt: string;
}

export type ConnectionChange = Partial<
  Pick<Connection, 'name' | 'config' | 'secrets' | 'query' | 'status' | 'nextPollAt' | 'failures' | 'errorNotified' | 'hookSecretHash'>
> & {
  updatedAt: string;
};

export class ConnectionRepository {
  constructor(private readonly db: Kysely<DefuseDatabase>) {}

  private select() {
    return this.db
      .selectFrom('channel_connections')
      .innerJoin('channels', 'channels.id', 'channel_connections.channel_id')
      .selectAll('channel_connections')
      .select('channels.key as channel_key');
  }

  async insert(c: NewConnection): Promise<void> {
    await this.db
      .insertInto('channel_connections')
      .values({
        id: c.id,
        brand_id: c.brandId,
        channel_id: c.channelId,
        type: c.type,
        name: c.name,
        config: encodeJson(c.config),
        secrets: c.secrets,
        query: c.query == null ? null : encodeJson(c.query),
        status: c.status,
        cursor: c.cursor,
        last_polled_at: c.lastPolledAt,
        last_success_at: c.lastSuccessAt,
        last_error: c.lastError,
        last_error_at: c.lastErrorAt,
        failures: c.failures,
        next_poll_at: c.nextPollAt,
        error_notified: c.errorNotified ? 1 : 0,
        lag_seconds: c.lagSeconds,
        claimed_until: c.claimedUntil,
        hook_secret_hash: c.hookSecretHash,
        created_at: c.createdAt,
        updated_at: c.updatedAt,
      })
      .execute();
  }

  async find(id: string): Promise<Connection | undefined> {
    const r = await this.select().where('channel_connections.id', '=', id).executeTakeFirst();
    return r && toConnection(r);
  }

  async list(brandIds: readonly string[]): Promise<Connection[]> {
    if (!brandIds.length) return [];
    const rows = await this.select()
      .where('channel_connections.brand_id', 'in', [...brandIds])
      .orderBy('channel_connections.created_at')
      .orderBy('channel_connections.id')
      .execute();
    return rows.map(toConnection);
  }

  async listAll(): Promise<Connection[]> {
    const rows = await this.select().orderBy('channel_connections.created_at').orderBy('channel_connections.id').execute();
    return rows.map(toConnection);
  }

  /** Active connections due at `now` (not held by a fetch in progress), oldest due first. */
  async due(now: string, limit: number, brandId?: string): Promise<Connection[]> {
    let q = this.select()
      .where('channel_connections.status', '=', 'active')
      .where((eb) => eb.or([eb('channel_connections.next_poll_at', 'is', null), eb('channel_connections.next_poll_at', '<=', now)]))
      .where((eb) => eb.or([eb('channel_connections.claimed_until', 'is', null), eb('channel_connections.claimed_until', '<=', now)]));
    if (brandId) q = q.where('channel_connections.brand_id', '=', brandId);
    const rows = await q.orderBy('channel_connections.next_poll_at').limit(limit).execute();
    return rows.map(toConnection);
  }

  /**
   * Holds the connection for one fetch until `until`: a single conditional update, so of two workers (or a poll and
   * a "fetch now") only one wins. False when another fetch holds it (or, with `dueAt`, it is no longer due).
   */
  async claim(id: string, now: string, until: string, o: { dueAt?: string } = {}): Promise<boolean> {
    let q = this.db
      .updateTable('channel_connections')
      .set({ claimed_until: until })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', now)]));
    if (o.dueAt) {
      const dueAt = o.dueAt;
      q = q.where('status', '=', 'active').where((eb) => eb.or([eb('next_poll_at', 'is', null), eb('next_poll_at', '<=', dueAt)]));
    }
    const r = await q.executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Writes a fetch's outcome and lets go of the connection. */
  async finishPoll(id: string, o: PollOutcome): Promise<void> {
    await this.db
      .updateTable('channel_connections')
      .set({
        ...(o.cursor !== undefined ? { cursor: o.cursor } : {}),
        last_polled_at: o.lastPolledAt,
        ...(o.lastSuccessAt !== undefined ? { last_success_at: o.lastSuccessAt } : {}),
        ...(o.lastError !== undefined ? { last_error: o.lastError } : {}),
        ...(o.lastErrorAt !== undefined ? { last_error_at: o.lastErrorAt } : {}),
        failures: o.failures,
        next_poll_at: o.nextPollAt,
        error_notified: o.errorNotified ? 1 : 0,
        ...(o.lagSeconds !== undefined ? { lag_seconds: o.lagSeconds } : {}),
        claimed_until: null,
        updated_at: o.updatedAt,
      })
      .where('id', '=', id)
      .execute();
  }

  /** Stores where the next fetch starts (called once the items of the fetch are stored as mentions). */
  async saveCursor(id: string, cursor: string): Promise<void> {
    await this.db.updateTable('channel_connections').set({ cursor }).where('id', '=', id).execute();
  }

  /** Lets go of the connection without recording anything (a fetch that was interrupted before its outcome). */
  async release(id: string): Promise<void> {
    await this.db.updateTable('channel_connections').set({ claimed_until: null }).where('id', '=', id).execute();
  }

  async update(id: string, c: ConnectionChange): Promise<void> {
    await this.db
      .updateTable('channel_connections')
      .set({
        ...(c.name !== undefined ? { name: c.name } : {}),
        ...(c.config !== undefined ? { config: encodeJson(c.config) } : {}),
        ...(c.secrets !== undefined ? { secrets: c.secrets } : {}),
        ...(c.query !== undefined ? { query: c.query == null ? null : encodeJson(c.query) } : {}),
        ...(c.status !== undefined ? { status: c.status } : {}),
        ...(c.nextPollAt !== undefined ? { next_poll_at: c.nextPollAt } : {}),
        ...(c.failures !== undefined ? { failures: c.failures } : {}),
        ...(c.errorNotified !== undefined ? { error_notified: c.errorNotified ? 1 : 0 } : {}),
        ...(c.hookSecretHash !== undefined ? { hook_secret_hash: c.hookSecretHash } : {}),
        updated_at: c.updatedAt,
      })
      .where('id', '=', id)
      .execute();
  }

  /** Removes the connection and its fetched items (its mentions stay). */
  async remove(id: string): Promise<void> {
    await this.db.deleteFrom('channel_items').where('connection_id', '=', id).execute();
    await this.db.deleteFrom('channel_connections').where('id', '=', id).execute();
  }

  /** Stores fetched items (an item fetched again is left as it was), then keeps the newest ITEMS_KEPT. */
  async addItems(connectionId: string, items: ChannelItem[]): Promise<void> {
    if (items.length) {
      await this.db
        .insertInto('channel_items')
        .values(
          items.map((i) => ({
            id: i.id,
            connection_id: i.connectionId,
            brand_id: i.brandId,
            external_id: i.externalId,
            text: i.text,
            author_handle: i.authorHandle,
            link: i.link,
            created_at: i.createdAt,
            fetched_at: i.fetchedAt,
            matched: i.matched ? 1 : 0,
          })),
        )
        .onConflict((oc) => oc.columns(['connection_id', 'external_id']).doNothing())
        .execute();
    }
    const cut = await this.db
      .selectFrom('channel_items')
      .select(['fetched_at', 'id'])
      .where('connection_id', '=', connectionId)
      .orderBy('fetched_at', 'desc')
      .orderBy('id', 'desc')
      .offset(ITEMS_KEPT)
      .limit(1)
      .executeTakeFirst();
    if (cut) {
      await this.db
        .deleteFrom('channel_items')
        .where('connection_id', '=', connectionId)
        .where((eb) => eb.or([eb('fetched_at', '<', cut.fetched_at), eb.and([eb('fetched_at', '=', cut.fetched_at), eb('id', '<=', cut.id)])]))
        .execute();
    }
  }

  /** The brand's newest fetched items, over all its connections (the listening preview). */
  async recentItems(brandId: string, limit: number): Promise<ChannelItem[]> {
    const rows = await this.db
      .selectFrom('channel_items')
      .selectAll()
      .where('brand_id', '=', brandId)
      .orderBy('fetched_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      connectionId: r.connection_id,
      brandId: r.brand_id,
      externalId: r.external_id,
      text: r.text,
      authorHandle: r.author_handle,
      link: r.link,
      createdAt: r.created_at,
      fetchedAt: r.fetched_at,
      matched: Number(r.matched) === 1,
    }));
  }

  /** Forgets the fetched items of these handles (an author's erasure): the preview's copies hold their texts. */
  async eraseItemsByAuthor(brandId: string, handles: string[]): Promise<number> {
    if (!handles.length) return 0;
    const r = await this.db.deleteFrom('channel_items').where('brand_id', '=', brandId).where('author_handle', 'in', handles).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  /** Forgets fetched items written or fetched before `before` (the brand's retention). */
  async eraseItemsBefore(brandId: string, before: string): Promise<number> {
    const r = await this.db
      .deleteFrom('channel_items')
      .where('brand_id', '=', brandId)
      .where((eb) => eb.or([eb('fetched_at', '<', before), eb('created_at', '<', before)]))
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  async countItems(connectionId: string): Promise<number> {
    const r = await this.db
      .selectFrom('channel_items')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('connection_id', '=', connectionId)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }
}

/**
 * The channel connector interface: how mentions come in by themselves and how
 * a reply goes out on the channel it came from. One connector per channel
 * type (RSS/Atom, e-mail, Telegram, Mastodon, VK) lives beside this file and
 * is listed in `registry.ts`, the way job names are: the registry refuses to
 * start unless every type in CONNECTOR_TYPES has exactly one connector.
 *
 * A connector is stateless. The brand's connection (its config, its decrypted
 * secrets, the cursor the last successful fetch returned) is handed in on each
 * call; the channel service stores the new cursor only after the items it
 * came with are stored as mentions, so a restart mid-poll re-fetches from the
 * old cursor and the (channel, external id) key drops what was stored before.
 */
import type { z } from 'zod';

export const CONNECTOR_TYPES = ['rss', 'email', 'telegram', 'mastodon', 'vk'] as const;
export type ConnectorType = (typeof CONNECTOR_TYPES)[number];

/** One item fetched from a channel, before it is a mention (the service turns it into a MentionInput). */
export interface IncomingItem {
  /** The channel's own id of the item (message id, status id, feed entry id): the mention's `external_id`. */
  externalId: string;
  author: { handle: string; name?: string; url?: string };
  text: string;
  /** Where the item can be read on the channel (the original post). */
  link?: string;
  /** ISO-8601 date-time the item was written, when the channel says. */
  createdAt?: string;
  /** False for a private message (e-mail, a direct message to the bot). */
  public: boolean;
  /** The channel's id of the item this one answers (threads). */
  inReplyTo?: string;
  /** What a reply needs later (chat id, e-mail subject and References, owner id…), stored with the mention. */
  extra?: Record<string, unknown>;
  /**
   * True when the item is addressed to the brand (a mention of its account on a broad connector such as Mastodon):
   * it is a mention whatever the listening query says, which applies only to the broad sources (hashtags, search).
   */
  addressed?: boolean;
}

export interface FetchResult {
  items: IncomingItem[];
  /** Where the next fetch starts; null keeps the stored one. Opaque to the service (often JSON). */
  cursor: string | null;
  /** True when the channel has more items right away (the service fetches again in the same round, up to a limit). */
  more?: boolean;
}

export interface ConnectorContext<Config, Secrets> {
  config: Config;
  secrets: Secrets;
  /** The stored cursor; null on the first fetch. */
  cursor: string | null;
  now: Date;
  signal: AbortSignal;
  /** The HTTP client to use (tests and the service hand in one with a timeout); defaults to global fetch. */
  fetch: typeof fetch;
  /** At most this many items per fetch (the service's page size). */
  limit: number;
}

/** A reply to publish on the channel. */
export interface OutgoingMessage {
  replyId: string;
  text: string;
  /** The customer's mention being answered: its external id and its stored `extra` (chat id, subject…). */
  inReplyTo: { externalId: string; extra: Record<string, unknown> } | null;
  /** The customer: their handle on the channel and name. */
  to: { handle: string; name: string | null };
  /** The case's subject (e-mail subject line). */
  subject: string;
  /** True: a private message to the customer (DM, e-mail); false: a public answer in the thread. */
  private: boolean;
}

export interface SendResult {
  /** The channel's id of the published reply (message id, status id). */
  externalId: string | null;
  /** Where the published reply can be read, when the channel says. */
  link?: string;
}

/** A field of the connection form in Settings → Channels (and of `defuse channel add`). */
export interface ConnectorField {
  name: string;
  kind: 'text' | 'url' | 'number' | 'boolean' | 'secret' | 'list';
  required: boolean;
  /** English help line; the web desk translates by `channels.field.<type>.<name>` when it has a key. */
  help?: string;
}

export interface ChannelConnector<Config = unknown, Secrets = unknown> {
  readonly type: ConnectorType;
  /** The connection's config (no secrets), checked when a connection is added or changed. */
  readonly configSchema: z.ZodType<Config>;
  /** Its secrets (passwords, tokens), stored encrypted, never logged or returned. */
  readonly secretsSchema: z.ZodType<Secrets>;
  /** Form fields, config first then secrets (kind 'secret'). */
  readonly fields: readonly ConnectorField[];
  /** What the channel allows. `broad`: a source of everyone's posts (feeds, hashtag search), filtered by the brand's listening query. */
  readonly capabilities: { publicReply: boolean; privateMessage: boolean; webhook: boolean; broad: boolean };
  /** New items since the cursor. Throws on failure (the service records the error and backs off). */
  fetch(ctx: ConnectorContext<Config, Secrets>): Promise<FetchResult>;
  /** Publish a reply; only when capabilities say it can. Throws PermanentDeliveryError when no retry can help. */
  send?(ctx: ConnectorContext<Config, Secrets>, message: OutgoingMessage): Promise<SendResult>;
  /**
   * Whether this connection can publish replies as configured (e-mail without an SMTP host cannot); absent: it can
   * whenever it has `send`. A connection that cannot is answered by hand.
   */
  canSend?(config: Config): boolean;
  /** Items pushed by the channel to its webhook (Telegram updates), when `capabilities.webhook`. */
  receive?(ctx: ConnectorContext<Config, Secrets>, body: unknown): IncomingItem[];
  /**
   * Waits until the channel holds something new after the cursor (IMAP IDLE): true as soon as it does, false when
   * `timeoutMs` passes, the signal aborts or the server cannot push. It fetches nothing: the caller then fetches.
   */
  watch?(ctx: ConnectorContext<Config, Secrets>, timeoutMs: number): Promise<boolean>;
  /**
   * Where the channel can be told to push (Telegram's setWebhook): the service calls `set` with Defuse's hook URL
   * and the connection's webhook secret when a connection's config says `webhook: true` (added, switched on,
   * resumed, its token changed), and `remove` when it is switched off, paused or removed. In webhook mode the
   * connector's `fetch` returns nothing (the channel pushes).
   */
  webhook?: {
    set(ctx: ConnectorContext<Config, Secrets>, url: string, secret: string): Promise<void>;
    remove(ctx: ConnectorContext<Config, Secrets>): Promise<void>;
  };
}

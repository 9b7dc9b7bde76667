/**
 * Channel connections (issue 14): a brand's connection to a channel (an RSS
 * feed, a mailbox, a bot…) with its config, its secrets sealed with the
 * installation key, its listening query, the cursor of the last stored fetch
 * and its health; and `channel_items`, the newest fetched items of each
 * connection (at most 500 kept), which the listening preview runs over.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('channel_connections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('brand_id', 'text', (c) => c.notNull().references('brands.id').onDelete('cascade'))
    .addColumn('channel_id', 'text', (c) => c.notNull().references('channels.id'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('secrets', 'text')
    .addColumn('query', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('cursor', 'text')
    .addColumn('last_polled_at', 'text')
    .addColumn('last_success_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('last_error_at', 'text')
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_poll_at', 'text')
    .addColumn('error_notified', 'integer', (c) => c.notNull().defaultTo(0))
    // Seconds between the newest item's date and the fetch that stored it (the channel's lag).
    .addColumn('lag_seconds', 'integer')
    // A fetch in progress holds the connection until then, so two workers never fetch it at once.
    .addColumn('claimed_until', 'text')
    // The webhook secret's SHA-256 (connectors with a webhook); the secret itself is shown once.
    .addColumn('hook_secret_hash', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('channel_connections_brand').on('channel_connections').columns(['brand_id', 'created_at']).execute();
  await db.schema.createIndex('channel_connections_due').on('channel_connections').columns(['status', 'next_poll_at']).execute();

  await db.schema
    .createTable('channel_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('connection_id', 'text', (c) => c.notNull().references('channel_connections.id').onDelete('cascade'))
    .addColumn('brand_id', 'text', (c) => c.notNull().references('brands.id').onDelete('cascade'))
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('author_handle', 'text', (c) => c.notNull())
    .addColumn('link', 'text')
    .addColumn('created_at', 'text')
    .addColumn('fetched_at', 'text', (c) => c.notNull())
    .addColumn('matched', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('channel_items_connection_external', ['connection_id', 'external_id'])
    .execute();
  await db.schema.createIndex('channel_items_brand').on('channel_items').columns(['brand_id', 'fetched_at']).execute();
  await db.schema.createIndex('channel_items_connection').on('channel_items').columns(['connection_id', 'fetched_at']).execute();
}

/**
 * Indexes for the campaign detector's per-mention work, so it stays bounded
 * however much has arrived: candidates are read per band key within the time
 * window (newest first, a bounded number per key) instead of scanning every
 * band row of the window, and whether an author is already in a campaign is
 * answered through the author's own mentions.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  // The time-only index led SQLite's planner to scan every band row of the window: replaced, not kept beside.
  await db.schema.dropIndex('mention_bands_time').execute();
  await db.schema.createIndex('mention_bands_key_time').on('mention_bands').columns(['brand_id', 'band_key', 'posted_at', 'mention_id']).execute();
  await db.schema.createIndex('mentions_author').on('mentions').columns(['author_id', 'posted_at']).execute();
}

/**
 * Detection of systemic problems and coordinated campaigns: MinHash band keys
 * of each mention (to find near-duplicates without comparing all pairs), the
 * campaigns found and their mentions, and spike alerts per topic.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('mention_signatures')
    .addColumn('mention_id', 'text', (c) => c.primaryKey().references('mentions.id').onDelete('cascade'))
    .addColumn('brand_id', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.notNull())
    .addColumn('posted_at', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('mention_bands')
    .addColumn('brand_id', 'text', (c) => c.notNull())
    .addColumn('band_key', 'text', (c) => c.notNull())
    .addColumn('mention_id', 'text', (c) => c.notNull().references('mentions.id').onDelete('cascade'))
    .addColumn('posted_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('mention_bands_pk', ['brand_id', 'band_key', 'mention_id'])
    .execute();
  await db.schema.createIndex('mention_bands_time').on('mention_bands').columns(['brand_id', 'posted_at']).execute();

  await db.schema
    .createTable('campaigns')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('brand_id', 'text', (c) => c.notNull().references('brands.id').onDelete('cascade'))
    .addColumn('sample', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('authors', 'integer', (c) => c.notNull())
    .addColumn('first_at', 'text', (c) => c.notNull())
    .addColumn('last_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('campaign_mentions')
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id').onDelete('cascade'))
    .addColumn('mention_id', 'text', (c) => c.notNull().references('mentions.id').onDelete('cascade'))
    .addColumn('case_id', 'text')
    .addPrimaryKeyConstraint('campaign_mentions_pk', ['campaign_id', 'mention_id'])
    .execute();
  await db.schema.createIndex('campaign_mentions_mention').on('campaign_mentions').columns(['mention_id']).execute();
  await db.schema.createIndex('campaign_mentions_case').on('campaign_mentions').columns(['case_id']).execute();

  await db.schema
    .createTable('systemic_alerts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('brand_id', 'text', (c) => c.notNull().references('brands.id').onDelete('cascade'))
    .addColumn('series', 'text', (c) => c.notNull())
    .addColumn('window_start', 'text', (c) => c.notNull())
    .addColumn('observed', 'integer', (c) => c.notNull())
    .addColumn('expected', 'text', (c) => c.notNull())
    .addColumn('p_value', 'text', (c) => c.notNull())
    .addColumn('examples', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('systemic_alerts_brand').on('systemic_alerts').columns(['brand_id', 'series', 'created_at']).execute();
}

/**
 * Calls to the second-opinion model, one row per attempt: its slot (now, or a
 * reserved later one under the rate limit) and what it answered (or why not),
 * so the per-brand rate limit and daily cap survive a restart and the
 * outcomes can be counted.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('second_opinions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('brand_id', 'text', (c) => c.notNull().references('brands.id').onDelete('cascade'))
    .addColumn('mention_id', 'text', (c) => c.notNull().references('mentions.id').onDelete('cascade'))
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('model', 'text')
    .addColumn('latency_ms', 'integer')
    .addColumn('detail', 'text')
    .execute();
  await db.schema.createIndex('second_opinions_brand_time').on('second_opinions').columns(['brand_id', 'requested_at']).execute();
  await db.schema.createIndex('second_opinions_mention').on('second_opinions').columns(['mention_id']).execute();
}

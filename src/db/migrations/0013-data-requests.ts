/**
 * People's data: when an author's (or an old mention's) content was erased —
 * on mentions, authors and cases, so retention and repeated requests skip
 * what is done — and an installation-wide audit trail of data requests
 * (who erased what, when, how many items), which a case's own trail cannot
 * hold (an erasure spans many cases, or none).
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('mentions').addColumn('erased_at', 'text').execute();
  await db.schema.alterTable('authors').addColumn('erased_at', 'text').execute();
  await db.schema.alterTable('cases').addColumn('erased_at', 'text').execute();
  await db.schema
    .createTable('audit_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('brand_id', 'text', (c) => c.notNull().references('brands.id').onDelete('cascade'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('actor_type', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_events_brand').on('audit_events').columns(['brand_id', 'created_at']).execute();
}

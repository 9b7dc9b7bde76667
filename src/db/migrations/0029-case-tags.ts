/**
 * Case tags (issue 16): a team's own labels on cases. One row per tag on a case; the tag is kept normalised
 * (domain/cases/tags.ts). The primary key (case_id, tag) gives a case's tags and tests one tag on one case; the
 * index (brand_id, tag, case_id) lists a brand's tags with their counts and finds the cases carrying a tag, from
 * the index alone, so the inbox's `tag=` filter walks that index.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('case_tags')
    .addColumn('brand_id', 'text', (c) => c.notNull().references('brands.id').onDelete('cascade'))
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('tag', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    // The person who put it on (null: an API token or the system).
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addPrimaryKeyConstraint('case_tags_pk', ['case_id', 'tag'])
    .execute();
  await db.schema.createIndex('case_tags_brand_tag').on('case_tags').columns(['brand_id', 'tag', 'case_id']).execute();
}

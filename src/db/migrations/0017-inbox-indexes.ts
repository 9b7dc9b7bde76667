/**
 * Indexes for the inbox sorted by deadline (`sort=due`): the soonest response
 * deadline first, ties by id, read in index order for the whole brand and
 * for one status, so a page stops after its rows whatever the inbox's size.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema.createIndex('cases_brand_due').on('cases').columns(['brand_id', 'response_due_at', 'id']).execute();
  await db.schema.createIndex('cases_brand_status_due').on('cases').columns(['brand_id', 'status', 'response_due_at', 'id']).execute();
}

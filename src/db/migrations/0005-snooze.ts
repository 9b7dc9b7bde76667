/** Snoozing a case: it waits, out of the way, until a chosen time, then comes back to work. */
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('cases').addColumn('snoozed_until', 'text').execute();
  await db.schema.createIndex('cases_snoozed').on('cases').columns(['snoozed_until']).execute();
}

/**
 * Imported history: a mention imported with `defuse import --history` is
 * marked so, whenever it is processed (the job may be re-queued by the
 * sweeper), and is filed as history — its case gets no deadline.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .alterTable('mentions')
    .addColumn('history', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

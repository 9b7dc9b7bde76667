/**
 * A password someone was handed rather than chose (issue 16): the first administrator's generated password and
 * `defuse user add` without `--password`. The desk asks its holder to choose their own; choosing one (a change or
 * a reset link) clears it.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('password_temporary', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

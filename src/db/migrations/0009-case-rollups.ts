/**
 * Daily counts of cases by the day they opened — how many, how many
 * answered, and their first-response minutes — so a quarter's response
 * figures read a few thousand rows, not every case. Filled from the cases.
 */
import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../database.js';

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('case_daily')
    .addColumn('brand_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('cases', 'integer', (c) => c.notNull())
    .addColumn('answered', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_daily_pk', ['brand_id', 'day'])
    .execute();
  await db.schema
    .createTable('response_daily')
    .addColumn('brand_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('minutes', 'integer', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('response_daily_pk', ['brand_id', 'day', 'minutes'])
    .execute();
  await sql`INSERT INTO case_daily (brand_id, day, cases, answered)
    SELECT brand_id, substr(opened_at, 1, 10), count(*), count(first_response_at) FROM cases GROUP BY brand_id, substr(opened_at, 1, 10)`.execute(db);
  await sql`INSERT INTO response_daily (brand_id, day, minutes, n)
    SELECT brand_id, substr(opened_at, 1, 10), first_response_minutes, count(*) FROM cases WHERE first_response_minutes IS NOT NULL
    GROUP BY brand_id, substr(opened_at, 1, 10), first_response_minutes`.execute(db);
}

/**
 * Reply delivery: how each reply went out (channel adapter), its delivery
 * state and attempts, and the id the channel gave it.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  const columns: Array<[string, 'text' | 'integer', number?]> = [
    ['delivery_channel', 'text'],
    ['delivery_status', 'text'],
    ['delivery_attempts', 'integer', 0],
    ['delivery_error', 'text'],
    ['delivered_at', 'text'],
    ['external_id', 'text'],
    ['checked_findings', 'text'],
  ];
  for (const [name, type, def] of columns) {
    await db.schema
      .alterTable('replies')
      .addColumn(name, type, (c) => (def === undefined ? c : c.notNull().defaultTo(def)))
      .execute();
  }
}

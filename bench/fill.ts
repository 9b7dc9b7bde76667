/** Helpers the benchmarks share to fill a database fast. */
import type { Insertable, Kysely, Transaction } from 'kysely';
import type { DefuseDatabase } from '../src/db/schema.js';

/** One transaction of multi-row inserts, `size` rows a statement, table by table in the order given. */
export async function insertInBatches(
  db: Kysely<DefuseDatabase>,
  tables: Array<{ [T in keyof DefuseDatabase]: [T, Array<Insertable<DefuseDatabase[T]>>, number] }[keyof DefuseDatabase]>,
): Promise<void> {
  await db.transaction().execute(async (trx: Transaction<DefuseDatabase>) => {
    for (const [table, rows, size] of tables)
      for (let k = 0; k < rows.length; k += size)
        await trx
          .insertInto(table)
          .values(rows.slice(k, k + size))
          .execute();
  });
}

/** A bench case's columns for the work it has not had: no fix, no follow-up, no snooze, no approvals needed. */
export const UNWORKED_CASE = {
  replies_need_approval: 0,
  fix_ref: null,
  fix_shipped_at: null,
  follow_up_state: null,
  follow_up_at: null,
  follow_up_reason: null,
  snoozed_until: null,
} as const;

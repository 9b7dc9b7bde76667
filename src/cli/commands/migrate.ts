/** `defuse migrate`: create or update the database schema. */
import { loadConfig } from '../../config/env.js';
import { openDatabase } from '../../db/database.js';
import { migrateToLatest } from '../../db/migrate.js';

export async function migrate(): Promise<void> {
  const database = openDatabase(loadConfig().database);
  try {
    const applied = await migrateToLatest(database);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
  } finally {
    await database.close();
  }
}

/**
 * Opens the Kysely database for the configured dialect: SQLite through
 * better-sqlite3 (WAL, foreign keys on) or PostgreSQL through a pg pool.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { createRequire } from 'node:module';
import type SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import type pg from 'pg';
import type { DatabaseConfig } from '../config/env.js';
import type { DefuseDatabase } from './schema.js';

export type Dialect = DatabaseConfig['dialect'];

export interface Database {
  db: Kysely<DefuseDatabase>;
  dialect: Dialect;
  config: DatabaseConfig;
  close(): Promise<void>;
}

// The driver of the configured dialect only is loaded (each takes a moment to load; a CLI command needs one).
const require = createRequire(import.meta.url);

export function openDatabase(config: DatabaseConfig): Database {
  if (config.dialect === 'sqlite') {
    if (config.filename !== ':memory:') mkdirSync(dirname(config.filename), { recursive: true });
    const SQLiteDatabase = require('better-sqlite3') as typeof SQLite;
    const sqlite = new SQLiteDatabase(config.filename);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    const db = new Kysely<DefuseDatabase>({ dialect: new SqliteDialect({ database: sqlite }) });
    return { db, dialect: 'sqlite', config, close: () => db.destroy() };
  }
  const pgModule = require('pg') as typeof pg;
  // COUNT(*) and bigint come back from pg as strings; the domain wants numbers.
  pgModule.types.setTypeParser(pgModule.types.builtins.INT8, (v) => Number.parseInt(v, 10));
  const pool = new pgModule.Pool({ connectionString: config.connectionString, max: 10 });
  // An idle client dropped by the server must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  const db = new Kysely<DefuseDatabase>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', config, close: () => db.destroy() };
}

/**
 * Opens the Kysely database for the configured dialect: SQLite through
 * better-sqlite3 (WAL, foreign keys on) or PostgreSQL through a pg pool.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { createRequire } from 'node:module';
import type SQLite from 'better-sqlite3';
import { textHasTerms } from '../domain/mentions/search-text.js';
import { CompiledQuery, type DatabaseConnection, Kysely, PostgresDialect, SqliteDialect, type SqliteDialectConfig, SqliteDriver } from 'kysely';
import type pg from 'pg';
import type { DatabaseConfig } from '../config/env.js';
import type { DefuseDatabase } from './schema.js';
import { type SqliteWriteLock, writeLockFor } from './sqlite-write-lock.js';

export type Dialect = DatabaseConfig['dialect'];

export interface Database {
  db: Kysely<DefuseDatabase>;
  dialect: Dialect;
  config: DatabaseConfig;
  close(): Promise<void>;
}

// The driver of the configured dialect only is loaded (each takes a moment to load; a CLI command needs one).
const require = createRequire(import.meta.url);

/**
 * SQLite transactions that take the write lock when they begin (`BEGIN
 * IMMEDIATE`). A deferred transaction that reads first and writes later
 * cannot wait for another process's commit: its snapshot is stale, and
 * SQLite answers SQLITE_BUSY_SNAPSHOT ("database is locked") at once, whatever
 * the busy timeout. Taking the lock first makes a CLI write next to a running
 * server (or two workers) wait its turn for up to the busy timeout instead.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  /** Whether this connection's transaction holds the threads' write lock. */
  private holding = false;

  constructor(
    config: SqliteDialectConfig,
    /** Shared by the threads of this process (sqlite-write-lock.ts): the server's thread writes first. */
    private readonly writeLock: SqliteWriteLock | null,
  ) {
    super(config);
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    this.holding = this.writeLock?.acquire(SQLITE_BUSY_TIMEOUT_MS) ?? false;
    try {
      await connection.executeQuery(CompiledQuery.raw('begin immediate'));
    } catch (err) {
      this.giveBack();
      throw err;
    }
  }

  override async commitTransaction(connection: DatabaseConnection): Promise<void> {
    // A failed commit is followed by the rollback, which gives the lock back.
    await super.commitTransaction(connection);
    this.giveBack();
  }

  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await super.rollbackTransaction(connection);
    } finally {
      this.giveBack();
    }
  }

  private giveBack(): void {
    if (this.holding) this.writeLock?.release();
    this.holding = false;
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(
    private readonly sqliteConfig: SqliteDialectConfig,
    private readonly writeLock: SqliteWriteLock | null,
  ) {
    super(sqliteConfig);
  }
  override createDriver(): SqliteDriver {
    return new ImmediateSqliteDriver(this.sqliteConfig, this.writeLock);
  }
}

/** Prepared statements kept per connection: the pipeline runs the same few dozen queries for every mention. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * The better-sqlite3 connection as Kysely sees it, preparing each distinct SQL text once: re-preparing took
 * about 14 % of the pipeline's CPU. Least recently used statements are dropped past STATEMENT_CACHE_SIZE.
 * (Nothing streams results, so a cached statement is never busy when it is used again.)
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDialectConfig['database'] {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => {
      cache.clear();
      sqlite.close();
    },
    prepare: (sql: string) => {
      let stmt = cache.get(sql);
      if (stmt) cache.delete(sql);
      else stmt = sqlite.prepare(sql);
      cache.set(sql, stmt);
      if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      return stmt;
    },
  };
}

/** How long a SQLite write waits for another process's transaction before giving up. */
const SQLITE_BUSY_TIMEOUT_MS = 15_000;

/** The `options` parameter of a PostgreSQL URL ('' when none, or when it is not a URL). */
function urlOptions(connectionString: string): string {
  try {
    return new URL(connectionString).searchParams.get('options') ?? '';
  } catch {
    return '';
  }
}

export function openDatabase(config: DatabaseConfig): Database {
  if (config.dialect === 'sqlite') {
    if (config.filename !== ':memory:') mkdirSync(dirname(config.filename), { recursive: true });
    const SQLiteDatabase = require('better-sqlite3') as typeof SQLite;
    const sqlite = new SQLiteDatabase(config.filename);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    // The full-text test of one row (terms joined by spaces), for queries that walk rows in order (full-text.ts).
    sqlite.function('defuse_has_terms', { deterministic: true }, (text: unknown, terms: unknown) =>
      typeof text === 'string' && typeof terms === 'string' && textHasTerms(text, terms.split(' ')) ? 1 : 0,
    );
    const db = new Kysely<DefuseDatabase>({
      dialect: new ImmediateSqliteDialect({ database: withStatementCache(sqlite) }, writeLockFor(config.filename)),
    });
    return { db, dialect: 'sqlite', config, close: () => db.destroy() };
  }
  const pgModule = require('pg') as typeof pg;
  // COUNT(*) and bigint come back from pg as strings; the domain wants numbers.
  pgModule.types.setTypeParser(pgModule.types.builtins.INT8, (v) => Number.parseInt(v, 10));
  const pool = new pgModule.Pool({ connectionString: config.connectionString, max: 10 });
  // An idle client dropped by the server must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  // JIT off for the desk's sessions: its pages are short queries, which PostgreSQL's JIT (on by default, used above a
  // planner cost that a walk over a large inbox reaches) compiled for 50–800 ms (the inbox's p99 at 300,000 mentions
  // went from 870 ms to 57 ms without it). A SET on each new connection, not a startup option, which PgBouncer
  // refuses; a jit setting of the operator's own (`options` in DATABASE_URL, or PGOPTIONS) is left to decide.
  // And synchronized scans off: a scan of a large table otherwise starts where the last one stopped, so the inbox's
  // capped count of a common word (the first 1,001 matches of a scan of mentions) changed from one page to the next
  // (782, 760, … at a million); from the table's start it is the same each time, and the same as SQLite's (812).
  const ownJit = /jit/i.test(`${urlOptions(config.connectionString)} ${process.env.PGOPTIONS ?? ''}`);
  const settings = `${ownJit ? '' : 'SET jit = off; '}SET synchronize_seqscans = off`;
  pool.on('connect', (client) => void client.query(settings).catch(() => undefined));
  const db = new Kysely<DefuseDatabase>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', config, close: () => db.destroy() };
}

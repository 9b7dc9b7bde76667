/**
 * Backups and restores of the database. SQLite: SQLite's online backup API
 * (through better-sqlite3), which copies a consistent snapshot while the desk
 * keeps writing, and restores the same way into the configured file after
 * checking the backup is a Defuse database this version knows, migrating it
 * forward first. PostgreSQL: `pg_dump --format=custom`, and a restore through
 * `pg_restore | psql` in one transaction (the old schema is dropped in it, so
 * a failed restore leaves the database as it was).
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type SQLite from 'better-sqlite3';
import type { DatabaseConfig } from '../config/env.js';
import { openDatabase } from './database.js';
import { MIGRATION_NAMES, migrateToLatest } from './migrate.js';

const require = createRequire(import.meta.url);
const sqlite = () => require('better-sqlite3') as typeof SQLite;

/** A backup or restore refused or failed, with what to do (the CLI prints it). */
export class BackupError extends Error {
  constructor(
    message: string,
    /** 2: refused (bad file, in use, tool missing); 3: failed on the way. */
    readonly code: 2 | 3 = 2,
  ) {
    super(message);
    this.name = 'BackupError';
  }
}

/** The migrations a backup was made at; throws unless every one is known to this version. */
function checkMigrations(names: string[], what: string): string[] {
  if (!names.length) throw new BackupError(`${what} is not a Defuse database (no migrations recorded)`);
  const unknown = names.filter((n) => !MIGRATION_NAMES.includes(n));
  if (unknown.length) throw new BackupError(`${what} was made by a newer Defuse (migration ${unknown.join(', ')} is unknown here): upgrade first`);
  return names;
}

// ---------------------------------------------------------------- SQLite

/** Copies the SQLite database to `output` with the online backup API: a consistent snapshot, while writers go on. */
export async function backupSqlite(filename: string, output: string): Promise<{ pages: number }> {
  if (!existsSync(filename)) throw new BackupError(`no database at ${filename}`);
  if (existsSync(output)) throw new BackupError(`${output} exists: give a new file`);
  const db = new (sqlite())(filename, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 15000');
    // Every page in one step, under one read lock: a consistent snapshot (WAL lets the desk write meanwhile). Copied
    // a few pages at a time instead, each write by another connection would restart the copy, and a busy desk would
    // keep it from ever finishing.
    const r = await db.backup(output, { progress: () => 0x7fffffff });
    return { pages: r.totalPages };
  } finally {
    db.close();
  }
}

/** The migrations recorded in a SQLite file; throws if it is not a Defuse database this version knows. */
export function inspectSqliteBackup(file: string): string[] {
  if (!existsSync(file)) throw new BackupError(`no file ${file}`);
  let db: SQLite.Database;
  try {
    db = new (sqlite())(file, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new BackupError(`${file} is not a SQLite database (${(err as Error).message})`);
  }
  try {
    const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map((r) => r.name));
    if (!tables.has('kysely_migration') || !tables.has('brands') || !tables.has('mentions'))
      throw new BackupError(`${file} is not a Defuse database`);
    const names = (db.prepare('SELECT name FROM kysely_migration ORDER BY name').all() as Array<{ name: string }>).map((r) => r.name);
    const integrity = db.pragma('quick_check', { simple: true });
    if (integrity !== 'ok') throw new BackupError(`${file} is damaged (quick_check: ${String(integrity)})`);
    return checkMigrations(names, file);
  } catch (err) {
    if (err instanceof BackupError) throw err;
    throw new BackupError(`${file} is not a SQLite database (${(err as Error).message})`);
  } finally {
    db.close();
  }
}

/**
 * True when another connection has the database open (a running desk or
 * worker): in WAL mode every open connection holds a shared lock, so an
 * exclusive one cannot be had.
 */
export function sqliteInUse(filename: string): boolean {
  if (!existsSync(filename)) return false;
  const db = new (sqlite())(filename, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 0');
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('COMMIT');
    return false;
  } catch {
    return true;
  } finally {
    db.close();
  }
}

/**
 * Restores a SQLite backup into `target`: checks it (a Defuse database, only
 * known migrations, not damaged), refuses while the target is in use unless
 * `force`, migrates a copy forward, then writes it into the target with the
 * backup API (under SQLite's locks). The backup file itself is not changed.
 */
export async function restoreSqlite(
  file: string,
  target: string,
  options: { force?: boolean } = {},
): Promise<{ migrations: string[]; applied: string[] }> {
  const migrations = inspectSqliteBackup(file);
  if (!options.force && sqliteInUse(target)) {
    throw new BackupError(`${target} is in use (is the desk or a worker running?): stop it and run restore again, or pass --force`);
  }
  mkdirSync(dirname(target), { recursive: true });
  const tmp = `${target}.restore-${process.pid}.tmp`;
  const clean = () => {
    for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`]) rmSync(f, { force: true });
  };
  clean();
  try {
    copyFileSync(file, tmp);
    const database = openDatabase({ dialect: 'sqlite', filename: tmp });
    let applied: string[];
    try {
      applied = await migrateToLatest(database);
    } finally {
      await database.close();
    }
    const source = new (sqlite())(tmp, { fileMustExist: true });
    try {
      await source.backup(target);
    } finally {
      source.close();
    }
    return { migrations, applied };
  } finally {
    clean();
  }
}

// ---------------------------------------------------------------- PostgreSQL

/** The commands the README documents, as run here (the connection string is passed with --dbname). */
export function pgDumpArgs(connectionString: string, output: string): string[] {
  return ['--format=custom', '--no-owner', '--no-privileges', `--file=${output}`, `--dbname=${connectionString}`];
}

function run(cmd: string, args: string[], input?: NodeJS.ReadableStream, prelude?: string): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', (e: NodeJS.ErrnoException) =>
      reject(
        e.code === 'ENOENT' ? new BackupError(`${cmd} is not on PATH: install the PostgreSQL client tools (apt-get install postgresql-client)`) : e,
      ),
    );
    child.on('close', (code) => resolve({ code: code ?? 1, out, err }));
    if (prelude) child.stdin.write(prelude);
    if (input) input.pipe(child.stdin);
    else child.stdin.end();
  });
}

/** `pg_dump --format=custom` of the database to `output`. */
export async function backupPostgres(connectionString: string, output: string): Promise<void> {
  if (existsSync(output)) throw new BackupError(`${output} exists: give a new file`);
  const r = await run('pg_dump', pgDumpArgs(connectionString, output));
  if (r.code !== 0) throw new BackupError(`pg_dump failed: ${r.err.trim()}`, 3);
}

/** The migrations recorded in a pg_dump custom-format file (its kysely_migration rows). */
export async function inspectPostgresBackup(file: string): Promise<string[]> {
  if (!existsSync(file)) throw new BackupError(`no file ${file}`);
  const r = await run('pg_restore', ['--data-only', '--table=kysely_migration', '--file=-', file]);
  if (r.code !== 0) throw new BackupError(`${file} is not a pg_dump custom-format backup (${r.err.trim()})`);
  const copy = /COPY \S*kysely_migration \([^)]*\) FROM stdin;\n([\s\S]*?)\n\\\./.exec(r.out);
  const names = (copy?.[1] ?? '')
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split('\t')[0]!);
  return checkMigrations(names, file);
}

/**
 * Restores a pg_dump backup: `pg_restore --file=-` piped into `psql
 * --single-transaction`, after dropping the current schemas (public, pgboss)
 * in the same transaction — so a failure leaves everything as it was — then
 * migrates forward.
 */
export async function restorePostgres(
  connectionString: string,
  file: string,
  options: { force?: boolean } = {},
): Promise<{ migrations: string[]; applied: string[] }> {
  const migrations = await inspectPostgresBackup(file);
  if (!options.force) {
    const others = await run('psql', [
      '-X',
      '-A',
      '-t',
      `--dbname=${connectionString}`,
      '-c',
      'SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    ]);
    if (others.code !== 0) throw new BackupError(`cannot reach the database: ${others.err.trim()}`);
    const n = Number.parseInt(others.out.trim(), 10);
    if (n > 0)
      throw new BackupError(
        `the database is in use (${n} other connection(s): is the desk or a worker running?): stop them and run restore again, or pass --force`,
      );
  }
  const script = spawn('pg_restore', ['--no-owner', '--no-privileges', '--file=-', file], { stdio: ['ignore', 'pipe', 'pipe'] });
  let scriptErr = '';
  script.stderr.on('data', (d: Buffer) => (scriptErr += d.toString()));
  const prelude = 'DROP SCHEMA IF EXISTS pgboss CASCADE;\nDROP SCHEMA IF EXISTS public CASCADE;\nCREATE SCHEMA public;\n';
  const r = await run(
    'psql',
    ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '--single-transaction', `--dbname=${connectionString}`, '-f', '-'],
    script.stdout,
    prelude,
  );
  if (r.code !== 0 || scriptErr.trim()) throw new BackupError(`restore failed, nothing changed: ${(r.err + scriptErr).trim()}`, 3);
  const database = openDatabase({ dialect: 'postgres', connectionString });
  try {
    return { migrations, applied: await migrateToLatest(database) };
  } finally {
    await database.close();
  }
}

/** Backs up the configured database to `output`. */
export async function backup(config: DatabaseConfig, output: string): Promise<string> {
  if (config.dialect === 'sqlite') {
    const r = await backupSqlite(config.filename, output);
    return `backed up ${config.filename} to ${output} (${r.pages} pages)`;
  }
  await backupPostgres(config.connectionString, output);
  return `backed up the PostgreSQL database to ${output} (pg_dump custom format)`;
}

/** Restores `file` into the configured database. */
export async function restore(config: DatabaseConfig, file: string, options: { force?: boolean } = {}): Promise<string> {
  const r =
    config.dialect === 'sqlite' ? await restoreSqlite(file, config.filename, options) : await restorePostgres(config.connectionString, file, options);
  return `restored ${file} (at ${r.migrations.at(-1)})${r.applied.length ? `; migrated forward: ${r.applied.join(', ')}` : ''}`;
}

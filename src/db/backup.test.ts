/**
 * Backups and restores (issue 15): on SQLite a backup taken while another
 * process writes is a consistent snapshot; restore checks the file, refuses a
 * database in use, migrates an older backup forward; on PostgreSQL the same
 * round trip through pg_dump and pg_restore. Backup → change → restore → the
 * data is back.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, type TestDatabase } from '../../test/support/databases.js';
import { buildMention } from '../../test/support/factories.js';
import { OPERATOR, openHarness, startHarness } from '../../test/support/harness.js';
import { ingestOne } from '../../test/support/requests.js';
import { BackupError, backup, backupSqlite, inspectSqliteBackup, restore, sqliteInUse } from './backup.js';
import { openDatabase } from './database.js';
import { sql } from 'kysely';

const require = createRequire(import.meta.url);
const Sqlite = require('better-sqlite3') as typeof SQLite;
const pgTools = spawnSync('pg_dump', ['--version']).status === 0;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'defuse-backup-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SQLite backup while the desk writes', () => {
  it('is a consistent snapshot: every transaction is in it whole or not at all', { timeout: 60_000 }, async () => {
    const file = join(dir, 'busy.db');
    const db = new Sqlite(file);
    db.pragma('journal_mode = WAL');
    db.exec(
      'CREATE TABLE ledger (id INTEGER PRIMARY KEY, filler TEXT NOT NULL); CREATE TABLE total (n INTEGER NOT NULL); INSERT INTO total VALUES (0);',
    );
    // Some bulk, so the copy is not instant.
    const fill = db.prepare('INSERT INTO ledger (filler) VALUES (?)');
    db.transaction(() => {
      for (let i = 0; i < 20_000; i++) fill.run('x'.repeat(200));
    })();
    db.close();
    // Another process writes without pause: each transaction adds a row and counts it.
    const writer = spawn(
      process.execPath,
      [
        '-e',
        `const D = require(${JSON.stringify(require.resolve('better-sqlite3'))});
         const db = new D(${JSON.stringify(file)}); db.pragma('busy_timeout = 5000');
         const add = db.transaction(() => { db.prepare("INSERT INTO ledger (filler) VALUES ('w')").run(); db.prepare('UPDATE total SET n = n + 1').run(); });
         let n = 0; const loop = () => { for (let i = 0; i < 20; i++) add(); n += 20; if (n % 200 === 0) process.stdout.write(n + '\\n'); setImmediate(loop); }; loop();`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolve) => writer.stdout.once('data', () => resolve()));
      expect(sqliteInUse(file)).toBe(true);
      const out = join(dir, 'busy-backup.db');
      await backupSqlite(file, out);
      const copy = new Sqlite(out, { readonly: true });
      const rows = (copy.prepare('SELECT count(*) AS n FROM ledger').get() as { n: number }).n;
      const total = (copy.prepare('SELECT n FROM total').get() as { n: number }).n;
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      copy.close();
      expect(total).toBeGreaterThan(0);
      expect(rows).toBe(20_000 + total);
    } finally {
      writer.kill();
    }
  });
});

describe.each(DIALECTS)('backup and restore on %s', (dialect) => {
  const run = dialect === 'sqlite' || pgTools;

  it.runIf(run)('backs up, and restores after a change: the data is back, the change gone', { timeout: 120_000 }, async () => {
    let h = await startHarness(dialect);
    const db: TestDatabase = h.db;
    try {
      const brandId = await h.createBrand('acme');
      const token = await h.createToken(brandId);
      const m = await ingestOne(h, token, buildMention({ text: 'Keep this complaint safe', author: { handle: '@kept' } }));
      const out = join(dir, `${dialect}-acme.backup`);
      expect(await backup(db.config, out)).toMatch(/backed up/);
      expect(existsSync(out)).toBe(true);
      await expect(backup(db.config, out)).rejects.toThrow(/exists/);

      // Changes after the backup: the author erased, a brand added.
      await h.container.personalData.erase(OPERATOR, brandId, m.authorId);
      await h.createBrand('later');
      expect((await h.container.store.repos.mentions.findById(m.id))!.text).toBe('[erased]');

      // While the desk runs, restore refuses.
      await expect(restore(db.config, out)).rejects.toThrow(/in use.*--force/);
      if (dialect === 'sqlite') {
        // --force restores under SQLite's locks; the open desk reads the restored data at once.
        expect(await restore(db.config, out, { force: true })).toMatch(/restored/);
        expect((await h.container.store.repos.mentions.findById(m.id))!.text).toBe('Keep this complaint safe');
        await h.container.personalData.erase(OPERATOR, brandId, m.authorId);
      }
      await h.close();

      expect(await restore(db.config, out)).toMatch(/restored/);
      h = await openHarness(dialect, db);
      expect((await h.container.store.repos.mentions.findById(m.id))!.text).toBe('Keep this complaint safe');
      expect((await h.container.store.repos.mentions.findAuthor(m.authorId))!.handle).toBe('@kept');
      expect(await h.container.store.repos.brands.findBySlug('later')).toBeUndefined();
      expect((await h.container.store.repos.brands.findBySlug('acme'))?.id).toBe(brandId);
    } finally {
      await h.close().catch(() => undefined);
      await db.drop();
    }
  });

  it.runIf(run)('migrates an older backup forward, and refuses files that are not Defuse backups it knows', { timeout: 120_000 }, async () => {
    const h = await startHarness(dialect);
    const db = h.db;
    try {
      await h.createBrand('acme');
      // Make the database look as it was before migration 0013.
      const k = h.container.database.db;
      await sql`DROP TABLE audit_events`.execute(k);
      for (const t of ['mentions', 'authors', 'cases']) await sql`ALTER TABLE ${sql.table(t)} DROP COLUMN erased_at`.execute(k);
      await sql`DELETE FROM kysely_migration WHERE name = '0013-data-requests'`.execute(k);
      const old = join(dir, `${dialect}-old.backup`);
      await backup(db.config, old);
      await h.close();
      expect(await restore(db.config, old)).toMatch(/migrated forward: 0013-data-requests/);
      const reopened = openDatabase(db.config);
      try {
        const names = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(reopened.db);
        expect(names.rows.map((r) => r.name)).toContain('0013-data-requests');
        await sql`SELECT erased_at FROM mentions`.execute(reopened.db);
        // A backup from a newer Defuse is refused before anything is touched.
        await sql`INSERT INTO kysely_migration (name, timestamp) VALUES ('9999-future', '2030-01-01')`.execute(reopened.db);
        const future = join(dir, `${dialect}-future.backup`);
        await reopened.close();
        await backup(db.config, future);
        await expect(restore(db.config, future)).rejects.toThrow(/newer Defuse \(migration 9999-future/);
      } finally {
        await reopened.close().catch(() => undefined);
      }
      const junk = join(dir, `${dialect}-junk.backup`);
      writeFileSync(junk, 'not a database at all, just text\n'.repeat(100));
      await expect(restore(db.config, junk)).rejects.toBeInstanceOf(BackupError);
    } finally {
      await db.drop();
    }
  });
});

describe('SQLite restore checks', () => {
  it('names what is wrong with a file that is not a Defuse database', () => {
    const text = join(dir, 'text.db');
    writeFileSync(text, 'hello');
    expect(() => inspectSqliteBackup(text)).toThrow(/not a SQLite database/);
    const other = join(dir, 'other.db');
    const db = new Sqlite(other);
    db.exec('CREATE TABLE t (x)');
    db.close();
    expect(() => inspectSqliteBackup(other)).toThrow(/not a Defuse database/);
    expect(() => inspectSqliteBackup(join(dir, 'missing.db'))).toThrow(/no file/);
  });
});

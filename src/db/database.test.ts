/**
 * The desk's own PostgreSQL sessions: JIT compilation is off (short page queries; JIT compiled the inbox's walks for
 * 50–800 ms at p99), unless the operator's connection options say otherwise; synchronized scans are off.
 */
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../../test/support/databases.js';
import { openDatabase } from './database.js';

describe.runIf(DIALECTS.includes('postgres'))('the PostgreSQL pool', () => {
  const dbs: TestDatabase[] = [];
  afterAll(async () => {
    for (const d of dbs) await d.drop();
  });

  const jitOf = async (connectionString: string) => {
    const d = openDatabase({ dialect: 'postgres', connectionString });
    try {
      return (await sql<{ jit: string }>`show jit`.execute(d.db)).rows[0]?.jit;
    } finally {
      await d.close();
    }
  };

  it('turns JIT off for its sessions, and keeps an explicit choice in DATABASE_URL', async () => {
    const db = await createTestDatabase('postgres');
    dbs.push(db);
    expect(await jitOf(db.url)).toBe('off');
    const url = new URL(db.url);
    url.searchParams.set('options', '-c jit=on');
    expect(await jitOf(url.toString())).toBe('on');
  });

  it('scans tables from their start (synchronized scans off), so a capped count reads the same rows each time', async () => {
    const db = await createTestDatabase('postgres');
    dbs.push(db);
    const d = openDatabase({ dialect: 'postgres', connectionString: db.url });
    try {
      const shown = await Promise.all(
        Array.from(
          { length: 3 },
          async () => (await sql<{ synchronize_seqscans: string }>`show synchronize_seqscans`.execute(d.db)).rows[0]?.synchronize_seqscans,
        ),
      );
      expect(shown).toEqual(['off', 'off', 'off']);
    } finally {
      await d.close();
    }
  });
});

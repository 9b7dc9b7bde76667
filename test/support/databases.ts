/**
 * The databases integration tests run on: SQLite always, PostgreSQL when it
 * answers on 127.0.0.1:5432 (in CI it must). Each test gets a fresh database.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { DatabaseConfig } from '../../src/config/env.js';

export type TestDialect = 'sqlite' | 'postgres';

const PG_ADMIN_URL = process.env.DEFUSE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function postgresAvailable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const pgUp = await postgresAvailable();
if (!pgUp && process.env.CI) throw new Error(`CI: PostgreSQL is not reachable at ${PG_ADMIN_URL}`);
if (!pgUp) console.warn('PostgreSQL not reachable: integration tests run on SQLite only');

/** The dialects to run integration tests against. */
export const DIALECTS: TestDialect[] = pgUp ? ['sqlite', 'postgres'] : ['sqlite'];

export interface TestDatabase {
  config: DatabaseConfig;
  url: string;
  drop(): Promise<void>;
}

/** A new, empty database of the given dialect. */
export async function createTestDatabase(dialect: TestDialect): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'defuse-test-'));
    const filename = join(dir, 'defuse.db');
    return {
      config: { dialect: 'sqlite', filename },
      url: `sqlite:${filename}`,
      drop: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
    };
  }
  const name = `defuse_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = PG_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
  return {
    config: { dialect: 'postgres', connectionString: url },
    url,
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * The statements a piece of code sends to the database, with their parameters, and the plan the database makes for
 * one of them: for tests that an index is used the way a query's comment says (a slow plan returns the same rows).
 */
import { createRequire } from 'node:module';
import { CompiledQuery, type Kysely } from 'kysely';
import pg from 'pg';
import type { TestDialect } from './databases.js';

const require = createRequire(import.meta.url);

export interface SentStatement {
  sql: string;
  params: unknown[];
}

/** Every statement this process sends while `fn` runs (better-sqlite3's statements, or every pg client's queries). */
export async function statementsSent(dialect: TestDialect, fn: () => Promise<unknown>): Promise<SentStatement[]> {
  const seen: SentStatement[] = [];
  if (dialect === 'sqlite') {
    const Database = require('better-sqlite3') as new (file: string) => { prepare(sql: string): object; close(): void };
    const probe = new Database(':memory:');
    const proto = Object.getPrototypeOf(probe.prepare('select 1')) as Record<string, (...args: unknown[]) => unknown>;
    probe.close();
    const originals = new Map<string, (...args: unknown[]) => unknown>();
    for (const m of ['all', 'get', 'run', 'iterate']) {
      const original = proto[m]!;
      originals.set(m, original);
      proto[m] = function (this: { source: string }, ...args: unknown[]) {
        // Kysely hands the parameters over as one array.
        seen.push({ sql: this.source, params: args.length === 1 && Array.isArray(args[0]) ? (args[0] as unknown[]) : args });
        return original.apply(this, args);
      };
    }
    try {
      await fn();
    } finally {
      for (const [m, original] of originals) proto[m] = original;
    }
    return seen;
  }
  return withPgQueries((sql, params) => seen.push({ sql, params }), fn).then(() => seen);
}

/** Calls `see` with every query any pg client of this process sends while `fn` runs (its text and parameters). */
async function withPgQueries(see: (sql: string, params: unknown[]) => void, fn: () => Promise<unknown>): Promise<void> {
  const proto = pg.Client.prototype as unknown as { query: (this: pg.Client, ...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: pg.Client, ...args: unknown[]) {
    const q = args[0] as string | { text?: string; values?: unknown[] };
    if (typeof q === 'string') see(q, Array.isArray(args[1]) ? (args[1] as unknown[]) : []);
    else see(String(q.text ?? ''), q.values ?? []);
    return original.apply(this, args);
  };
  try {
    await fn();
  } finally {
    proto.query = original;
  }
}

/**
 * The texts of the statements every pg connection of this process sends while `fn` runs, whitespace folded (lower
 * case with `lowerCase`), appended to `seen`, which keeps them when `fn` throws.
 */
export async function pgStatementTexts(fn: () => Promise<unknown>, seen: string[] = [], lowerCase = false): Promise<string[]> {
  await withPgQueries((sql) => {
    const text = sql.replace(/\s+/g, ' ').trim();
    seen.push(lowerCase ? text.toLowerCase() : text);
  }, fn);
  return seen;
}

/**
 * The plan of a statement, as lines of text. On PostgreSQL sequential scans are switched off for it, so that a tiny
 * test table is read through an index as a large one would be, and the plan shows which conditions the index takes.
 */
export async function planOf(dialect: TestDialect, db: Kysely<never>, statement: SentStatement): Promise<string[]> {
  if (dialect === 'sqlite') {
    const r = await db.executeQuery<{ detail: string }>(CompiledQuery.raw(`EXPLAIN QUERY PLAN ${statement.sql}`, statement.params));
    return r.rows.map((row) => row.detail);
  }
  return db.transaction().execute(async (trx) => {
    await trx.executeQuery(CompiledQuery.raw('SET LOCAL enable_seqscan = off'));
    const r = await trx.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`EXPLAIN ${statement.sql}`, statement.params));
    return r.rows.map((row) => row['QUERY PLAN']);
  });
}

/**
 * `npx tsx bench/pipeline-cost.ts [count]`: CPU time per mention of processing alone (classify → thread → plan →
 * detect → rollups), in this process, over the realistic stream, and the SQL statements (round trips) per mention.
 * Ingest is done first and not counted. On a temporary SQLite file by default; `BENCH_PG=1` on a fresh PostgreSQL
 * database (DEFUSE_TEST_PG_URL or postgres@127.0.0.1), dropped afterwards — there the CPU is this process's only,
 * PostgreSQL's own is not counted. `BENCH_STATEMENTS=1` also lists the statements by count (on SQLite, with the time
 * each takes in better-sqlite3, the database's own work included).
 * For profiling: `BENCH_PROFILE=out.cpuprofile npx tsx bench/pipeline-cost.ts` profiles the counted batches only
 * (not ingest or the model's load); `node --cpu-prof --import tsx bench/pipeline-cost.ts` the whole process.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type SQLite from 'better-sqlite3';
import pg from 'pg';
import pino from 'pino';
import { loadConfig } from '../src/config/env.js';
import { createContainer } from '../src/container.js';
import { MentionInputSchema } from '../src/domain/mentions/mention-input.js';
import { realisticStream } from './realistic-stream.js';

const count = Number(process.argv[2] ?? 2000);
const onPg = process.env.BENCH_PG === '1';
const PG_ADMIN = process.env.DEFUSE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

// Every statement sent over a pg connection is counted (BEGIN, savepoints and commits too).
const statements = new Map<string, number>();
let counting = false;
const counted = (text: string) => {
  if (!counting) return;
  const key = text.replace(/\s+/g, ' ').replace(/\$\d+/g, '?').slice(0, 140);
  statements.set(key, (statements.get(key) ?? 0) + 1);
};
const proto = pg.Client.prototype as unknown as { query: (this: pg.Client, ...args: unknown[]) => unknown };
const pgQuery = proto.query;
proto.query = function (this: pg.Client, ...args: unknown[]) {
  const q = args[0];
  counted(typeof q === 'string' ? q : String((q as { text?: string }).text ?? ''));
  return pgQuery.apply(this, args);
};

// On SQLite, with BENCH_STATEMENTS=1, each statement's runs are counted and timed (better-sqlite3 is synchronous:
// the time is the database's work for it).
const sqliteTimes = new Map<string, number>();
if (!onPg && process.env.BENCH_STATEMENTS === '1') {
  const Sqlite = createRequire(import.meta.url)('better-sqlite3') as typeof SQLite;
  const probe = new Sqlite(':memory:');
  const stmtProto = Object.getPrototypeOf(probe.prepare('select 1')) as Record<string, (...a: unknown[]) => unknown>;
  probe.close();
  for (const method of ['run', 'all', 'get', 'iterate']) {
    const original = stmtProto[method]!;
    stmtProto[method] = function (this: { source: string }, ...args: unknown[]) {
      const t = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        if (counting) {
          counted(this.source);
          const key = this.source.replace(/\s+/g, ' ').slice(0, 140);
          sqliteTimes.set(key, (sqliteTimes.get(key) ?? 0) + performance.now() - t);
        }
      }
    };
  }
}

let url: string;
let cleanup: () => Promise<void>;
if (onPg) {
  const name = `defuse_pipeline_cost_${process.pid}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  url = PG_ADMIN.replace(/\/[^/]*$/, `/${name}`);
  cleanup = async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  };
} else {
  const dir = mkdtempSync(join(tmpdir(), 'defuse-pipeline-cost-'));
  url = `sqlite:${join(dir, 'cost.db')}`;
  cleanup = () => {
    if (process.env.KEEP) console.log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
    return Promise.resolve();
  };
}
const config = loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent' });
const container = await createContainer(config, { logger: pino({ level: 'silent' }), queue: 'sql' });
const op = { type: 'system' as const, name: 'bench' };
const brand = await container.brands.createBrand(op, { slug: 'cost', name: 'Cost' });
const stream = realisticStream(count, { seed: 17, prefix: 'cost' }).map((m) => MentionInputSchema.parse(m));
const ids: string[] = [];
for (let i = 0; i < stream.length; i += 500) {
  const r = await container.ingest.ingest(op, brand.id, stream.slice(i, i + 500));
  for (const it of r.items) if (it.status === 'created') ids.push(it.id);
}
// Warm-up (model load, statement caches) on the first 100, not counted.
await container.pipeline.processMentions(ids.slice(0, 100));
const profileTo = process.env.BENCH_PROFILE;
const profiler = profileTo ? new Session() : undefined;
if (profiler) {
  profiler.connect();
  await profiler.post('Profiler.enable');
  await profiler.post('Profiler.start');
}
counting = true;
const before = process.cpuUsage();
const t0 = performance.now();
for (let i = 100; i < ids.length; i += 100) await container.pipeline.processMentions(ids.slice(i, i + 100));
const cpu = process.cpuUsage(before);
counting = false;
if (profiler) {
  const { profile } = await profiler.post('Profiler.stop');
  writeFileSync(profileTo!, JSON.stringify(profile));
  profiler.disconnect();
}
const ms = (cpu.user + cpu.system) / 1000;
const n = ids.length - 100;
const total = [...statements.values()].reduce((s, x) => s + x, 0);
console.log(
  `${onPg ? 'postgres' : 'sqlite'}: ${n} mentions processed: ${(ms / n).toFixed(3)} ms CPU per mention (${Math.round((n / ms) * 1000)} per CPU-second), wall ${(performance.now() - t0).toFixed(0)} ms` +
    (onPg || sqliteTimes.size ? `, ${(total / n).toFixed(2)} statements per mention` : ''),
);
if (process.env.BENCH_STATEMENTS === '1')
  for (const [text, k] of [...statements].sort((a, b) => (sqliteTimes.get(b[0]) ?? b[1]) - (sqliteTimes.get(a[0]) ?? a[1]))) {
    const t = sqliteTimes.get(text);
    console.log(`${(k / n).toFixed(3).padStart(8)}${t === undefined ? '' : `${((t * 1000) / n).toFixed(1).padStart(8)} µs`}  ${text}`);
  }
await container.close();
await cleanup();

/**
 * `npx tsx bench/pipeline-cost.ts [count]`: CPU time per mention of processing alone (classify → thread → plan →
 * detect → rollups), in this process, over the realistic stream, and the SQL statements (round trips) per mention.
 * Ingest is done first and not counted. On a temporary SQLite file by default; `BENCH_PG=1` on a fresh PostgreSQL
 * database (DEFUSE_TEST_PG_URL or postgres@127.0.0.1), dropped afterwards — there the CPU is this process's only,
 * PostgreSQL's own is not counted. `BENCH_STATEMENTS=1` also lists the statements by count.
 * For profiling: `node --cpu-prof --import tsx bench/pipeline-cost.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
counting = true;
const before = process.cpuUsage();
const t0 = performance.now();
for (let i = 100; i < ids.length; i += 100) await container.pipeline.processMentions(ids.slice(i, i + 100));
const cpu = process.cpuUsage(before);
counting = false;
const ms = (cpu.user + cpu.system) / 1000;
const n = ids.length - 100;
const total = [...statements.values()].reduce((s, x) => s + x, 0);
console.log(
  `${onPg ? 'postgres' : 'sqlite'}: ${n} mentions processed: ${(ms / n).toFixed(3)} ms CPU per mention (${Math.round((n / ms) * 1000)} per CPU-second), wall ${(performance.now() - t0).toFixed(0)} ms` +
    (onPg ? `, ${(total / n).toFixed(2)} statements per mention` : ''),
);
if (onPg && process.env.BENCH_STATEMENTS === '1')
  for (const [text, k] of [...statements].sort((a, b) => b[1] - a[1])) console.log(`${(k / n).toFixed(3).padStart(8)}  ${text}`);
await container.close();
await cleanup();

/**
 * `npx tsx bench/pipeline-cost.ts [count]`: CPU time per mention of processing alone (classify → thread → plan →
 * detect → rollups), in this process, on a temporary SQLite database, over the realistic stream. Ingest is done
 * first and not counted. For profiling: `node --cpu-prof --import tsx bench/pipeline-cost.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { loadConfig } from '../src/config/env.js';
import { createContainer } from '../src/container.js';
import { MentionInputSchema } from '../src/domain/mentions/mention-input.js';
import { realisticStream } from './realistic-stream.js';

const count = Number(process.argv[2] ?? 2000);
const dir = mkdtempSync(join(tmpdir(), 'defuse-pipeline-cost-'));
const config = loadConfig({ DATABASE_URL: `sqlite:${join(dir, 'cost.db')}`, LOG_LEVEL: 'silent' });
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
const before = process.cpuUsage();
const t0 = performance.now();
for (let i = 100; i < ids.length; i += 100) await container.pipeline.processMentions(ids.slice(i, i + 100));
const cpu = process.cpuUsage(before);
const ms = (cpu.user + cpu.system) / 1000;
const n = ids.length - 100;
console.log(
  `${n} mentions processed: ${(ms / n).toFixed(3)} ms CPU per mention (${Math.round((n / ms) * 1000)} per CPU-second), wall ${(performance.now() - t0).toFixed(0)} ms`,
);
await container.close();
if (process.env.KEEP) console.log(`kept ${dir}`);
else rmSync(dir, { recursive: true, force: true });

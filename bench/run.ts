/**
 * `npm run bench`: Defuse's speed figures, printed as a table.
 *
 * Ingest: mentions/s through the real HTTP API on loopback, batches of 100,
 * on SQLite and (when reachable) PostgreSQL. Processing: mentions/s through
 * the pipeline (classify + thread into cases + audit trail).
 */
import { benchListening } from './listening.bench.js';
import { benchReplyChecker } from './reply-checker.bench.js';
import { benchReport } from './report.bench.js';
import { runInboxBench } from './inbox.bench.js';
import { runStreamBench, streamTargets } from './stream.bench.js';
import { ManualClock } from '../src/domain/clock.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { loadConfig } from '../src/config/env.js';
import { createContainer } from '../src/container.js';
import { buildServer } from '../src/http/server.js';
import type { Actor } from '../src/services/access.js';
import { benchClassifier } from './classifier.bench.js';
import { benchClassifyCli } from './classify-cli.bench.js';

const TOTAL = Number(process.env.BENCH_MENTIONS ?? 20_000);
const BATCH = 100;
const CONCURRENCY = 4;
const OPERATOR: Actor = { type: 'system', name: 'bench' };
const PG_ADMIN = process.env.DEFUSE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const TEXTS = [
  'Заказ №{n} так и не доставили, поддержка молчит третий день',
  'Comanda {n} nu a ajuns, curierul nu răspunde la telefon',
  'الطلب رقم {n} لم يصل حتى الآن وخدمة العملاء لا ترد',
  'Order {n} still not here after two weeks, worst service ever',
];

function mention(i: number) {
  return {
    channel: i % 3 === 0 ? 'twitter' : i % 3 === 1 ? 'facebook' : 'reviews',
    external_id: `bench-${i}`,
    author: { handle: `author${i % 5000}`, name: `Author ${i % 5000}` },
    text: TEXTS[i % TEXTS.length]!.replace('{n}', String(100000 + i)),
    created_at: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
    public: i % 5 !== 0,
  };
}

async function benchDialect(label: string, url: string) {
  const config = loadConfig({
    DATABASE_URL: url,
    LOG_LEVEL: 'silent',
    PORT: '0',
    HOST: '127.0.0.1',
    DEFUSE_MAX_BODY_BYTES: String(16 * 1024 * 1024),
  });
  const clock = new ManualClock(new Date());
  const container = await createContainer(config, { logger: pino({ level: 'silent' }), queue: 'sql', clock });
  const app = await buildServer(container);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const brand = await container.brands.createBrand(OPERATOR, { slug: 'bench', name: 'Bench' });
  const { token } = await container.brands.createToken(OPERATOR, brand.id, 'bench');

  const batches: object[][] = [];
  for (let i = 0; i < TOTAL; i += BATCH) batches.push(Array.from({ length: Math.min(BATCH, TOTAL - i) }, (_, k) => mention(i + k)));

  const send = async (batch: object[]) => {
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/mentions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ mentions: batch }),
    });
    if (res.status >= 300) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
    await res.arrayBuffer();
  };

  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < batches.length) await send(batches[next++]!);
    }),
  );
  const ingestS = (performance.now() - t0) / 1000;

  // Re-sending everything must store nothing new.
  next = 0;
  const t1 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < batches.length) await send(batches[next++]!);
    }),
  );
  const resendS = (performance.now() - t1) / 1000;
  const stored = await container.store.repos.mentions.count({ brandId: brand.id });

  const ids = (await container.database.db.selectFrom('mentions').select('id').where('brand_id', '=', brand.id).orderBy('received_at').execute()).map(
    (r) => r.id,
  );
  const t2 = performance.now();
  for (let i = 0; i < ids.length; i += 500) await container.pipeline.processMentions(ids.slice(i, i + 500));
  const processS = (performance.now() - t2) / 1000;
  const cases = await container.store.repos.cases.count({ brandId: brand.id });

  const t3 = performance.now();
  const searches = 50;
  for (let i = 0; i < searches; i++) await container.store.repos.mentions.list({ brandId: brand.id, terms: ['curierul'] }, 50);
  const searchMs = (performance.now() - t3) / searches;

  // The scheduler catching up after a long stop: every open deadline is past; tick until nothing is left.
  clock.advance(60 * 24 * 3_600_000);
  let acted = 0;
  const t4 = performance.now();
  for (;;) {
    const r = await container.scheduler.tick();
    const n = r.breached + r.dueSoon + r.cooledDown + r.repliesSent + r.followUpsDue + r.snoozesEnded;
    if (!n) break;
    acted += n;
  }
  const tickS = (performance.now() - t4) / 1000;

  await app.close();
  await container.close();
  return {
    database: label,
    mentions: TOTAL,
    stored,
    'ingest /s': Math.round(TOTAL / ingestS),
    're-send /s': Math.round(TOTAL / resendS),
    'process /s': Math.round(ids.length / processS),
    cases,
    'search ms': Number(searchMs.toFixed(1)),
    'scheduler actions': acted,
    'scheduler /s': Math.round(acted / tickS),
  };
}

async function main() {
  console.log('Classifier (language, phrase lists, both models, rules), one core:');
  console.table([benchClassifier()]);
  console.log('defuse classify as a whole process (model load included), 20,000 mixed mentions:');
  console.table([benchClassifyCli()]);
  console.log('Reply checker (eleven rules, four languages), one core:');
  console.table([benchReplyChecker()]);
  console.log('Listening query (7 terms, 2 exclusions, compiled once), one core:');
  console.table([benchListening()]);
  const rows = [];
  const dir = mkdtempSync(join(tmpdir(), 'defuse-bench-'));
  try {
    rows.push(await benchDialect('sqlite', `sqlite:${join(dir, 'bench.db')}`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  try {
    await admin.connect();
    const name = `defuse_bench_${process.pid}`;
    await admin.query(`CREATE DATABASE ${name}`);
    try {
      rows.push(await benchDialect('postgres', PG_ADMIN.replace(/\/[^/]*$/, `/${name}`)));
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  } catch (err) {
    console.log(`PostgreSQL skipped: ${(err as Error).message}`);
  } finally {
    await admin.end().catch(() => undefined);
  }
  console.log(
    `\nIngest through the HTTP API (batches of ${BATCH}, ${CONCURRENCY} concurrent clients, loopback), then the pipeline called directly (no queue; 4 template texts):`,
  );
  console.table(rows);

  if (process.env.BENCH_STREAM_MENTIONS !== '0') {
    console.log(
      '\nA realistic stream through a real `defuse serve` (its job worker thread on SQLite; `defuse worker` processes on PostgreSQL), as users run it (BENCH_STREAM_MENTIONS=0 skips):',
    );
    const stream = await runStreamBench();
    console.table(stream);
    console.log('Targets (issue 17):');
    console.table(streamTargets(stream));
  }

  const reportMentions = Number(process.env.BENCH_REPORT_MENTIONS ?? 1_000_000);
  if (reportMentions > 0) {
    console.log(
      `\nQuarterly report over ${reportMentions.toLocaleString('en')} mentions (filling the database takes minutes; BENCH_REPORT_MENTIONS=0 skips):`,
    );
    const reports = [];
    const rdir = mkdtempSync(join(tmpdir(), 'defuse-report-bench-'));
    try {
      reports.push(await benchReport(`sqlite:${join(rdir, 'report.db')}`, 'sqlite', reportMentions));
    } finally {
      rmSync(rdir, { recursive: true, force: true });
    }
    const admin2 = new pg.Client({ connectionString: PG_ADMIN });
    try {
      await admin2.connect();
      const name = `defuse_report_bench_${process.pid}`;
      await admin2.query(`CREATE DATABASE ${name}`);
      try {
        reports.push(await benchReport(PG_ADMIN.replace(/\/[^/]*$/, `/${name}`), 'postgres', reportMentions));
      } finally {
        await admin2.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      }
    } catch (err) {
      console.log(`PostgreSQL skipped: ${(err as Error).message}`);
    } finally {
      await admin2.end().catch(() => undefined);
    }
    console.table(reports);
  }

  await runInboxBench(PG_ADMIN);
}

await main();

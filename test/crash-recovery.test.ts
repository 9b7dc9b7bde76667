/**
 * kill -9 at random (issue 15): a client streams batches of mentions through
 * the HTTP API with a brand token while the server — and on PostgreSQL the
 * separate `defuse worker` — is killed with SIGKILL at seeded random moments
 * and restarted. The client sends each batch again until it is acknowledged
 * (a 2xx). At the end, once everything is processed: every acknowledged
 * mention is stored exactly once and processed exactly once (one
 * `classified` event, daily counts equal to the mentions, each case's
 * mention_count equal to its mentions), and nothing acknowledged is lost.
 * The real compiled CLI over a fresh database per run.
 */
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/env.js';
import { createContainer } from '../src/container.js';
import { openDatabase } from '../src/db/database.js';
import { DIALECTS, createTestDatabase, type TestDatabase } from './support/databases.js';
import { OPERATOR } from './support/harness.js';
import { type DefuseProcess, freePort, spawnDefuse, waitHealthy } from './support/processes.js';
import { auditProcessing, exactlyOnce, mentionStream, seeded } from './support/processing-audit.js';
import { ScriptedClassifier } from './support/scripted-classifier.js';

const SEED = Number(process.env.DEFUSE_CRASH_SEED ?? 15);
const BATCHES = 16;
const BATCH = 25;
/** Kills this many times while the client streams and the backlog is processed (each restart takes seconds). */
const KILLS = 6;
/** A process is killed this long after it came up: between 0.5 and 3 s. */
const killDelay = (rnd: () => number) => 500 + Math.floor(rnd() * 2500);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(DIALECTS)('kill -9 recovery on %s', (dialect) => {
  let db: TestDatabase | undefined;
  const live = new Set<DefuseProcess>();
  afterAll(async () => {
    await Promise.all([...live].map((p) => p.kill9()));
    await db?.drop();
  });

  it('stores and processes every acknowledged mention exactly once across SIGKILLs', async () => {
    const started = Date.now();
    const rnd = seeded(SEED + (dialect === 'postgres' ? 1 : 0));
    db = await createTestDatabase(dialect);
    const setup = await createContainer(loadConfig({ DATABASE_URL: db.url, LOG_LEVEL: 'silent' }), {
      logger: pino({ level: 'silent' }),
      classifier: new ScriptedClassifier(),
    });
    const brand = await setup.brands.createBrand(OPERATOR, { slug: 'crash', name: 'Crash' });
    const token = (await setup.brands.createToken(OPERATOR, brand.id, 'crash-client')).token;
    await setup.close();

    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const env = {
      DATABASE_URL: db.url,
      PORT: String(port),
      HOST: '127.0.0.1',
      DEFUSE_ADMIN_PASSWORD: 'crash-test-password',
      // A mention whose job died with a process is queued again within seconds, not ten minutes.
      DEFUSE_SWEEP_INTERVAL_MS: '1000',
      DEFUSE_SWEEP_AFTER_MS: '3000',
      DEFUSE_JOB_POLL_MS: '200',
    };
    // SQLite: one `serve` runs the API and the jobs. PostgreSQL: an API process and a separate worker.
    const roles = dialect === 'postgres' ? (['server', 'worker'] as const) : (['server'] as const);
    type Role = (typeof roles)[number];
    const spawnRole = (role: Role) => {
      const p =
        role === 'server'
          ? spawnDefuse(dialect === 'postgres' ? ['serve', '--no-worker'] : ['serve'], env)
          : spawnDefuse(['worker'], { ...env, LOG_LEVEL: 'info' });
      live.add(p);
      return p;
    };
    const up = async (role: Role, p: DefuseProcess) => {
      if (role === 'server') await waitHealthy(p, `${base}/healthz`);
      else
        await expect
          .poll(
            () => {
              if (p.child.exitCode !== null) throw new Error(`the worker exited:\n${p.output()}`);
              return p.output().includes('Defuse worker is up');
            },
            { timeout: 60_000, interval: 100 },
          )
          .toBe(true);
    };
    const procs = new Map<Role, DefuseProcess>();
    for (const role of roles) {
      procs.set(role, spawnRole(role));
      await up(role, procs.get(role)!);
    }

    // The client: each batch again and again until a 2xx.
    const stream = mentionStream(BATCHES * BATCH, SEED, `crash-${dialect}`);
    const acknowledged = new Set<string>();
    let sends = 0;
    let clientDone = false;
    let streamedAt = 0;
    const client = (async () => {
      for (let b = 0; b < BATCHES; b++) {
        const batch = stream.slice(b * BATCH, (b + 1) * BATCH);
        for (;;) {
          sends++;
          const status = await fetch(`${base}/api/v1/mentions`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ mentions: batch }),
            signal: AbortSignal.timeout(15_000),
          }).then(
            async (r) => {
              await r.arrayBuffer();
              return r.status;
            },
            () => 0, // refused, reset or timed out: the server is down
          );
          if (status >= 200 && status < 300) break;
          if (status >= 400 && status < 500) throw new Error(`batch ${b} refused with ${status}`);
          await sleep(100);
        }
        for (const m of batch) acknowledged.add(m.external_id);
        await sleep(400); // a steady stream, so that kills land while it flows
      }
      clientDone = true;
      streamedAt = Date.now();
    })();

    // The killer: SIGKILL a process at a random moment after it came up, restart it, again.
    let kills = 0;
    const killed: Record<string, number> = {};
    let killedWhileStreaming = 0;
    const restartMs: number[] = [];
    while (kills < KILLS) {
      await sleep(killDelay(rnd));
      // On PostgreSQL: the API, the worker or both at once.
      const r = rnd();
      const victims: Role[] = roles.length === 1 ? ['server'] : r < 0.4 ? ['server'] : r < 0.8 ? ['worker'] : ['server', 'worker'];
      for (const role of victims) {
        const p = procs.get(role)!;
        await p.kill9();
        live.delete(p);
        killed[role] = (killed[role] ?? 0) + 1;
      }
      kills++;
      if (!clientDone) killedWhileStreaming++;
      const restarted = Date.now();
      for (const role of victims) procs.set(role, spawnRole(role));
      for (const role of victims) await up(role, procs.get(role)!);
      restartMs.push(Date.now() - restarted);
    }
    await client;

    const check = openDatabase(db.config);
    try {
      const counts = () =>
        check.db
          .selectFrom('mentions')
          .select((eb) => [eb.fn.countAll<number>().as('all'), eb.fn.count<number>('processed_at').as('processed')])
          .where('brand_id', '=', brand.id)
          .executeTakeFirstOrThrow();
      await expect
        .poll(
          async () => {
            const c = await counts();
            return Number(c.all) === acknowledged.size && Number(c.processed) === acknowledged.size;
          },
          { timeout: 90_000, interval: 250 },
        )
        .toBe(true);
      await sleep(1000); // anything still in flight commits (or not) now
      const codes = await Promise.all([...procs.values()].map((p) => p.stop()));
      expect(codes).toEqual([...procs.values()].map(() => 0));

      const stored = await check.db.selectFrom('mentions').select('external_id').where('brand_id', '=', brand.id).execute();
      const storedIds = stored.map((m) => m.external_id);
      // Stored once each (the unique key), and nothing acknowledged is missing.
      expect(new Set(storedIds).size).toBe(storedIds.length);
      expect([...acknowledged].filter((id) => !storedIds.includes(id))).toEqual([]);
      expect(acknowledged.size).toBe(BATCHES * BATCH);
      expect(killedWhileStreaming).toBeGreaterThan(0);
      const audit = await auditProcessing(check.db, brand.id);
      console.log(
        `${dialect}: ${kills} kills ${JSON.stringify(killed)} (${killedWhileStreaming} while the client streamed; restarts took ` +
          `${Math.min(...restartMs)}–${Math.max(...restartMs)} ms), ${BATCHES} batches in ${sends} sends, ${acknowledged.size} mentions, ` +
          `streamed in ${streamedAt - started} ms, all processed after ${Date.now() - started} ms`,
        audit,
      );
      expect(audit).toEqual(exactlyOnce(BATCHES * BATCH, audit.cases));
    } finally {
      await check.close();
    }
  }, 240_000);
});

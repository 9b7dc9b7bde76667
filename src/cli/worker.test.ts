/**
 * `defuse worker`: on SQLite it stays up when idle; on PostgreSQL several started together all come up (they
 * used to deadlock in pg-boss's queue creation, one then idling forever), and
 * a worker that cannot start exits non-zero instead of idling.
 */
import pg from 'pg';
import PgBoss from 'pg-boss';
import { afterAll, describe, expect, it } from 'vitest';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../../test/support/databases.js';
import { type DefuseProcess, spawnDefuse } from '../../test/support/processes.js';

describe('defuse worker on SQLite', () => {
  let db: TestDatabase | undefined;
  let w: DefuseProcess | undefined;
  afterAll(async () => {
    await w?.kill9();
    await db?.drop();
  });

  it('stays up while there is nothing to do, and stops on SIGTERM', async () => {
    db = await createTestDatabase('sqlite');
    const worker = (w = spawnDefuse(['worker'], { DATABASE_URL: db.url, LOG_LEVEL: 'info' }));
    await expect.poll(() => worker.output().includes('Defuse worker is up'), { timeout: 60_000, interval: 100 }).toBe(true);
    // It used to exit with status 0 here, its job runner's timers holding nothing.
    const early = await Promise.race([worker.exited, new Promise((resolve) => setTimeout(() => resolve('running'), 3000))]);
    expect(early, worker.output()).toBe('running');
    expect(await worker.stop()).toBe(0);
  }, 90_000);
});

describe.runIf(DIALECTS.includes('postgres'))('defuse worker on PostgreSQL', () => {
  const dbs: TestDatabase[] = [];
  const workers: DefuseProcess[] = [];
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.kill9()));
    for (const d of dbs) await d.drop();
  });

  it('starts three workers at once on a fresh database', async () => {
    const db = await createTestDatabase('postgres');
    dbs.push(db);
    const started = Array.from({ length: 3 }, () => spawnDefuse(['worker'], { DATABASE_URL: db.url, LOG_LEVEL: 'info' }));
    workers.push(...started);
    await expect
      .poll(
        () => {
          for (const w of started) if (w.child.exitCode !== null) throw new Error(`a worker exited:\n${w.output()}`);
          return started.filter((w) => w.output().includes('Defuse worker is up')).length;
        },
        { timeout: 60_000, interval: 200 },
      )
      .toBe(3);
    expect(started.map((w) => w.output()).join('\n')).not.toMatch(/deadlock/);
    expect(await Promise.all(started.map((w) => w.stop()))).toEqual([0, 0, 0]);
  }, 90_000);

  it('exits non-zero when the job queue cannot start', async () => {
    const db = await createTestDatabase('postgres');
    dbs.push(db);
    // pg-boss installed, but its queues cannot be created: the queue starts, then fails (as a deadlock did).
    const boss = new PgBoss({ connectionString: db.url, schema: 'pgboss' });
    boss.on('error', () => undefined);
    await boss.start();
    await boss.stop({ graceful: false, wait: true });
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    await c.query('DROP FUNCTION pgboss.create_queue(text, json)');
    await c.end();
    const w = spawnDefuse(['worker'], { DATABASE_URL: db.url, LOG_LEVEL: 'info' });
    workers.push(w);
    const code = await Promise.race([w.exited, new Promise((resolve) => setTimeout(() => resolve('still running'), 30_000))]);
    expect(code, w.output()).toBe(3);
    expect(w.output()).toContain('the worker could not start');
  }, 60_000);
});

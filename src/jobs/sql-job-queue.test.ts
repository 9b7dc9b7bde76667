import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/support/databases.js';
import { createTestDatabase, type TestDatabase } from '../../test/support/databases.js';
import { type Database, openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { ManualClock } from '../domain/clock.js';
import { JobRegistry } from './job-registry.js';
import { SqlJobQueue } from './sql-job-queue.js';

describe.each(DIALECTS)('SQL job runner on %s', (dialect) => {
  let tdb: TestDatabase;
  let database: Database;
  const clock = new ManualClock('2026-03-02T08:00:00Z');
  const log = pino({ level: 'silent' });

  beforeAll(async () => {
    tdb = await createTestDatabase(dialect);
    database = openDatabase(tdb.config);
    await migrateToLatest(database);
  });
  afterAll(async () => {
    await database.close();
    await tdb.drop();
  });

  const queueWith = (handlers: { process?: (ids: string[]) => Promise<void> }, options = { pollMs: 10, concurrency: 1 }) => {
    const q = new SqlJobQueue(database.db, clock, log, options);
    q.useRegistry(registryWith(handlers));
    return q;
  };
  const registryWith = (handlers: { process?: (ids: string[]) => Promise<void> }) =>
    new JobRegistry()
      .register('mention.process', (p) => (handlers.process ?? (async () => {}))(p.mentionIds))
      .register('mention.sweep', async () => {})
      .register('reaction.tick', async () => {})
      .register('webhook.deliver', async () => {})
      .register('reply.deliver', async () => {})
      .register('reports.detect', async () => {})
      .register('reports.scheduled', async () => {})
      .register('classification.second_opinion', async () => {})
      .register('brand.train', async () => {})
      .register('cases.daily_list', async () => {})
      .register('cases.replan_deadlines', async () => {})
      .register('sessions.cleanup', async () => {})
      .register('mail.send', async () => {})
      .register('data.retention', async () => {})
      .register('channels.poll', async () => {});

  it('runs a job enqueued in another thread at once, not at its next poll', async () => {
    const ran: string[][] = [];
    const options = { pollMs: 3_600_000, concurrency: 1, wakeChannel: `wake-test-${dialect}` };
    const runner = new SqlJobQueue(database.db, clock, log, options);
    await runner.startWorker(registryWith({ process: (ids) => Promise.resolve(void ran.push(ids)) }));
    // The runner's first look finds nothing; its next poll would be an hour away.
    await expect.poll(() => (runner as unknown as { ticking: boolean }).ticking, { timeout: 5_000 }).toBe(false);
    const server = new SqlJobQueue(database.db, clock, log, options); // the HTTP server's queue: it only enqueues
    await server.enqueue('mention.process', { mentionIds: ['woken'] });
    await expect.poll(() => ran, { timeout: 5_000, interval: 20 }).toEqual([['woken']]);
    await runner.stop();
    await server.stop();
  });

  it('retries a failing job with growing backoff, then gives up', async () => {
    let calls = 0;
    const q = queueWith({
      process: () => {
        calls++;
        return Promise.reject(new Error('boom'));
      },
    });
    await q.enqueue('mention.process', { mentionIds: ['x'] }, { maxAttempts: 3 });
    expect(await q.runDue()).toBe(1);
    expect(calls).toBe(1);
    expect(await q.runDue()).toBe(0); // waiting for its backoff
    clock.advance(2_000);
    expect(await q.runDue()).toBe(1);
    clock.advance(2_000);
    expect(await q.runDue()).toBe(0); // second backoff is 4 s
    clock.advance(2_000);
    expect(await q.runDue()).toBe(1);
    expect(calls).toBe(3);
    clock.advance(3600_000);
    expect(await q.runDue()).toBe(0);
    const job = await database.db.selectFrom('jobs').selectAll().where('status', '=', 'failed').executeTakeFirstOrThrow();
    expect(job).toMatchObject({ attempts: 3, last_error: 'boom' });
  });

  it('runs a job scheduled for later only when it is due', async () => {
    const ran: string[][] = [];
    const q = queueWith({
      process: (ids) => {
        ran.push(ids);
        return Promise.resolve();
      },
    });
    await q.enqueue('mention.process', { mentionIds: ['later'] }, { runAt: new Date(clock.now().getTime() + 3 * 3600_000) });
    expect(await q.runDue()).toBe(0);
    clock.advance(3 * 3600_000);
    expect(await q.runDue()).toBe(1);
    expect(ran).toEqual([['later']]);
  });

  it('takes back a job left running by a crashed process once its lock expires', async () => {
    const ran: string[][] = [];
    const crashed = queueWith({});
    await crashed.enqueue('mention.process', { mentionIds: ['orphan'] });
    // Simulate a process that claimed the job and died.
    await database.db
      .updateTable('jobs')
      .set({ status: 'running', attempts: 1, locked_until: new Date(clock.now().getTime() + 5 * 60_000).toISOString() })
      .where('payload', 'like', '%orphan%')
      .execute();
    const restarted = queueWith({
      process: (ids) => {
        ran.push(ids);
        return Promise.resolve();
      },
    });
    expect(await restarted.runDue()).toBe(0);
    clock.advance(6 * 60_000);
    expect(await restarted.runDue()).toBe(1);
    expect(ran).toEqual([['orphan']]);
  });

  it('keeps one waiting job per singleton key', async () => {
    const q = queueWith({});
    await q.enqueue('mention.sweep', {}, { singletonKey: 'sweep' });
    await q.enqueue('mention.sweep', {}, { singletonKey: 'sweep' });
    const n = await database.db
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('singleton_key', '=', 'sweep')
      .where('status', '=', 'queued')
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(1);
  });

  it('stops after the running job finishes', async () => {
    let release: (() => void) | undefined;
    let finished = false;
    const q = new SqlJobQueue(database.db, clock, log, { pollMs: 10, concurrency: 1 });
    await q.enqueue('mention.process', { mentionIds: ['slow'] });
    await q.startWorker(
      registryWith({
        process: () =>
          new Promise<void>((resolve) => {
            release = () => {
              finished = true;
              resolve();
            };
          }),
      }),
    );
    await expect.poll(() => release !== undefined).toBe(true);
    const stopping = q.stop();
    setTimeout(() => release!(), 20);
    await stopping;
    expect(finished).toBe(true);
  });
});

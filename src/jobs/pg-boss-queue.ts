/**
 * Background jobs on PostgreSQL through pg-boss, for setups with several API
 * and worker processes. Retries with backoff are set per job.
 */
import { createRequire } from 'node:module';
import type PgBoss from 'pg-boss';
import type pg from 'pg';
import type { Logger } from 'pino';
import { DEFAULT_MAX_ATTEMPTS, type EnqueueOptions, JOB_NAMES, type JobName, type JobPayloads } from './job-names.js';
import type { JobObserver, JobQueue, QueueWaiting } from './job-queue.js';
import type { JobRegistry } from './job-registry.js';

const QUEUE_LOCK = 'defuse:pg-boss:create-queues';
/**
 * Told the name of each job queued to run now, so that a worker waiting out pg-boss's polling interval (at least
 * half a second) fetches it at once; a lost notification only means the job is fetched at the next poll.
 */
export const PG_JOBS_CHANNEL = 'defuse_jobs';
const RELISTEN_MS = 1000;
/** Jobs fetched at once per worker: processing jobs are many and small during a burst (one per ingest call). */
const FETCH_BATCH: Partial<Record<JobName, number>> = { 'mention.process': 10 };

export class PgBossQueue implements JobQueue {
  readonly kind = 'pg-boss' as const;
  private readonly boss: PgBoss;
  private started?: Promise<void>;
  private observer?: JobObserver;
  /** This process's pg-boss workers by job name, woken by PG_JOBS_CHANNEL. */
  private readonly workerIds = new Map<string, string[]>();
  private listener: pg.Client | null = null;
  private relisten: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly connectionString: string,
    private readonly logger: Logger,
    private readonly options: { pollSeconds: number; concurrency: number },
  ) {
    // Loaded only when a PostgreSQL queue is made: SQLite setups (and most CLI commands) never pay for pg-boss.
    const PgBossClass = createRequire(import.meta.url)('pg-boss') as typeof PgBoss;
    this.boss = new PgBossClass({ connectionString, schema: 'pgboss', max: 4 });
    this.boss.on('error', (err) => this.logger.error({ err }, 'pg-boss error'));
  }

  /**
   * Starts pg-boss (creating its schema and our queues) once. Queues are created under a PostgreSQL advisory lock:
   * two processes starting together (two workers, or a worker and an API's first enqueue) deadlocked in pg-boss's
   * `createQueue`. A failed start is not kept: the next call tries again.
   */
  private ensureStarted(): Promise<void> {
    this.started ??= (async () => {
      await this.boss.start();
      await this.withQueueLock(async () => {
        for (const name of JOB_NAMES) {
          if (!(await this.boss.getQueue(name))) await this.boss.createQueue(name);
        }
      });
    })().catch((err: unknown) => {
      this.started = undefined;
      throw err;
    });
    return this.started;
  }

  /** Runs `fn` holding the installation-wide lock on queue creation (its own connection: a session lock). */
  private async withQueueLock(fn: () => Promise<void>): Promise<void> {
    const pgModule = createRequire(import.meta.url)('pg') as typeof pg;
    const client = new pgModule.Client({ connectionString: this.connectionString });
    client.on('error', () => undefined);
    await client.connect();
    try {
      await client.query('SELECT pg_advisory_lock(hashtext($1))', [QUEUE_LOCK]);
      await fn();
    } finally {
      // Ending the connection releases the lock too (and so does a killed process's).
      await client.end().catch(() => undefined);
    }
  }

  async enqueue<N extends JobName>(name: N, payload: JobPayloads[N], options: EnqueueOptions = {}): Promise<void> {
    await this.ensureStarted();
    await this.boss.send(name, payload, {
      startAfter: options.runAt,
      retryLimit: (options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS) - 1,
      retryDelay: 2,
      retryBackoff: true,
      ...(options.singletonKey ? { singletonKey: options.singletonKey, singletonSeconds: options.singletonSeconds ?? 30 } : {}),
    });
    if (options.runAt && options.runAt.getTime() > Date.now()) return;
    await this.boss
      .getDb()
      .executeSql('SELECT pg_notify($1, $2)', [PG_JOBS_CHANNEL, name])
      .catch((err: unknown) => this.logger.warn({ err, name }, 'could not tell the workers of a queued job: fetched at their next poll'));
  }

  /** LISTENs for queued jobs on a connection of its own (opened again after a pause when it drops). */
  private async listen(): Promise<void> {
    const pgModule = createRequire(import.meta.url)('pg') as typeof pg;
    const client = new pgModule.Client({ connectionString: this.connectionString });
    const again = () => {
      if (this.listener !== client) return;
      this.listener = null;
      void client.end().catch(() => undefined);
      if (!this.stopped) this.relisten = setTimeout(() => void this.listen(), RELISTEN_MS);
    };
    client.on('error', again);
    client.on('end', again);
    client.on('notification', (msg) => {
      for (const id of this.workerIds.get(msg.payload ?? '') ?? []) this.boss.notifyWorker(id);
    });
    this.listener = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${PG_JOBS_CHANNEL}`);
    } catch (err) {
      this.logger.warn({ err }, 'could not listen for queued jobs: workers fetch them at their polling interval');
      again();
    }
  }

  async startWorker(registry: JobRegistry): Promise<void> {
    registry.assertComplete();
    await this.ensureStarted();
    for (const name of JOB_NAMES) {
      const handler = registry.handlerFor(name);
      for (let i = 0; i < this.options.concurrency; i++) {
        let workerId = '';
        workerId = await this.boss.work<JobPayloads[typeof name]>(
          name,
          { batchSize: FETCH_BATCH[name] ?? 1, pollingIntervalSeconds: this.options.pollSeconds, includeMetadata: true },
          async (jobs) => {
            let failure: Error | undefined;
            for (const job of jobs) {
              if (job.retryCount > 0) this.observer?.jobRetried(name);
              try {
                await handler(job.data);
              } catch (err) {
                this.observer?.jobFailed(name, job.retryCount >= job.retryLimit);
                failure ??= err instanceof Error ? err : new Error(String(err));
              }
            }
            // pg-boss waits its polling interval after every fetch, even one that found work: more may be queued,
            // so this worker fetches again at once (an empty fetch then waits as usual).
            if (jobs.length) this.boss.notifyWorker(workerId);
            // The batch's jobs are failed together (and retried; those already done are skipped by the pipeline).
            if (failure) throw failure;
          },
        );
        this.workerIds.set(name, [...(this.workerIds.get(name) ?? []), workerId]);
      }
    }
    await this.listen();
  }

  observe(observer: JobObserver): void {
    this.observer = observer;
  }

  /** Jobs created or waiting for a retry and due now, from pg-boss's own table (every process's jobs). */
  async waiting(): Promise<QueueWaiting[]> {
    await this.ensureStarted();
    const { rows } = await this.boss.getDb().executeSql(
      `SELECT name, count(*)::int AS waiting, COALESCE(EXTRACT(EPOCH FROM now() - min(start_after)), 0)::float8 AS age
           FROM pgboss.job WHERE state IN ('created', 'retry') AND start_after <= now() GROUP BY name`,
      [],
    );
    return (rows as Array<{ name: string; waiting: number; age: number }>).map((r) => ({
      name: r.name,
      waiting: Number(r.waiting),
      oldestAgeSeconds: Math.max(0, Number(r.age)),
    }));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.relisten) clearTimeout(this.relisten);
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => undefined);
    if (!this.started) return;
    await this.started.catch(() => undefined);
    await this.boss.stop({ graceful: true, wait: true, timeout: 30_000 });
  }
}

/**
 * The in-process job runner over the `jobs` table, for the single-machine
 * setup. Due jobs are claimed with a conditional update, run with retries and
 * exponential backoff, and a job left `running` by a crash is taken again once
 * its lock expires.
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { DefuseDatabase } from '../db/schema.js';
import { type Clock, iso } from '../domain/clock.js';
import { BroadcastChannel } from 'node:worker_threads';
import { newId } from '../domain/ids.js';
import { DEFAULT_MAX_ATTEMPTS, type EnqueueOptions, type JobName, type JobPayloads, retryDelayMs } from './job-names.js';
import type { JobObserver, JobQueue, QueueWaiting } from './job-queue.js';
import type { JobRegistry } from './job-registry.js';

const LOCK_MS = 5 * 60 * 1000;
const KEEP_DONE_MS = 7 * 24 * 3600 * 1000;

export interface SqlJobQueueOptions {
  pollMs: number;
  concurrency: number;
  /**
   * A BroadcastChannel name shared by the runners of one database in this process: an enqueue in any thread (the
   * HTTP server's) wakes the runner (in the job worker thread) at once instead of at its next poll.
   */
  wakeChannel?: string;
}

export class SqlJobQueue implements JobQueue {
  readonly kind = 'sql' as const;
  private registry?: JobRegistry;
  private timer?: NodeJS.Timeout;
  private running = new Set<Promise<void>>();
  private stopped = true;
  /** Set by `stop`: no new job is claimed after it. */
  private halting = false;
  private lastCleanup = 0;
  private observer?: JobObserver;
  private ticking = false;
  private wakeRequested = false;
  private wakeChannel?: BroadcastChannel;

  constructor(
    private readonly db: Kysely<DefuseDatabase>,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly options: SqlJobQueueOptions,
  ) {}

  async enqueue<N extends JobName>(name: N, payload: JobPayloads[N], options: EnqueueOptions = {}): Promise<void> {
    const now = this.clock.now();
    if (options.singletonKey) {
      const existing = await this.db
        .selectFrom('jobs')
        .select('id')
        .where('name', '=', name)
        .where('singleton_key', '=', options.singletonKey)
        .where('status', '=', 'queued')
        .executeTakeFirst();
      if (existing) return;
    }
    await this.db
      .insertInto('jobs')
      .values({
        id: newId(),
        name,
        payload: JSON.stringify(payload),
        status: 'queued',
        run_at: iso(options.runAt ?? now),
        attempts: 0,
        max_attempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
        last_error: null,
        locked_until: null,
        singleton_key: options.singletonKey ?? null,
        created_at: iso(now),
        finished_at: null,
      })
      .execute();
    if (!options.runAt || options.runAt.getTime() <= now.getTime()) {
      this.wake();
      this.channel()?.postMessage('job');
    }
  }

  /** Runs due jobs now (if this runner is started) instead of at the next poll. */
  private wake(): void {
    if (this.stopped) return;
    if (this.ticking) this.wakeRequested = true;
    else this.schedule(0);
  }

  private channel(): BroadcastChannel | undefined {
    if (!this.options.wakeChannel) return undefined;
    if (!this.wakeChannel) {
      this.wakeChannel = new BroadcastChannel(this.options.wakeChannel);
      this.wakeChannel.unref();
      this.wakeChannel.onmessage = () => this.wake();
    }
    return this.wakeChannel;
  }

  startWorker(registry: JobRegistry): Promise<void> {
    registry.assertComplete();
    this.registry = registry;
    this.stopped = false;
    this.channel(); // listens for enqueues in the other threads
    this.schedule(0);
    return Promise.resolve();
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.ticking = true;
      void this.tick().finally(() => {
        this.ticking = false;
        const woken = this.wakeRequested;
        this.wakeRequested = false;
        this.schedule(woken ? 0 : this.options.pollMs);
      });
    }, ms);
    this.timer.unref?.();
  }

  private async tick(): Promise<void> {
    try {
      await this.runDue(this.options.concurrency);
      const now = this.clock.now().getTime();
      if (now - this.lastCleanup > 3600_000) {
        this.lastCleanup = now;
        await this.db
          .deleteFrom('jobs')
          .where('status', '=', 'done')
          .where('finished_at', '<', iso(new Date(now - KEEP_DONE_MS)))
          .execute();
      }
    } catch (err) {
      this.logger.error({ err }, 'job runner tick failed');
    }
  }

  /**
   * Claims and runs due jobs until none is left (or the runner is stopped);
   * returns how many ran. The poll loop uses it, and tests call it directly
   * with a manual clock instead of sleeping.
   */
  async runDue(concurrency = 1): Promise<number> {
    if (!this.registry) throw new Error('job runner has no registry: call startWorker or useRegistry first');
    let ran = 0;
    while (!this.halting) {
      const now = this.clock.now();
      const due = await this.db
        .selectFrom('jobs')
        .selectAll()
        .where((eb) =>
          eb.or([
            eb.and([eb('status', '=', 'queued'), eb('run_at', '<=', iso(now))]),
            eb.and([eb('status', '=', 'running'), eb('locked_until', '<', iso(now))]),
          ]),
        )
        .orderBy('run_at')
        .limit(concurrency)
        .execute();
      if (due.length === 0) return ran;
      const batch: Promise<void>[] = [];
      for (const job of due) {
        const claimed = await this.db
          .updateTable('jobs')
          .set({ status: 'running', attempts: job.attempts + 1, locked_until: iso(new Date(now.getTime() + LOCK_MS)) })
          .where('id', '=', job.id)
          .where('status', '=', job.status)
          .where('attempts', '=', job.attempts)
          .executeTakeFirst();
        if (Number(claimed.numUpdatedRows) !== 1) continue;
        const p = this.execute(job.id, job.name as JobName, job.payload, job.attempts + 1, job.max_attempts);
        this.running.add(p);
        void p.finally(() => this.running.delete(p));
        batch.push(p);
      }
      await Promise.all(batch);
      ran += batch.length;
    }
    return ran;
  }

  /** Lets tests run jobs with `runDue` without starting the poll loop. */
  useRegistry(registry: JobRegistry): void {
    registry.assertComplete();
    this.registry = registry;
  }

  private async execute(id: string, name: JobName, payload: string, attempt: number, maxAttempts: number): Promise<void> {
    const registry = this.registry!;
    if (attempt > 1) this.observer?.jobRetried(name);
    try {
      await registry.handlerFor(name)(JSON.parse(payload) as JobPayloads[JobName]);
      await this.db
        .updateTable('jobs')
        .set({ status: 'done', finished_at: iso(this.clock.now()), locked_until: null, last_error: null })
        .where('id', '=', id)
        .execute();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const failed = attempt >= maxAttempts;
      this.logger.warn({ err, job: name, attempt, failed }, 'job failed');
      this.observer?.jobFailed(name, failed);
      const now = this.clock.now();
      await this.db
        .updateTable('jobs')
        .set({
          status: failed ? 'failed' : 'queued',
          run_at: iso(new Date(now.getTime() + retryDelayMs(attempt))),
          finished_at: failed ? iso(now) : null,
          locked_until: null,
          last_error: message.slice(0, 2000),
        })
        .where('id', '=', id)
        .execute();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.halting = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.wakeChannel?.close();
    this.wakeChannel = undefined;
    await Promise.allSettled([...this.running]);
  }

  observe(observer: JobObserver): void {
    this.observer = observer;
  }

  async waiting(): Promise<QueueWaiting[]> {
    const now = this.clock.now();
    const rows = await this.db
      .selectFrom('jobs')
      .select(['name', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.min('run_at').as('oldest')])
      .where('status', '=', 'queued')
      .where('run_at', '<=', iso(now))
      .groupBy('name')
      .execute();
    return rows.map((r) => ({
      name: r.name,
      waiting: Number(r.n),
      oldestAgeSeconds: Math.max(0, (now.getTime() - new Date(r.oldest).getTime()) / 1000),
    }));
  }

  /** Counts by status, for tests and /readyz details. */
  async counts(): Promise<Record<string, number>> {
    const rows = await this.db
      .selectFrom('jobs')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('status')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }
}

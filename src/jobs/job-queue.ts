import type { EnqueueOptions, JobName, JobPayloads } from './job-names.js';
import type { JobRegistry } from './job-registry.js';

/**
 * The one interface for background work. On SQLite it is an in-process runner
 * over the `jobs` table; on PostgreSQL, pg-boss. Jobs are rows in the
 * database, so they survive a restart.
 */
/** Told of each attempt at a job, for `/metrics`: only the job's name, never its payload. */
export interface JobObserver {
  /** An attempt after the first one started (a retry, or a job taken again after its lock expired). */
  jobRetried(name: JobName): void;
  /** An attempt threw; `final` when no retry is left. */
  jobFailed(name: JobName, final: boolean): void;
}

/** Jobs waiting to run (due now, not running), per job name. */
export interface QueueWaiting {
  name: string;
  waiting: number;
  /** Seconds since the longest-waiting of them became due. */
  oldestAgeSeconds: number;
}

export interface JobQueue {
  readonly kind: 'sql' | 'pg-boss';
  enqueue<N extends JobName>(name: N, payload: JobPayloads[N], options?: EnqueueOptions): Promise<void>;
  /** Starts running jobs with these handlers until `stop`. */
  startWorker(registry: JobRegistry): Promise<void>;
  /** Stops taking jobs and waits for those running to finish. */
  stop(): Promise<void>;
  /** What waits in the queue now (read from the database: it covers every process). */
  waiting(): Promise<QueueWaiting[]>;
  /** Reports this process's job attempts to `observer`. */
  observe(observer: JobObserver): void;
}

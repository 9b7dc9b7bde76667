import type { EnqueueOptions, JobName, JobPayloads } from './job-names.js';
import type { JobRegistry } from './job-registry.js';

/**
 * The one interface for background work. On SQLite it is an in-process runner
 * over the `jobs` table; on PostgreSQL, pg-boss. Jobs are rows in the
 * database, so they survive a restart.
 */
export interface JobQueue {
  readonly kind: 'sql' | 'pg-boss';
  enqueue<N extends JobName>(name: N, payload: JobPayloads[N], options?: EnqueueOptions): Promise<void>;
  /** Starts running jobs with these handlers until `stop`. */
  startWorker(registry: JobRegistry): Promise<void>;
  /** Stops taking jobs and waits for those running to finish. */
  stop(): Promise<void>;
}

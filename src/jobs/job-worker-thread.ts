/**
 * `defuse serve` runs its background jobs — processing above all — in a
 * thread of its own, so a backlog being processed never holds up the HTTP
 * server's event loop (better-sqlite3 is synchronous, and classifying is CPU
 * work). The thread opens its own connection to the same database (SQLite in
 * WAL mode lets the server read and write beside it), runs the container's
 * worker, and relays its processing metrics to the server's `/metrics`. If it
 * stops unexpectedly the server exits non-zero, for its supervisor to restart
 * it, instead of serving with no one processing.
 */
import { Worker } from 'node:worker_threads';
import type { WorkEvent } from '../adapters/metrics/prometheus.js';
import { sharedWriteLocks } from '../db/sqlite-write-lock.js';

export type ThreadMessage = { type: 'up' } | { type: 'failed'; message: string } | { type: 'stopped' } | { type: 'metrics'; events: WorkEvent[] };

export interface JobWorkerThread {
  /** Stops taking jobs, waits for the running ones, closes the thread's database connection. */
  stop(): Promise<void>;
}

export interface JobWorkerThreadOptions {
  /** Each batch of metric events the thread relays. */
  onMetrics(events: WorkEvent[]): void;
  /** The thread ended without being asked to (a crash). */
  onUnexpectedExit(reason: string): void;
}

/** Starts the thread and resolves once its worker is up (rejects with its reason if it could not start). */
export function startJobWorkerThread(options: JobWorkerThreadOptions): Promise<JobWorkerThread> {
  // Built (dist/, plain JavaScript): the compiled entry. Run from src/ through tsx: an entry that registers tsx first.
  const entry = import.meta.url.endsWith('.ts') ? './job-worker-thread-entry.mjs' : './job-worker-thread-entry.js';
  // The SQLite write locks of this thread's databases: the server's writes go before the thread's next batch.
  const worker = new Worker(new URL(entry, import.meta.url), { workerData: { writeLocks: sharedWriteLocks() } });
  let stopping = false;
  let resolveStopped: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (resolveStopped = resolve));
  return new Promise((resolve, reject) => {
    let up = false;
    worker.on('message', (m: ThreadMessage) => {
      if (m.type === 'metrics') options.onMetrics(m.events);
      else if (m.type === 'up') {
        up = true;
        resolve({
          async stop() {
            stopping = true;
            worker.postMessage('stop');
            await stopped;
          },
        });
      } else if (m.type === 'failed') reject(new Error(m.message));
    });
    worker.on('error', (err) => {
      if (!up) reject(err);
      else if (!stopping) options.onUnexpectedExit(err.message);
    });
    worker.on('exit', (code) => {
      resolveStopped();
      if (!up) reject(new Error(`the job worker thread exited (${code}) before it was up`));
      else if (!stopping) options.onUnexpectedExit(`the job worker thread exited with code ${code}`);
    });
  });
}

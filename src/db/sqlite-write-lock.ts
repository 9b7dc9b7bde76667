/**
 * Who writes next to a SQLite file, between the threads of one process: the
 * HTTP server's thread first, then the job worker thread.
 *
 * SQLite has one writer at a time, and a writer that finds the file locked
 * sleeps in its busy handler (1, 2, 5 … then 100 ms naps) and tries again.
 * The job worker thread commits a batch and begins the next one within
 * microseconds, so a waiting ingest nearly always woke to find the lock taken
 * again: a one-mention POST waited 1.9 s at p99 while a backlog was processed
 * (bench/stream.bench.ts). This lock is taken before `begin immediate` and
 * given back after the commit or rollback, by every thread of the process
 * that shares it (the server passes its buffers to the worker thread); a
 * waiting server thread is woken the moment the lock is free, and the worker
 * thread does not take it while the server's thread is waiting.
 *
 * Other processes (a CLI command beside a running server) do not share it
 * and wait on SQLite's busy timeout as before. A lock that is not given back
 * in time (a thread that died holding it) is waited for at most `maxMs`, and
 * then the transaction goes ahead on SQLite's own locking.
 */
import { resolve } from 'node:path';
import { isMainThread } from 'node:worker_threads';

const LOCK = 0;
const WAITING = 1;
/** How long a waiting worker thread naps between looks while the server's thread waits. */
const YIELD_NAP_MS = 5;

const buffers = new Map<string, SharedArrayBuffer>();

/** The lock buffers of this thread's SQLite files, to hand to a worker thread (workerData). */
export function sharedWriteLocks(): Record<string, SharedArrayBuffer> {
  return Object.fromEntries(buffers);
}

/** Adopts the buffers a worker thread was given, before it opens its databases. */
export function adoptWriteLocks(locks: Record<string, SharedArrayBuffer> | undefined): void {
  for (const [file, buffer] of Object.entries(locks ?? {})) buffers.set(file, buffer);
}

export class SqliteWriteLock {
  private readonly words: Int32Array;

  constructor(
    buffer: SharedArrayBuffer,
    /** The server's thread: it goes first. */
    private readonly first: boolean,
  ) {
    this.words = new Int32Array(buffer);
  }

  /** Takes the lock, waiting at most `maxMs`; false when it went ahead without it. Blocks the thread while waiting. */
  acquire(maxMs: number): boolean {
    const w = this.words;
    const until = Date.now() + maxMs;
    if (this.first) Atomics.add(w, WAITING, 1);
    try {
      for (;;) {
        if (!this.first) {
          const waiting = Atomics.load(w, WAITING);
          if (waiting > 0) {
            if (Date.now() >= until) return false;
            Atomics.wait(w, WAITING, waiting, YIELD_NAP_MS);
            continue;
          }
        }
        if (Atomics.compareExchange(w, LOCK, 0, 1) === 0) return true;
        const left = until - Date.now();
        if (left <= 0) return false;
        Atomics.wait(w, LOCK, 1, left);
      }
    } finally {
      if (this.first) {
        Atomics.sub(w, WAITING, 1);
        Atomics.notify(w, WAITING);
      }
    }
  }

  release(): void {
    Atomics.store(this.words, LOCK, 0);
    Atomics.notify(this.words, LOCK);
  }
}

/**
 * The lock of a SQLite file for this thread (null for an in-memory database, which no other thread can open), kept
 * under the file's absolute path, so that every thread names the file alike.
 */
export function writeLockFor(filename: string, first = isMainThread): SqliteWriteLock | null {
  if (filename === ':memory:' || filename === '') return null;
  const file = resolve(filename);
  let buffer = buffers.get(file);
  if (!buffer) buffers.set(file, (buffer = new SharedArrayBuffer(8)));
  return new SqliteWriteLock(buffer, first);
}

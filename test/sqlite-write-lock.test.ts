/**
 * The SQLite write lock between the threads of one process (src/db/sqlite-write-lock.ts): the server's thread waits
 * for the job worker thread's transaction to end and then writes before the worker's next one — the worker gave the
 * lock back and asked again at once, which with SQLite's busy handler alone it nearly always won.
 */
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { SqliteWriteLock, writeLockFor, adoptWriteLocks, sharedWriteLocks } from '../src/db/sqlite-write-lock.js';

const nap = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the SQLite write lock between threads', () => {
  it('lets the waiting server thread write before the worker thread’s next transaction', async () => {
    const lockBuffer = new SharedArrayBuffer(8);
    const logBuffer = new SharedArrayBuffer(4 * 8);
    const log = new Int32Array(logBuffer);
    const worker = new Worker(new URL('./support/threads/write-lock-holder.mjs', import.meta.url), {
      workerData: { lock: lockBuffer, log: logBuffer },
    });
    const exited = new Promise((resolve, reject) => {
      worker.once('exit', resolve);
      worker.once('error', reject);
    });
    while (Atomics.load(log, 0) < 1) await nap(5); // the worker holds the lock
    const server = new SqliteWriteLock(lockBuffer, true);
    const t0 = performance.now();
    expect(server.acquire(5000)).toBe(true); // blocks until the worker gives it back
    const waited = performance.now() - t0;
    Atomics.store(log, 1 + Atomics.add(log, 0, 1), 9);
    await nap(20); // the worker, asking again, must wait for this thread's transaction
    expect(Atomics.load(log, 0)).toBe(2);
    server.release();
    await exited;
    expect([...log.slice(1, 1 + Atomics.load(log, 0))]).toEqual([1, 9, 2]);
    expect(waited).toBeGreaterThan(50); // it really waited for the worker's transaction
  });

  it('goes ahead without the lock when it is not given back in time, and keeps one buffer per file', () => {
    const buffer = new SharedArrayBuffer(8);
    const holder = new SqliteWriteLock(buffer, false);
    expect(holder.acquire(100)).toBe(true);
    expect(new SqliteWriteLock(buffer, true).acquire(30)).toBe(false);
    holder.release();
    expect(new SqliteWriteLock(buffer, true).acquire(30)).toBe(true);

    expect(writeLockFor(':memory:')).toBeNull();
    writeLockFor('/tmp/defuse-lock-test.db');
    const shared = sharedWriteLocks()['/tmp/defuse-lock-test.db'];
    expect(shared).toBeInstanceOf(SharedArrayBuffer);
    adoptWriteLocks({ '/tmp/defuse-lock-test-2.db': buffer });
    expect(sharedWriteLocks()['/tmp/defuse-lock-test-2.db']).toBe(buffer);
  });
});

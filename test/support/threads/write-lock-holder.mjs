// A worker thread for test/sqlite-write-lock.test.ts: takes the shared SQLite write lock as the job worker thread
// would (not first), holds it 150 ms, gives it back and at once asks for it again, logging each turn it gets.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';
register();
const { SqliteWriteLock } = await import('../../../src/db/sqlite-write-lock.ts');
const lock = new SqliteWriteLock(workerData.lock, false);
const log = new Int32Array(workerData.log);
const nap = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
const turn = (who) => Atomics.store(log, 1 + Atomics.add(log, 0, 1), who);
lock.acquire(5000);
turn(1); // the worker's first turn: now the main thread asks and waits
nap(150);
lock.release();
lock.acquire(5000);
turn(2); // the worker's second turn
lock.release();

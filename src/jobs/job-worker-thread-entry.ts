/** The job worker thread of `defuse serve` (see job-worker-thread.ts): its own container, running the jobs. */
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkEvent } from '../adapters/metrics/prometheus.js';
import { loadConfig } from '../config/env.js';
import { createContainer } from '../container.js';
import { adoptWriteLocks } from '../db/sqlite-write-lock.js';
import type { ThreadMessage } from './job-worker-thread.js';

const RELAY_MS = 250;
const port = parentPort!;
const send = (m: ThreadMessage) => port.postMessage(m);

adoptWriteLocks((workerData as { writeLocks?: Record<string, SharedArrayBuffer> } | null)?.writeLocks);
const container = await createContainer(loadConfig());
let pending: WorkEvent[] = [];
const relay = setInterval(() => {
  if (pending.length) send({ type: 'metrics', events: pending });
  pending = [];
}, RELAY_MS);
relay.unref();
container.metrics.relayTo((e) => pending.push(e));
try {
  await container.startWorker();
  send({ type: 'up' });
} catch (err) {
  container.logger.fatal({ err }, 'the job worker could not start');
  send({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
  await container.close().catch(() => undefined);
  port.close();
}
port.on('message', (m: unknown) => {
  if (m !== 'stop') return;
  void container.close().finally(() => {
    clearInterval(relay);
    if (pending.length) send({ type: 'metrics', events: pending });
    send({ type: 'stopped' });
    port.close();
  });
});

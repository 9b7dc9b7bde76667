/** `defuse worker`: background jobs only (PostgreSQL setups with separate workers). */
import { loadConfig } from '../../config/env.js';
import { createContainer } from '../../container.js';
import { buildMetricsServer } from '../../http/server.js';

export async function worker(): Promise<void> {
  const container = await createContainer(loadConfig());
  try {
    await container.startWorker();
  } catch (err) {
    // A worker that cannot take jobs must not sit idle looking alive (the job queue's connections would keep the
    // process running): it says why and exits non-zero, for its supervisor to restart it.
    container.logger.fatal({ err }, 'the worker could not start');
    await Promise.race([container.close().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
    process.exit(3);
  }
  const config = container.config;
  const metricsServer = config.workerMetricsPort ? await buildMetricsServer(container) : undefined;
  if (metricsServer) await metricsServer.listen({ port: config.workerMetricsPort, host: config.host });
  container.logger.info({ queue: container.queue.kind, metricsPort: config.workerMetricsPort }, 'Defuse worker is up');
  // The SQL runner's timers do not hold the process (in `serve` the HTTP server does): without this a worker on
  // SQLite exited with status 0 as soon as it was idle.
  const keepAlive = setInterval(() => undefined, 3_600_000);
  const shutdown = async () => {
    clearInterval(keepAlive);
    await metricsServer?.close();
    await container.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}

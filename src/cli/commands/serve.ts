/** `defuse serve`: the desk (API, docs and, unless --no-worker, the job worker); creates the first administrator on first start. */
import { loadConfig } from '../../config/env.js';
import { createContainer } from '../../container.js';
import { buildServer } from '../../http/server.js';
import { ensureFirstAdmin } from '../../services/bootstrap.service.js';
import { type JobWorkerThread, startJobWorkerThread } from '../../jobs/job-worker-thread.js';

export interface ServeOptions {
  worker: boolean;
}

export async function serve(options: ServeOptions): Promise<void> {
  const config = loadConfig();
  const container = await createContainer(config);
  const boot = await ensureFirstAdmin(container.store, container.clock, config.admin);
  if (boot.created) {
    const lines = [
      'Defuse: first start, an administrator was created.',
      `  e-mail:   ${boot.email}`,
      boot.generatedPassword
        ? `  password: ${boot.generatedPassword}   (shown once; change it after signing in)`
        : '  password: the one in DEFUSE_ADMIN_PASSWORD',
      `  brand:    ${boot.brandSlug}`,
      // Where to go next: the JSON log lines that follow give the port, not the address to open.
      `  open:     ${config.publicUrl} and sign in`,
    ];
    process.stdout.write(`\n${lines.join('\n')}\n\n`);
  }
  // Signals are taken from here on, not only once everything is up: a SIGTERM while the job thread is still starting
  // (the server already answers /healthz) waits for the start to finish and then shuts down cleanly, instead of
  // killing the process with V8's default action.
  let closing = false;
  let thread: JobWorkerThread | undefined;
  let startup: Promise<unknown> = Promise.resolve();
  const app = await buildServer(container);
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    container.logger.info({ signal }, 'shutting down: finishing requests and jobs');
    await startup.catch(() => undefined);
    await app.close(); // stops accepting, waits for in-flight requests
    await thread?.stop(); // waits for running jobs, closes the thread's connection
    await container.close(); // closes the database
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  if (options.worker && !closing) {
    try {
      if (config.jobs.thread) {
        const starting = startJobWorkerThread({
          onMetrics: (events) => events.forEach((e) => container.metrics.record(e)),
          onUnexpectedExit: (reason) => {
            if (closing) return;
            // Serving with no one processing would look healthy and do nothing: exit for the supervisor to restart.
            container.logger.fatal({ reason }, 'the job worker thread stopped');
            process.exit(3);
          },
        });
        startup = starting;
        thread = await starting;
      } else {
        startup = container.startWorker();
        await startup;
      }
    } catch (err) {
      // Serving without the jobs it was asked to run would look healthy and process nothing: exit non-zero.
      container.logger.fatal({ err }, 'the job worker could not start');
      await app.close().catch(() => undefined);
      await Promise.race([container.close().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
      process.exit(3);
    }
  }
  container.logger.info(
    { port: config.port, database: config.database.dialect, worker: options.worker ? (thread ? 'thread' : 'in process') : false },
    'Defuse is up',
  );
}

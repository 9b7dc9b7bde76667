/** `defuse worker`: background jobs only (PostgreSQL setups with separate workers). */
import { loadConfig } from '../../config/env.js';
import { createContainer } from '../../container.js';

export async function worker(): Promise<void> {
  const container = await createContainer(loadConfig());
  await container.startWorker();
  container.logger.info({ queue: container.queue.kind }, 'Defuse worker is up');
  const shutdown = async () => {
    await container.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}

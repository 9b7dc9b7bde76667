/** What the operator commands share: the CLI's actor, a container closed after the command, brand lookup by id or slug. */
import pino, { type Logger } from 'pino';
import { type AppConfig, loadConfig } from '../../config/env.js';
import { type Container, createContainer } from '../../container.js';
import type { Classifier } from '../../domain/classification/classifier.js';
import type { Actor } from '../../services/access.js';
import { ExitError } from '../exit-error.js';

export const OPERATOR: Actor = { type: 'system', name: 'cli' };

/**
 * Stands in for the model in commands that classify nothing (brand, user, token, report, corrections, and import,
 * which stores mentions and queues their processing for the worker): loading the model and the language detector
 * is most of such a command's time. Fails loudly if a command that was thought not to classify ever does.
 */
const NOT_LOADED: Classifier = {
  name: 'not-loaded',
  classify() {
    throw new Error('this command does not load the classifier (withContainer({ classifier: true }) loads it)');
  },
};

/**
 * Operator commands print their own lines, never the server's JSON logs:
 * those go to stderr, and only when asked for (`--verbose`, or LOG_LEVEL /
 * DEFUSE_LOG_LEVEL set), so stdout stays what the command prints.
 */
export function operatorLogger(config: AppConfig): Logger {
  return pino({ level: config.logLevelSet ? config.logLevel : 'silent' }, pino.destination(2));
}

/** A container for one command, closed after it; `classifier: true` for commands that classify (demo). */
export async function withContainer<T>(fn: (c: Container) => Promise<T>, options: { classifier?: boolean } = {}): Promise<T> {
  const config = loadConfig();
  const logger = operatorLogger(config);
  const container = await createContainer(config, options.classifier ? { logger } : { classifier: NOT_LOADED, logger });
  try {
    return await fn(container);
  } finally {
    await container.close();
  }
}

export async function brandIdOf(c: Container, ref: string): Promise<string> {
  const brand = await c.store.repos.brands.findByRef(ref);
  if (!brand) throw new ExitError(2, `no brand "${ref}" (give its id or slug; see \`defuse brand list\`)`);
  return brand.id;
}

/** What the operator commands share: the CLI's actor, a container closed after the command, brand lookup by id or slug. */
import { loadConfig } from '../../config/env.js';
import { type Container, createContainer } from '../../container.js';
import type { Actor } from '../../services/access.js';
import { ExitError } from '../exit-error.js';

export const OPERATOR: Actor = { type: 'system', name: 'cli' };

export async function withContainer<T>(fn: (c: Container) => Promise<T>): Promise<T> {
  const container = await createContainer(loadConfig(), {});
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

import type { FastifyRequest } from 'fastify';
import type { Container } from '../../container.js';
import { validationError } from '../../errors.js';
import { actorOf } from '../auth-hook.js';

export interface RouteOptions {
  container: Container;
}

/**
 * The brand a request is about: `?brand=` (id or slug), or the token's own
 * brand for an API token. Access is checked by the service it is passed to.
 */
export async function brandOf(req: FastifyRequest, container: Container, ref: string | undefined): Promise<string> {
  const actor = actorOf(req);
  if (!ref) {
    if (actor.type === 'token') return actor.brandId;
    throw validationError('brand is required (id or slug)', 'brand');
  }
  return container.brands.resolveBrandId(ref);
}

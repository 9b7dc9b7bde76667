import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RouteOptions } from '../route-context.js';

const Ready = z.object({ status: z.enum(['ready', 'unavailable']), database: z.enum(['ok', 'down']) });

/** Liveness and readiness for load balancers and orchestrators. */
export const healthRoutes: FastifyPluginAsyncZod<RouteOptions> = (app, { container }) => {
  app.get('/healthz', { schema: { hide: true, response: { 200: z.object({ status: z.literal('ok') }) } } }, () => ({ status: 'ok' as const }));
  app.get('/readyz', { schema: { hide: true, response: { 200: Ready, 503: Ready } } }, async (_req, reply) => {
    const db = await container.store.ping();
    return reply
      .status(db ? 200 : 503)
      .send({ status: db ? ('ready' as const) : ('unavailable' as const), database: db ? ('ok' as const) : ('down' as const) });
  });
  return Promise.resolve();
};

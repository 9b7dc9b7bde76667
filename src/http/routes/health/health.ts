import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { RouteOptions } from '../route-context.js';

/** Liveness and readiness for load balancers and orchestrators. */
export const healthRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { container }) => {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    const db = await container.store.ping();
    return reply.status(db ? 200 : 503).send({ status: db ? 'ready' : 'unavailable', database: db ? 'ok' : 'down' });
  });
};

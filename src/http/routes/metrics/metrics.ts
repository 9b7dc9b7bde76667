import { timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { forbidden } from '../../../errors.js';
import type { RouteOptions } from '../route-context.js';

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6 addresses. */
export function isLoopback(ip: string): boolean {
  const v4 = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
  return ip === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const [scheme, value] = (header ?? '').split(' ');
  if (scheme?.toLowerCase() !== 'bearer' || !value) return false;
  const a = Buffer.from(value);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Prometheus metrics for the operators, outside the API: with DEFUSE_METRICS_TOKEN set, only a caller sending it as
 * a bearer token; without it, only callers on this machine (loopback). The figures name no brand and no person.
 */
export const metricsRoutes: FastifyPluginAsyncZod<RouteOptions> = (app, { container }) => {
  app.get('/metrics', { schema: { hide: true, response: { 200: z.string() } } }, async (req, reply) => {
    const token = container.config.metricsToken;
    const allowed = token ? tokenMatches(req.headers.authorization, token) : isLoopback(req.ip);
    if (!allowed)
      throw forbidden(
        token
          ? 'GET /metrics needs the metrics token (DEFUSE_METRICS_TOKEN)'
          : 'GET /metrics answers this machine only; set DEFUSE_METRICS_TOKEN to scrape it from elsewhere',
      );
    return reply.type(container.metrics.contentType).send(await container.metrics.render());
  });
  return Promise.resolve();
};

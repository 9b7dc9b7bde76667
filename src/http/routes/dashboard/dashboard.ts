import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../auth-hook.js';
import { DateParam, toIso } from '../../query.js';
import type { RouteOptions } from '../route-context.js';
import { ok, DashboardSchema } from '../../contract/route-responses.js';

/** The dashboard's figures. */
export const dashboardRoutes: FastifyPluginAsyncZod<RouteOptions> = (app, { container }) => {
  const user = { auth: 'user' as const };
  const BrandParams = z.object({ brandId: z.string().min(1).max(100) });

  app.get(
    '/brands/:brandId/dashboard',
    {
      config: user,
      schema: {
        tags: ['reports'],
        summary: 'Dashboard figures: mentions by kind, topic and sentiment per day, response times, open work',
        response: ok(DashboardSchema),
        params: BrandParams,
        querystring: z.object({ from: DateParam.optional(), to: DateParam.optional() }),
      },
    },
    async (req) => {
      const id = await container.brands.resolveBrandId(req.params.brandId);
      return container.stats.dashboard(actorOf(req), id, { from: toIso(req.query.from), to: toIso(req.query.to) });
    },
  );
  return Promise.resolve();
};

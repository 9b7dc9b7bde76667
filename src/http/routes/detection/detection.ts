import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../auth-hook.js';
import { presentAlert, presentCampaign } from '../../presenters/presenters.js';
import { DateParam, toIso } from '../../query.js';
import type { RouteOptions } from '../route-context.js';
import { itemsOf, ok, CampaignSchema, SystemicAlertSchema } from '../../contract/route-responses.js';

/** What no single case shows: systemic problems and coordinated campaigns. */
export const detectionRoutes: FastifyPluginAsyncZod<RouteOptions> = (app, { container }) => {
  const user = { auth: 'user' as const };
  const BrandParams = z.object({ brandId: z.string().min(1).max(100) });
  const IdParams = z.object({ id: z.string().min(1).max(100) });

  app.get(
    '/brands/:brandId/systemic-alerts',
    {
      config: user,
      schema: {
        tags: ['reports'],
        summary: 'Systemic problems found: topics risen well above their weekly baseline',
        response: ok(itemsOf(SystemicAlertSchema)),
        params: BrandParams,
        querystring: z.object({ since: DateParam.optional() }),
      },
    },
    async (req) => {
      const id = await container.brands.resolveBrandId(req.params.brandId);
      return { items: (await container.detection.alerts(actorOf(req), id, toIso(req.query.since))).map(presentAlert) };
    },
  );

  app.get(
    '/brands/:brandId/campaigns',
    {
      config: user,
      schema: {
        tags: ['reports'],
        summary: 'Coordinated campaigns found (near-identical posts from different authors)',
        response: ok(itemsOf(CampaignSchema)),
        params: BrandParams,
        querystring: z.object({ since: DateParam.optional() }),
      },
    },
    async (req) => {
      const id = await container.brands.resolveBrandId(req.params.brandId);
      return { items: (await container.detection.campaigns(actorOf(req), id, toIso(req.query.since))).map(presentCampaign) };
    },
  );

  app.get(
    '/cases/:id/campaigns',
    {
      config: user,
      schema: { tags: ['reports'], summary: 'Campaigns this case is part of', response: ok(itemsOf(CampaignSchema)), params: IdParams },
    },
    async (req) => {
      return { items: (await container.detection.campaignsOfCase(actorOf(req), req.params.id)).map(presentCampaign) };
    },
  );
  return Promise.resolve();
};

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SavedViewFilterSchema, SavedViewNameSchema } from '../../../domain/cases/saved-view.js';
import type { SavedView } from '../../../repositories/saved-view.repository.js';
import { actorOf } from '../../auth-hook.js';
import { created, itemsOf, noContent, ok } from '../../contract/route-responses.js';
import { BrandParamsSchema } from '../brands/schema.js';
import type { RouteOptions } from '../route-context.js';

const SavedViewSchema = z.object({ id: z.string(), name: z.string(), filter: SavedViewFilterSchema, created_at: z.string() });
const present = (v: SavedView) => ({ id: v.id, name: v.name, filter: v.filter, created_at: v.createdAt });

/** Saved views: each person's own inbox filters, per brand. */
export const savedViewRoutes: FastifyPluginAsyncZod<RouteOptions> = (app, { container }) => {
  const views = container.savedViews;
  const user = { auth: 'user' as const };

  app.get(
    '/brands/:brandId/views',
    {
      config: user,
      schema: { tags: ['cases'], summary: 'My saved inbox views for the brand', params: BrandParamsSchema, response: ok(itemsOf(SavedViewSchema)) },
    },
    async (req) => ({ items: (await views.list(actorOf(req), await container.brands.resolveBrandId(req.params.brandId))).map(present) }),
  );

  app.post(
    '/brands/:brandId/views',
    {
      config: user,
      schema: {
        tags: ['cases'],
        summary: 'Save the inbox filter under a name (mine only)',
        params: BrandParamsSchema,
        body: z.object({ name: SavedViewNameSchema, filter: SavedViewFilterSchema }),
        response: created(SavedViewSchema),
      },
    },
    async (req, reply) => {
      const brandId = await container.brands.resolveBrandId(req.params.brandId);
      return reply.status(201).send(present(await views.add(actorOf(req), brandId, req.body.name, req.body.filter)));
    },
  );

  app.delete(
    '/views/:viewId',
    {
      config: user,
      schema: {
        tags: ['cases'],
        summary: 'Delete one of my saved views',
        params: z.object({ viewId: z.string().min(1).max(100) }),
        response: noContent(),
      },
    },
    async (req, reply) => {
      await views.remove(actorOf(req), req.params.viewId);
      return reply.status(204).send(null);
    },
  );
  return Promise.resolve();
};

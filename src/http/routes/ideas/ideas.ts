import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IDEA_STATUSES, type IdeaStatus } from '../../../domain/cases/follow-through.js';
import { actorOf } from '../../auth-hook.js';
import { presentIdea } from '../../presenters/presenters.js';
import { LimitParam, listParam } from '../../query.js';
import type { RouteOptions } from '../route-context.js';
import { created, itemsOf, ok, IdeaSchema } from '../../contract/route-responses.js';

/** The idea backlog: ideas from customers, kept with their status until their authors have had an answer. */
export const ideaRoutes: FastifyPluginAsyncZod<RouteOptions> = (app, { container }) => {
  const ft = container.followThrough;
  const user = { auth: 'user' as const };
  const tags = ['follow-through'];
  const BrandParams = z.object({ brandId: z.string().min(1).max(100) });
  const IdParams = z.object({ id: z.string().min(1).max(100) });

  app.get(
    '/brands/:brandId/ideas',
    {
      config: user,
      schema: {
        tags,
        summary: 'The idea backlog',
        response: ok(itemsOf(IdeaSchema)),
        params: BrandParams,
        querystring: z.object({ status: listParam(IDEA_STATUSES), limit: LimitParam }),
      },
    },
    async (req) => {
      const id = await container.brands.resolveBrandId(req.params.brandId);
      return { items: (await ft.listIdeas(actorOf(req), id, req.query.status as IdeaStatus[] | undefined, req.query.limit)).map(presentIdea) };
    },
  );

  app.post(
    '/cases/:id/idea',
    {
      config: user,
      schema: {
        tags,
        summary: 'Put the case into the idea backlog',
        response: created(IdeaSchema),
        params: IdParams,
        body: z.object({ summary: z.string().trim().min(1).max(2000) }),
      },
    },
    async (req, reply) => reply.status(201).send(presentIdea(await ft.markIdea(actorOf(req), req.params.id, req.body.summary))),
  );

  app.patch(
    '/ideas/:id',
    {
      config: user,
      schema: {
        tags,
        summary: "Change an idea's status",
        response: ok(IdeaSchema),
        params: IdParams,
        body: z.object({ status: z.enum(IDEA_STATUSES), note: z.string().trim().max(2000).nullable().optional() }),
      },
    },
    async (req) => presentIdea(await ft.updateIdea(actorOf(req), req.params.id, req.body)),
  );

  app.get(
    '/cases/:id/idea',
    {
      config: user,
      schema: {
        tags,
        summary: "The case's idea (null without one); `tell_customer` when the case page should prompt to tell its author the outcome",
        response: ok(z.object({ idea: IdeaSchema.nullable() })),
        params: IdParams,
      },
    },
    async (req) => {
      const idea = await ft.ideaOfCase(actorOf(req), req.params.id);
      return { idea: idea ? presentIdea(idea) : null };
    },
  );

  app.post(
    '/ideas/:id/prompt/dismiss',
    {
      config: user,
      schema: {
        tags,
        summary: 'Close the prompt to tell the customer the outcome without a reply from it (they were told another way); it does not come back',
        response: ok(IdeaSchema),
        params: IdParams,
      },
    },
    async (req) => presentIdea(await ft.dismissIdeaPrompt(actorOf(req), req.params.id)),
  );
  return Promise.resolve();
};

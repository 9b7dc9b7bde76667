import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FOLLOW_UP_OUTCOMES } from '../../../domain/cases/follow-through.js';
import { actorOf } from '../../auth-hook.js';
import { presentCase } from '../../presenters/presenters.js';
import type { RouteOptions } from '../route-context.js';
import { ok, CaseSchema } from '../../contract/route-responses.js';

/** Following a case through: the internal fix, and the "is it solved?" check. */
export const caseFollowUpRoutes: FastifyPluginAsyncZod<RouteOptions> = (app, { container }) => {
  const ft = container.followThrough;
  const user = { auth: 'user' as const };
  const tags = ['follow-through'];
  const caseOut = async (actor: ReturnType<typeof actorOf>, id: string) => presentCase(await container.cases.get(actor, id));
  const IdParams = z.object({ id: z.string().min(1).max(100) });

  app.put(
    '/cases/:id/fix',
    {
      config: user,
      schema: {
        tags,
        summary: 'Link the internal fix: a URL or an id in the team’s tracker',
        response: ok(CaseSchema),
        params: IdParams,
        body: z.object({ ref: z.string().trim().min(1).max(500) }),
      },
    },
    async (req) => {
      await ft.linkFix(actorOf(req), req.params.id, req.body.ref);
      return caseOut(actorOf(req), req.params.id);
    },
  );

  app.post(
    '/cases/:id/fix/shipped',
    {
      config: user,
      schema: { tags, summary: 'The fix shipped: the responder is reminded to tell the customer', response: ok(CaseSchema), params: IdParams },
    },
    async (req) => {
      await ft.fixShipped(actorOf(req), req.params.id);
      return caseOut(actorOf(req), req.params.id);
    },
  );

  app.post(
    '/cases/:id/follow-up',
    {
      config: user,
      schema: {
        tags,
        summary: 'Answer the "is it solved?" check: solved, not solved, or dismissed with a reason',
        response: ok(CaseSchema),
        params: IdParams,
        body: z.object({ outcome: z.enum(FOLLOW_UP_OUTCOMES), reason: z.string().trim().max(2000).nullable().optional() }),
      },
    },
    async (req) => {
      await ft.answerFollowUp(actorOf(req), req.params.id, req.body.outcome, req.body.reason);
      return caseOut(actorOf(req), req.params.id);
    },
  );
  return Promise.resolve();
};

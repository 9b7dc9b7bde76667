import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PLAYBOOK_KEYS } from '../../../domain/playbooks/playbook.js';
import { PlaybookStepsSchema } from '../../../domain/playbooks/playbook.js';
import { actorOf } from '../../auth-hook.js';
import type { RouteOptions } from '../route-context.js';
import { itemsOf, ok, PlaybookProgressSchema, PlaybookSchema } from '../../contract/route-responses.js';

const BrandParams = z.object({ brandId: z.string().min(1).max(100) });
const SituationParams = BrandParams.extend({ situation: z.enum(PLAYBOOK_KEYS) });
const CaseParams = z.object({ id: z.string().min(1).max(100) });
const StepParams = CaseParams.extend({ step: z.string().min(1).max(40) });

/** Playbooks per situation (brand defaults or the brand's own) and a case's progress through its playbook. */
export const playbookRoutes: FastifyPluginAsyncZod<RouteOptions> = (app, { container }) => {
  const playbooks = container.playbooks;
  const user = { auth: 'user' as const };
  const tags = ['playbooks'];

  app.get(
    '/brands/:brandId/playbooks',
    {
      config: user,
      schema: { tags, summary: "The brand's playbook for each situation", response: ok(itemsOf(PlaybookSchema)), params: BrandParams },
    },
    async (req) => {
      const id = await container.brands.resolveBrandId(req.params.brandId);
      return { items: await playbooks.list(actorOf(req), id) };
    },
  );

  app.put(
    '/brands/:brandId/playbooks/:situation',
    {
      config: user,
      schema: {
        tags,
        summary: "Replace a situation's playbook (managers)",
        response: ok(PlaybookSchema),
        params: SituationParams,
        body: z.object({ steps: PlaybookStepsSchema }),
      },
    },
    async (req) => {
      const id = await container.brands.resolveBrandId(req.params.brandId);
      return playbooks.put(actorOf(req), id, req.params.situation, req.body.steps);
    },
  );

  app.delete(
    '/brands/:brandId/playbooks/:situation',
    { config: user, schema: { tags, summary: 'Back to the default playbook (managers)', response: ok(PlaybookSchema), params: SituationParams } },
    async (req) => {
      const id = await container.brands.resolveBrandId(req.params.brandId);
      return playbooks.reset(actorOf(req), id, req.params.situation);
    },
  );

  app.get(
    '/cases/:id/playbook',
    {
      config: user,
      schema: { tags, summary: "The case's playbook, its steps done and the current step", response: ok(PlaybookProgressSchema), params: CaseParams },
    },
    async (req) => playbooks.progress(actorOf(req), req.params.id),
  );

  app.post(
    '/cases/:id/playbook/steps/:step',
    {
      config: user,
      schema: { tags, summary: 'Mark a step done (recorded in the timeline)', response: ok(PlaybookProgressSchema), params: StepParams },
    },
    async (req) => playbooks.completeStep(actorOf(req), req.params.id, req.params.step),
  );

  app.put(
    '/cases/:id/playbook',
    {
      config: user,
      schema: {
        tags,
        summary: "Switch the case to another situation's playbook (managers)",
        response: ok(PlaybookProgressSchema),
        params: CaseParams,
        body: z.object({ situation: z.enum(PLAYBOOK_KEYS) }),
      },
    },
    async (req) => playbooks.switchPlaybook(actorOf(req), req.params.id, req.body.situation),
  );
  return Promise.resolve();
};

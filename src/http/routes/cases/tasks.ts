import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../auth-hook.js';
import { presentTask } from '../../presenters/presenters.js';
import type { RouteOptions } from '../route-context.js';
import { created, itemsOf, ok, TaskSchema } from '../../contract/route-responses.js';
import { NewCallBackSchema } from './schema.js';

/** Tasks on a case: call-backs promised to the customer (going private by phone). */
export const caseTaskRoutes: FastifyPluginAsyncZod<RouteOptions> = (app, { container }) => {
  const tasks = container.tasks;
  const user = { auth: 'user' as const };
  const tags = ['cases'];
  const IdParams = z.object({ id: z.string().min(1).max(100) });

  app.get(
    '/cases/:id/tasks',
    { config: user, schema: { tags, summary: "The case's tasks (call-backs), oldest first", response: ok(itemsOf(TaskSchema)), params: IdParams } },
    async (req) => ({ items: (await tasks.list(actorOf(req), req.params.id)).map(presentTask) }),
  );

  app.post(
    '/cases/:id/tasks',
    {
      config: user,
      schema: {
        tags,
        summary: 'A call-back task: a phone number and when to call; it keeps the case open and its time counts as a deadline',
        response: created(TaskSchema),
        params: IdParams,
        body: NewCallBackSchema,
      },
    },
    async (req, reply) => {
      const b = req.body;
      const t = await tasks.create(actorOf(req), req.params.id, {
        phone: b.phone,
        note: b.note,
        dueAt: new Date(b.due_at),
        assigneeId: b.assignee_id,
      });
      return reply.status(201).send(presentTask(t));
    },
  );

  app.post(
    '/tasks/:id/done',
    { config: user, schema: { tags, summary: 'Mark a task done (the call was made)', response: ok(TaskSchema), params: IdParams } },
    async (req) => presentTask(await tasks.done(actorOf(req), req.params.id)),
  );
  return Promise.resolve();
};

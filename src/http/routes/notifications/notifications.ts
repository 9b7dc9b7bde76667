import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../auth-hook.js';
import { presentNotification } from '../../presenters/presenters.js';
import { LimitParam } from '../../query.js';
import type { RouteOptions } from '../route-context.js';
import { itemsOf, ok, NotificationSchema } from '../../contract/route-responses.js';

/** The signed-in person's notifications. */
export const notificationRoutes: FastifyPluginAsyncZod<RouteOptions> = (app, { container }) => {
  const user = { auth: 'user' as const };
  const tags = ['notifications'];

  app.get(
    '/notifications',
    {
      config: user,
      schema: {
        tags,
        summary: 'Your notifications, newest first',
        response: ok(itemsOf(NotificationSchema)),
        querystring: z.object({ unread: z.enum(['true', 'false']).default('false'), limit: LimitParam }),
      },
    },
    async (req) => ({
      items: (await container.notifications.list(actorOf(req), { unreadOnly: req.query.unread === 'true', limit: req.query.limit })).map(
        presentNotification,
      ),
    }),
  );

  app.post(
    '/notifications/read',
    {
      config: user,
      schema: {
        tags,
        summary: 'Mark notifications read',
        response: ok(z.object({ updated: z.number() })),
        body: z.object({ ids: z.array(z.string().min(1).max(100)).min(1).max(500) }),
      },
    },
    async (req) => ({ updated: await container.notifications.markRead(actorOf(req), req.body.ids) }),
  );
  return Promise.resolve();
};

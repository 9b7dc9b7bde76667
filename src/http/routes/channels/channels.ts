import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../auth-hook.js';
import type { RouteOptions } from '../route-context.js';
import {
  AddedConnectionSchema,
  ConnectionSchema,
  ConnectorTypeSchema,
  created,
  FetchOutcomeSchema,
  HookResultSchema,
  itemsOf,
  ListeningPreviewSchema,
  noContent,
  ok,
} from '../../contract/route-responses.js';

const Query = z.looseObject({
  include: z.array(z.string().max(200)).max(200).optional(),
  exclude: z.array(z.string().max(200)).max(200).optional(),
  languages: z.array(z.string().max(10)).max(50).optional(),
});

/**
 * A brand's channel connections (Settings → Channels): admins and managers manage them, every member reads them.
 * Config and secrets are checked by the connector's own schemas in the service (a bad field answers 400 naming it).
 */
export const channelRoutes: FastifyPluginAsyncZod<RouteOptions> = (app, { container }) => {
  const channels = container.channels;
  const user = { auth: 'user' as const };
  const tags = ['channels'];
  const BrandParams = z.object({ brandId: z.string().min(1).max(100) });
  const ConnParams = BrandParams.extend({ connectionId: z.string().min(1).max(100) });

  app.get(
    '/brands/:brandId/connector-types',
    {
      config: user,
      schema: { tags, summary: 'The channel types this installation can connect', params: BrandParams, response: ok(itemsOf(ConnectorTypeSchema)) },
    },
    async (req) => ({
      items: channels
        .connectorTypes(actorOf(req), await container.brands.resolveBrandId(req.params.brandId))
        .map((t) => ({ ...t, fields: [...t.fields] })),
    }),
  );

  app.get(
    '/brands/:brandId/connections',
    {
      config: user,
      schema: { tags, summary: "The brand's channel connections, with their health", params: BrandParams, response: ok(itemsOf(ConnectionSchema)) },
    },
    async (req) => ({ items: await channels.list(actorOf(req), await container.brands.resolveBrandId(req.params.brandId)) }),
  );

  app.post(
    '/brands/:brandId/connections',
    {
      config: user,
      schema: {
        tags,
        summary: 'Connect a channel (secrets are stored encrypted and never shown again)',
        params: BrandParams,
        body: z.object({
          type: z.string().min(1).max(40),
          name: z.string().trim().max(200).optional(),
          channel: z.string().max(40).optional(),
          config: z.record(z.string(), z.unknown()).default({}),
          secrets: z.record(z.string(), z.unknown()).optional(),
          query: Query.nullable().optional(),
        }),
        response: created(AddedConnectionSchema),
      },
    },
    async (req, reply) => {
      const brandId = await container.brands.resolveBrandId(req.params.brandId);
      const { connection, webhookSecret } = await channels.add(actorOf(req), brandId, req.body);
      return reply.status(201).send({ ...connection, webhook_secret: webhookSecret });
    },
  );

  app.patch(
    '/brands/:brandId/connections/:connectionId',
    {
      config: user,
      schema: {
        tags,
        summary: 'Change, pause or resume a connection (a secret left out is kept, null removes it)',
        params: ConnParams,
        body: z.object({
          name: z.string().trim().max(200).optional(),
          config: z.record(z.string(), z.unknown()).optional(),
          secrets: z.record(z.string(), z.unknown()).optional(),
          query: Query.nullable().optional(),
          status: z.enum(['active', 'paused']).optional(),
        }),
        response: ok(ConnectionSchema),
      },
    },
    async (req) => channels.update(actorOf(req), await container.brands.resolveBrandId(req.params.brandId), req.params.connectionId, req.body),
  );

  app.delete(
    '/brands/:brandId/connections/:connectionId',
    { config: user, schema: { tags, summary: 'Remove a connection (its mentions stay)', params: ConnParams, response: noContent() } },
    async (req, reply) => {
      await channels.remove(actorOf(req), await container.brands.resolveBrandId(req.params.brandId), req.params.connectionId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/brands/:brandId/connections/:connectionId/fetch',
    {
      config: user,
      schema: { tags, summary: 'Fetch now: what the channel has, stored as mentions', params: ConnParams, response: ok(FetchOutcomeSchema) },
    },
    async (req) => {
      const o = await channels.fetchNow(actorOf(req), await container.brands.resolveBrandId(req.params.brandId), req.params.connectionId);
      return { created: o.created, duplicates: o.duplicates, skipped: o.skipped, items: o.items, error: o.error };
    },
  );

  app.post(
    '/brands/:brandId/listening/preview',
    {
      config: user,
      schema: {
        tags,
        summary: "What a listening query would have matched among the last items the brand's channels fetched",
        params: BrandParams,
        body: z.object({ query: z.record(z.string(), z.unknown()) }),
        response: ok(ListeningPreviewSchema),
      },
    },
    async (req) => container.listening.preview(actorOf(req), await container.brands.resolveBrandId(req.params.brandId), req.body.query),
  );

  app.post(
    '/hooks/connections/:connectionId',
    {
      // No sign-in: the channel pushes, authenticated by the connection's webhook secret.
      config: { auth: 'public' as const },
      schema: {
        tags,
        summary: "A channel's webhook push (e.g. Telegram updates), with the connection's secret",
        params: z.object({ connectionId: z.string().min(1).max(100) }),
        body: z.unknown(),
        response: ok(HookResultSchema),
      },
    },
    async (req) => {
      const h = req.headers['x-defuse-hook-secret'] ?? req.headers['x-telegram-bot-api-secret-token'];
      return channels.receive(req.params.connectionId, Array.isArray(h) ? h[0] : h, req.body);
    },
  );
  return Promise.resolve();
};

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../auth-hook.js';
import type { RouteOptions } from '../route-context.js';
import { itemsOf, ok, AuditEventSchema, AuthorExportSchema, AuthorSchema, ErasureSchema } from '../../contract/route-responses.js';

/** People's data: find an author, export everything held about them, erase it (managers and admins). */
export const authorRoutes: FastifyPluginAsyncZod<RouteOptions> = (app, { container }) => {
  const user = { auth: 'user' as const };
  const tags = ['data requests'];
  const data = container.personalData;
  const BrandParams = z.object({ brandId: z.string().min(1).max(100) });
  const AuthorParams = BrandParams.extend({ authorId: z.string().min(1).max(100) });

  app.get(
    '/brands/:brandId/authors',
    {
      config: user,
      schema: {
        tags,
        summary: 'Authors with this handle (on one channel, or on every channel): to find whose data a request is about',
        response: ok(itemsOf(AuthorSchema)),
        params: BrandParams,
        querystring: z.object({ handle: z.string().min(1).max(500), channel: z.string().min(1).max(64).optional() }),
      },
    },
    async (req) => {
      const id = await container.brands.resolveBrandId(req.params.brandId);
      const authors = await data.findAuthors(actorOf(req), id, req.query.handle, req.query.channel);
      return {
        items: authors.map((a) => ({
          id: a.id,
          channel: a.channelKey,
          handle: a.handle,
          display_name: a.displayName,
          profile_url: a.profileUrl,
          first_seen_at: a.createdAt,
          erased_at: a.erasedAt ?? null,
        })),
      };
    },
  );

  app.get(
    '/brands/:brandId/authors/:authorId/export',
    {
      config: user,
      schema: {
        tags,
        summary:
          'Everything held about an author, as JSON: their record, mentions (texts, links, dates, classification), cases, the replies sent to them and the notes on their cases',
        response: ok(AuthorExportSchema),
        params: AuthorParams,
      },
    },
    async (req, reply) => {
      const id = await container.brands.resolveBrandId(req.params.brandId);
      const doc = await data.export(actorOf(req), id, req.params.authorId);
      return reply.header('content-disposition', `attachment; filename="defuse-author-${doc.author.id}.json"`).send(doc);
    },
  );

  app.post(
    '/brands/:brandId/authors/:authorId/erase',
    {
      config: user,
      schema: {
        tags,
        summary:
          'Erase an author: texts, names, handle, links and extra fields replaced ("[erased]", a stable pseudonym), counts and kinds kept, full-text entries removed; recorded on the audit trail. Cannot be undone.',
        response: ok(ErasureSchema),
        params: AuthorParams,
      },
    },
    async (req) => {
      const id = await container.brands.resolveBrandId(req.params.brandId);
      return data.erase(actorOf(req), id, req.params.authorId);
    },
  );
  app.get(
    '/brands/:brandId/audit',
    {
      config: user,
      schema: {
        tags,
        summary: "The brand's audit trail of data requests, newest first: exports, erasures and retention runs, with who, when and how many items",
        response: ok(itemsOf(AuditEventSchema)),
        params: BrandParams,
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) }),
      },
    },
    async (req) => {
      const id = await container.brands.resolveBrandId(req.params.brandId);
      const events = await data.auditTrail(actorOf(req), id, req.query.limit);
      return { items: events.map((e) => ({ id: e.id, type: e.type, actor: { type: e.actorType, id: e.actorId }, data: e.data, at: e.createdAt })) };
    },
  );
  return Promise.resolve();
};

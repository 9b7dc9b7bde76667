import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../auth-hook.js';
import type { RouteOptions } from '../route-context.js';
import { ok, EvidenceSchema } from '../../contract/route-responses.js';
import { CaseParamsSchema } from './schema.js';

/** A case's evidence bundle (black PR, threats): JSON with SHA-256 hashes, or the same as a PDF. Managers and admins. */
export const caseEvidenceRoutes: FastifyPluginAsyncZod<RouteOptions> = (app, { container }) => {
  app.get(
    '/cases/:id/evidence',
    {
      config: { auth: 'user' as const },
      schema: {
        tags: ['cases'],
        summary:
          "The case's evidence: its timeline (every event, who and when), original texts and links, replies and notes, each with a SHA-256, and one for the bundle",
        description: 'As JSON (below), or with `format=pdf` the same bundle printed to PDF (texts escaped, hashes shown).',
        response: ok(EvidenceSchema),
        params: CaseParamsSchema,
        querystring: z.object({ format: z.enum(['json', 'pdf']).default('json') }),
      },
    },
    async (req, reply) => {
      const bundle = await container.evidence.bundle(actorOf(req), req.params.id);
      const name = `defuse-evidence-${bundle.case.id}`;
      if (req.query.format === 'json') return reply.header('content-disposition', `attachment; filename="${name}.json"`).send(bundle);
      const pdf = await container.evidence.pdfOf(bundle);
      // A file, not the JSON shape the schema declares.
      const raw = reply as unknown as FastifyReply;
      return raw.type('application/pdf').header('content-disposition', `attachment; filename="${name}.pdf"`).send(pdf);
    },
  );
  return Promise.resolve();
};

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { KINDS, SENTIMENTS, SITUATIONS, TOPICS } from '../../../domain/labels.js';
import { MentionInputSchema } from '../../../domain/mentions/mention-input.js';
import { searchTerms } from '../../../domain/mentions/search-text.js';
import { validationError } from '../../../errors.js';
import { issueReport } from '../../../validation-messages.js';
import { actorOf } from '../../auth-hook.js';
import { presentBrandModelStatus, presentMention } from '../../presenters/presenters.js';
import { toIso } from '../../query.js';
import { brandOf, type RouteOptions } from '../route-context.js';
import { IngestBodySchema, IngestQuerySchema, MentionBatchSchema, MentionListQuerySchema, MentionParamsSchema } from './schema.js';
import {
  created,
  itemsOf,
  ok,
  pageOf,
  CorrectionResultSchema,
  IngestResultSchema,
  LabelledExampleSchema,
  MentionSchema,
  SecondOpinionUsageSchema,
  BrandModelStatusSchema,
  BrandModelTrainSchema,
} from '../../contract/route-responses.js';

/** The first issue of a failed parse as a 400 naming its field (`mentions.3.text`), `whole` when the issue has no path. */
function firstIssue(error: z.ZodError, whole: string) {
  const { field, message, problem } = issueReport(error.issues[0]!, whole);
  return validationError(message, field, problem);
}

/** Parses one mention or a batch; a batch with one bad mention is refused whole, naming it. */
function parseIngestBody(body: unknown) {
  const isBatch = typeof body === 'object' && body !== null && 'mentions' in body;
  const schema: z.ZodType = isBatch ? MentionBatchSchema : MentionInputSchema;
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw firstIssue(parsed.error, 'body');
  return isBatch ? (parsed.data as z.infer<typeof MentionBatchSchema>).mentions : [parsed.data as z.infer<typeof MentionInputSchema>];
}

/** The ingest route's query; checked in the handler, as its validator is turned off for the body. */
function parseIngestQuery(query: unknown) {
  const parsed = IngestQuerySchema.safeParse(query ?? {});
  if (!parsed.success) throw firstIssue(parsed.error, 'query');
  return parsed.data;
}

/** Ingestion (brand API token) and the searchable mention list. */
const CorrectionSchema = z
  .object({
    kind: z.enum(KINDS).optional(),
    sentiment: z.enum(SENTIMENTS).optional(),
    situation: z.enum(SITUATIONS).optional(),
    topics: z.array(z.enum(TOPICS)).max(TOPICS.length).optional(),
  })
  .refine((c) => c.kind || c.sentiment || c.situation || c.topics, { message: 'give kind, sentiment, situation or topics', path: ['kind'] });

export const mentionRoutes: FastifyPluginAsyncZod<RouteOptions> = (app, { container }) => {
  app.post(
    '/mentions',
    {
      bodyLimit: container.config.maxBodyBytes,
      // The body is validated in the handler, which knows whether it is one mention or a batch.
      validatorCompiler: () => (data: unknown) => ({ value: data }),
      schema: {
        tags: ['mentions'],
        summary: 'Send one mention or a batch of up to 1,000 (idempotent per channel and external id)',
        response: { ...ok(IngestResultSchema), ...created(IngestResultSchema) },
        description:
          'Authenticate with a brand API token: `Authorization: Bearer dfs_…`. Mentions are committed before the answer. A mention sent again is reported as `duplicate` and not stored twice. Answers 201 when something new was stored, 200 when everything was a duplicate.',
        body: IngestBodySchema,
        querystring: IngestQuerySchema,
      },
    },
    async (req, reply) => {
      const query = parseIngestQuery(req.query);
      const inputs = parseIngestBody(req.body);
      const brandId = await brandOf(req, container, query.brand);
      const result = await container.ingest.ingest(actorOf(req), brandId, inputs);
      return reply.status(result.created > 0 ? 201 : 200).send(result);
    },
  );

  app.get(
    '/mentions',
    {
      schema: {
        tags: ['mentions'],
        summary: 'Mentions, newest first, with filters and full-text search',
        response: ok(pageOf(MentionSchema)),
        querystring: MentionListQuerySchema,
      },
    },
    async (req) => {
      const q = req.query;
      const brandId = await brandOf(req, container, q.brand);
      const channelIds = q.channel?.length ? await container.mentions.channelIdsFor(brandId, q.channel) : undefined;
      const terms = q.q ? searchTerms(q.q) : undefined;
      const page = await container.mentions.list(actorOf(req), {
        brandId,
        kinds: q.kind,
        sentiments: q.sentiment,
        situations: q.situation,
        topics: q.topic,
        channelIds,
        languages: q.language,
        terms: terms?.length ? terms : undefined,
        from: toIso(q.from),
        to: toIso(q.to),
        limit: q.limit,
        cursor: q.cursor,
      });
      return { items: page.items.map(presentMention), next_cursor: page.nextCursor, total: page.total };
    },
  );

  app.get(
    '/mentions/:id',
    { schema: { tags: ['mentions'], summary: 'One mention with its classification', response: ok(MentionSchema), params: MentionParamsSchema } },
    async (req) => presentMention(await container.mentions.get(actorOf(req), req.params.id)),
  );

  app.post(
    '/mentions/:id/correction',
    {
      config: { auth: 'user' },
      schema: {
        tags: ['mentions'],
        summary: 'Correct the classifier: kept for retraining; the case follows it',
        response: created(CorrectionResultSchema),
        params: MentionParamsSchema,
        body: CorrectionSchema,
      },
    },
    async (req, reply) => {
      const row = await container.corrections.correct(actorOf(req), req.params.id, req.body);
      return reply.status(201).send({
        id: row.id,
        mention_id: row.mentionId,
        kind: row.kind,
        sentiment: row.sentiment,
        situation: row.situation,
        created_at: row.createdAt,
      });
    },
  );

  app.get(
    '/brands/:brandId/corrections',
    {
      config: { auth: 'user' },
      schema: {
        tags: ['mentions'],
        summary: 'Corrections as labelled examples, for retraining (managers)',
        response: ok(itemsOf(LabelledExampleSchema)),
        params: z.object({ brandId: z.string().min(1).max(100) }),
      },
    },
    async (req) => {
      const id = await container.brands.resolveBrandId(req.params.brandId);
      return { items: await container.corrections.export(actorOf(req), id) };
    },
  );

  app.get(
    '/brands/:brandId/second-opinion',
    {
      config: { auth: 'user' },
      schema: {
        tags: ['mentions'],
        summary: "The second opinion's state: endpoint, limits and today's outcomes (managers)",
        response: ok(SecondOpinionUsageSchema),
        params: z.object({ brandId: z.string().min(1).max(100) }),
      },
    },
    async (req) => container.secondOpinion.usage(actorOf(req), await container.brands.resolveBrandId(req.params.brandId)),
  );
  app.get(
    '/brands/:brandId/brand-model',
    {
      config: { auth: 'user' },
      schema: {
        tags: ['mentions'],
        summary: "Learning from the team's corrections: the setting, the corrections and the brand's trained layer (managers)",
        response: ok(BrandModelStatusSchema),
        params: z.object({ brandId: z.string().min(1).max(100) }),
      },
    },
    async (req) =>
      presentBrandModelStatus(await container.brandModels.status(actorOf(req), await container.brands.resolveBrandId(req.params.brandId))),
  );

  app.post(
    '/brands/:brandId/brand-model/train',
    {
      config: { auth: 'user' },
      schema: {
        tags: ['mentions'],
        summary: "Retrain the brand's layer from its corrections now, as `defuse train --brand` does (managers)",
        response: ok(BrandModelTrainSchema),
        params: z.object({ brandId: z.string().min(1).max(100) }),
      },
    },
    async (req) => container.brandModels.train(actorOf(req), await container.brands.resolveBrandId(req.params.brandId)),
  );
  return Promise.resolve();
};

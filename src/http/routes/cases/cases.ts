import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { searchTerms } from '../../../domain/mentions/search-text.js';
import { actorOf } from '../../auth-hook.js';
import { presentCase, presentNote, presentTimelineEntry } from '../../presenters/presenters.js';
import { toIso } from '../../query.js';
import type { CaseQuery } from '../../../services/cases/case.service.js';
import { brandOf, type RouteOptions } from '../route-context.js';

/** The search as an author's handle or name: without a leading @, at least two characters. */
function authorQuery(q: string | undefined): string | undefined {
  const who = q?.trim().replace(/^@/, '').slice(0, 100);
  return who && who.length >= 2 ? who : undefined;
}
import {
  BrandTagsQuerySchema,
  BringBackSchema,
  BulkChangeSchema,
  CaseChangeSchema,
  CaseListQuerySchema,
  CaseParamsSchema,
  NewNoteSchema,
  TagsChangeSchema,
} from './schema.js';
import { BrandParamsSchema } from '../brands/schema.js';
import {
  created,
  itemsOf,
  ok,
  pageOf,
  AuthorContextSchema,
  BulkChangeResultSchema,
  CaseSchema,
  NoteSchema,
  TagCountSchema,
  TimelineEntrySchema,
} from '../../contract/route-responses.js';

/** The inbox and the work on one case. */
export const caseRoutes: FastifyPluginAsyncZod<RouteOptions> = (app, { container }) => {
  const caseService = container.cases;
  const user = { auth: 'user' as const };

  app.get(
    '/cases',
    {
      config: user,
      schema: {
        tags: ['cases'],
        summary:
          'The inbox: cases with filters, most recent first or (`sort=due`) soonest deadline first; `total` capped (`total_capped`: at least that many); with topics or `q`, a page may hold fewer than `limit` cases and still a `next_cursor`, where its walk stopped',
        response: ok(pageOf(CaseSchema).extend({ total_capped: z.boolean() })),
        querystring: CaseListQuerySchema,
      },
    },
    async (req) => {
      const q = req.query;
      const actor = actorOf(req);
      const brandId = await brandOf(req, container, q.brand);
      const terms = q.q ? searchTerms(q.q) : undefined;

      const assigneeId =
        q.assignee === undefined
          ? undefined
          : q.assignee === 'none'
            ? null
            : q.assignee === 'me' && actor.type === 'user'
              ? actor.userId
              : q.assignee;
      const page = await caseService.list(actor, {
        brandId,
        statuses: q.status,
        kinds: q.kind,
        sentiments: q.sentiment,
        topics: q.topic,
        channelIds: q.channel?.length ? await container.mentions.channelIdsFor(brandId, q.channel) : undefined,
        languages: q.language,
        assigneeId,
        terms: terms?.length ? terms : undefined,
        authorQuery: authorQuery(q.q),
        deadline: q.deadline as CaseQuery['deadline'],
        flags: q.flag,
        team: q.team,
        tags: q.tag?.length ? [...new Set(q.tag)] : undefined,
        from: toIso(q.from),
        to: toIso(q.to),
        limit: q.limit,
        cursor: q.cursor,
        sort: q.sort,
      });
      return { items: page.items.map(presentCase), next_cursor: page.nextCursor, total: page.total, total_capped: page.totalCapped };
    },
  );

  app.get(
    '/cases/:id',
    { config: user, schema: { tags: ['cases'], summary: 'One case', response: ok(CaseSchema), params: CaseParamsSchema } },
    async (req) => presentCase(await caseService.get(actorOf(req), req.params.id)),
  );

  app.get(
    '/cases/:id/author',
    {
      config: user,
      schema: {
        tags: ['cases'],
        summary:
          'Who wrote the case: handle, name, profile link, channel, first seen, how many mentions and cases, the last sentiment and kind, and their other cases (newest first, at most 20). Per author record: the same handle on another channel is not merged. An erased author shows as erased, without texts.',
        response: ok(AuthorContextSchema),
        params: CaseParamsSchema,
      },
    },
    async (req) => {
      const a = await caseService.author(actorOf(req), req.params.id);
      return {
        id: a.id,
        channel: a.channelKey,
        handle: a.handle,
        name: a.displayName,
        profile_url: a.profileUrl,
        first_seen_at: a.firstSeenAt,
        erased: a.erasedAt !== null,
        erased_at: a.erasedAt,
        mentions: a.mentions,
        cases: a.cases,
        last_sentiment: a.lastSentiment,
        last_kind: a.lastKind,
        last_mention_at: a.lastMentionAt,
        other_cases: a.otherCases.map((o) => ({
          id: o.id,
          status: o.status,
          kind: o.kind,
          subject: o.subject,
          opened_at: o.openedAt,
          last_mention_at: o.lastMentionAt,
        })),
      };
    },
  );

  app.get(
    '/cases/:id/timeline',
    {
      config: user,
      schema: {
        tags: ['cases'],
        summary: "The case's history: mentions, replies, notes, changes",
        response: ok(itemsOf(TimelineEntrySchema)),
        params: CaseParamsSchema,
      },
    },
    async (req) => ({
      items: (await caseService.timeline(actorOf(req), req.params.id)).map(presentTimelineEntry),
    }),
  );

  app.patch(
    '/cases/:id',
    {
      config: user,
      schema: {
        tags: ['cases'],
        summary:
          'Change status (with a reason for not engaging; `reason_code` and `reason` to resolve an unanswered complaint), assignee or team (`team_id`: the person follows the team unless `assignee_id` is given)',
        response: ok(CaseSchema),
        params: CaseParamsSchema,
        body: CaseChangeSchema,
      },
    },
    async (req) =>
      presentCase(
        await caseService.change(actorOf(req), req.params.id, {
          status: req.body.status,
          reason: req.body.reason,
          reasonCode: req.body.reason_code,
          assigneeId: req.body.assignee_id,
          teamId: req.body.team_id,
        }),
      ),
  );

  app.post(
    '/cases/bulk',
    {
      config: user,
      schema: {
        tags: ['cases'],
        summary:
          'The same change on up to 100 cases (bulk assign to a person or a team, resolve, not engaging, tags put on with `add_tags` or taken off with `remove_tags`); each case is checked on its own',
        response: ok(BulkChangeResultSchema),
        body: BulkChangeSchema,
      },
    },
    async (req) => {
      const { change } = req.body;
      const results = await caseService.changeMany(actorOf(req), await brandOf(req, container, req.body.brand), req.body.case_ids, {
        status: change.status,
        reason: change.reason,
        reasonCode: change.reason_code,
        assigneeId: change.assignee_id,
        teamId: change.team_id,
        addTags: change.add_tags,
        removeTags: change.remove_tags,
      });
      return {
        changed: results.filter((r) => r.ok).length,
        failed: results.filter((r) => !r.ok).length,
        items: results.map((r) => (r.ok ? { id: r.id, ok: true, case: presentCase(r.case) } : { id: r.id, ok: false, error: r.error })),
      };
    },
  );

  app.put(
    '/cases/:id/tags',
    {
      config: user,
      schema: {
        tags: ['cases'],
        summary:
          "Put tags on the case (`add`) and take others off (`remove`): each 1–40 characters, kept trimmed and lower-cased (any script), at most 20 on a case; the case's timeline records them",
        response: ok(CaseSchema),
        params: CaseParamsSchema,
        body: TagsChangeSchema,
      },
    },
    async (req) => presentCase(await caseService.tag(actorOf(req), req.params.id, req.body.add ?? [], req.body.remove ?? [])),
  );

  app.get(
    '/brands/:brandId/tags',
    {
      config: user,
      schema: {
        tags: ['cases'],
        summary:
          "The brand's tags with how many cases carry each, the most used first (`q`: those starting with it), for completion and the inbox's `tag=` filter",
        response: ok(itemsOf(TagCountSchema)),
        params: BrandParamsSchema,
        querystring: BrandTagsQuerySchema,
      },
    },
    async (req) => {
      const brandId = await container.brands.resolveBrandId(req.params.brandId);
      const q = req.query.q?.trim();
      return { items: await caseService.brandTags(actorOf(req), brandId, q || undefined, req.query.limit) };
    },
  );

  app.post(
    '/cases/:id/snooze',
    {
      config: user,
      schema: {
        tags: ['cases'],
        summary: 'Snooze: the case waits until then and comes back by itself (or when the customer writes); the deadline keeps running',
        response: ok(CaseSchema),
        params: CaseParamsSchema,
        body: z
          .object({ until: z.iso.datetime({ offset: true }).optional(), hours: z.number().positive().max(720).optional() })
          .refine((b) => Boolean(b.until) !== Boolean(b.hours), { message: 'give until or hours', path: ['until'] }),
      },
    },
    async (req) => {
      const until = req.body.until ? new Date(req.body.until) : new Date(container.clock.now().getTime() + req.body.hours! * 3_600_000);
      return presentCase(await caseService.snooze(actorOf(req), req.params.id, until));
    },
  );

  app.post(
    '/cases/:id/bring-back',
    {
      config: user,
      schema: {
        tags: ['cases'],
        summary: 'Bring a "not engaging" case back to work (in progress, a normal deadline from now); a kind given is stored as a correction',
        response: ok(CaseSchema),
        params: CaseParamsSchema,
        body: BringBackSchema,
      },
    },
    async (req) => presentCase(await container.review.bringBack(actorOf(req), req.params.id, req.body?.kind)),
  );

  app.post(
    '/cases/:id/notes',
    {
      config: user,
      schema: {
        tags: ['cases'],
        summary: 'Add an internal note (never shown to the customer)',
        response: created(NoteSchema),
        params: CaseParamsSchema,
        body: NewNoteSchema,
      },
    },
    async (req, reply) => reply.status(201).send(presentNote(await caseService.addNote(actorOf(req), req.params.id, req.body.body))),
  );
  return Promise.resolve();
};

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { type CheckLanguage, checkReplyFull } from '../../../domain/replies/reply-checker.js';
import { actorOf } from '../../auth-hook.js';
import { presentReply, presentTask } from '../../presenters/presenters.js';
import type { RouteOptions } from '../route-context.js';
import {
  ApproveSchema,
  CheckOnCaseSchema,
  CheckSchema,
  DraftSchema,
  EditReplySchema,
  GoPrivateResultSchema,
  GoPrivateSchema,
  IdParamsSchema,
  NewReplySchema,
  PostedSchema,
  RejectSchema,
  SendDraftSchema,
} from './schema.js';
import { created, itemsOf, ok, CheckResultSchema, DraftResultSchema, ReplySchema } from '../../contract/route-responses.js';

/** The reply studio: write and check replies, approval, posting and delivery. */
export const replyRoutes: FastifyPluginAsyncZod<RouteOptions> = (app, { container }) => {
  const replies = container.replies;
  const user = { auth: 'user' as const };
  const tags = ['replies'];

  app.get(
    '/cases/:id/replies',
    { config: user, schema: { tags, summary: "The case's replies with their state", response: ok(itemsOf(ReplySchema)), params: IdParamsSchema } },
    async (req) => ({
      items: (await replies.listForCase(actorOf(req), req.params.id)).map(presentReply),
    }),
  );

  app.post(
    '/cases/:id/replies',
    {
      config: user,
      schema: {
        tags,
        summary:
          'Write a reply: a draft, `send` (deliver, or ready to post by hand), or `sent` (posted by hand). Checked first; review and cool-down apply.',
        response: created(ReplySchema),
        params: IdParamsSchema,
        body: NewReplySchema,
      },
    },
    async (req, reply) => {
      const b = req.body;
      const r = await replies.add(actorOf(req), req.params.id, {
        body: b.body,
        sent: b.sent,
        send: b.send,
        lang: b.lang,
        acknowledgeFindings: b.acknowledge_findings,
        overrideReason: b.override_reason,
      });
      return reply.status(201).send(presentReply(r));
    },
  );

  app.post(
    '/cases/:id/go-private',
    {
      config: user,
      schema: {
        tags,
        summary:
          'Go private: a short public reply (default: the template in the case’s language) plus the private message and/or a call-back task; both replies checked, reviewed and sent as one pair',
        response: created(GoPrivateResultSchema),
        params: IdParamsSchema,
        body: GoPrivateSchema,
      },
    },
    async (req, reply) => {
      const b = req.body;
      const r = await replies.goPrivate(actorOf(req), req.params.id, {
        publicBody: b.public_body,
        privateBody: b.private_body,
        call: b.call ? { phone: b.call.phone, note: b.call.note, dueAt: new Date(b.call.due_at), assigneeId: b.call.assignee_id } : undefined,
        lang: b.lang,
        acknowledgeFindings: b.acknowledge_findings,
        overrideReason: b.override_reason,
      });
      return reply.status(201).send({
        public: r.public ? presentReply(r.public) : null,
        private: r.private ? presentReply(r.private) : null,
        task: r.task ? presentTask(r.task) : null,
      });
    },
  );

  app.post(
    '/cases/:id/replies/check',
    {
      config: user,
      schema: {
        tags,
        summary: "Check a reply in the case's language and context",
        response: ok(CheckResultSchema),
        params: IdParamsSchema,
        body: CheckOnCaseSchema,
      },
    },
    async (req) => replies.check(actorOf(req), req.params.id, req.body.body, req.body.lang),
  );

  app.post(
    '/reply-checker',
    {
      config: user,
      schema: {
        tags,
        summary: 'Check any reply text (no case): in its own language, against the mention it answers',
        response: ok(CheckResultSchema),
        body: CheckSchema,
      },
    },
    (req) => {
      const b = req.body;
      const r = checkReplyFull(b.text, {
        lang: (b.lang as CheckLanguage | undefined) ?? null,
        kind: b.kind,
        sentiment: b.sentiment,
        firstReply: b.first_reply,
        mentionText: b.mention_text ?? null,
        classifyMention: (text) => container.classifier.classify({ text }),
      });
      return { lang: r.lang, languages: r.languages, findings: r.findings };
    },
  );

  app.post(
    '/cases/:id/draft',
    {
      config: user,
      schema: {
        tags,
        summary: "Draft a reply from the playbook step's template (or the language model, when configured), checked",
        response: ok(DraftResultSchema),
        params: IdParamsSchema,
        body: DraftSchema.default({ facts: {} }),
      },
    },
    async (req) => {
      const { going_private: goingPrivate, call_at: callAt, idea_outcome: ideaOutcome, ...rest } = req.body;
      return container.drafts.draft(actorOf(req), req.params.id, { ...rest, goingPrivate, callAt, ideaOutcome });
    },
  );

  app.post(
    '/replies/:id/approve',
    {
      config: user,
      schema: {
        tags,
        summary: 'Approve a reply awaiting review, optionally edited (not by its author)',
        response: ok(ReplySchema),
        params: IdParamsSchema,
        body: ApproveSchema.default({}),
      },
    },
    async (req) => presentReply(await replies.approve(actorOf(req), req.params.id, req.body)),
  );

  app.post(
    '/replies/:id/reject',
    {
      config: user,
      schema: { tags, summary: 'Send a reply back to its author with a note', response: ok(ReplySchema), params: IdParamsSchema, body: RejectSchema },
    },
    async (req) => presentReply(await replies.reject(actorOf(req), req.params.id, req.body.note)),
  );

  app.post(
    '/replies/:id/posted',
    {
      config: user,
      schema: {
        tags,
        summary: 'Confirm a reply was posted on the channel by hand',
        response: ok(ReplySchema),
        params: IdParamsSchema,
        body: PostedSchema.default({}),
      },
    },
    async (req) => presentReply(await replies.confirmPosted(actorOf(req), req.params.id, req.body.external_id)),
  );

  app.patch(
    '/replies/:id',
    {
      config: user,
      schema: { tags, summary: 'Edit a saved draft (checked again)', response: ok(ReplySchema), params: IdParamsSchema, body: EditReplySchema },
    },
    async (req) => presentReply(await replies.edit(actorOf(req), req.params.id, req.body)),
  );

  app.post(
    '/replies/:id/send',
    {
      config: user,
      schema: {
        tags,
        summary: 'Send a saved draft (optionally edited): checked again; review and cool-down apply as for a new reply',
        response: ok(ReplySchema),
        params: IdParamsSchema,
        body: SendDraftSchema,
      },
    },
    async (req) => {
      const b = req.body;
      return presentReply(
        await replies.sendDraft(actorOf(req), req.params.id, {
          body: b.body,
          lang: b.lang,
          sent: b.sent,
          send: b.send,
          acknowledgeFindings: b.acknowledge_findings,
          overrideReason: b.override_reason,
        }),
      );
    },
  );

  app.post(
    '/replies/:id/cancel',
    {
      config: user,
      schema: { tags, summary: 'Cancel a reply held for a cool-down: it goes back to draft', response: ok(ReplySchema), params: IdParamsSchema },
    },
    async (req) => presentReply(await replies.cancelScheduled(actorOf(req), req.params.id)),
  );

  app.post(
    '/replies/:id/retry',
    { config: user, schema: { tags, summary: 'Retry a failed delivery', response: ok(ReplySchema), params: IdParamsSchema } },
    async (req) => presentReply(await replies.retry(actorOf(req), req.params.id)),
  );
  return Promise.resolve();
};

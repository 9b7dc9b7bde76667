import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../auth-hook.js';
import { presentColleague, presentNote, presentTeam } from '../../presenters/presenters.js';
import type { RouteOptions } from '../route-context.js';
import { ColleagueSchema, created, itemsOf, noContent, ok, NoteSchema, TeamSchema, WorkloadSchema } from '../../contract/route-responses.js';

const BrandParams = z.object({ brandId: z.string().min(1).max(100) });
const MemberParams = BrandParams.extend({ userId: z.string().min(1).max(100) });
const TeamParams = z.object({ id: z.string().min(1).max(100) });
const MemberIds = z.array(z.string().min(1).max(100)).max(500);

const presentLoad = (m: { userId: string; role: string; available: boolean; isNew: boolean; openCases: number; lastAssignedAt: string | null }) => ({
  user_id: m.userId,
  role: m.role,
  available: m.available,
  new_responder: m.isNew,
  open_cases: m.openCases,
  last_assigned_at: m.lastAssignedAt,
});

/** Zones of responsibility: teams, availability and workload, questions to specialists. */
export const teamRoutes: FastifyPluginAsyncZod<RouteOptions> = (app, { container }) => {
  const teams = container.teams;
  const user = { auth: 'user' as const };
  const tags = ['teams'];

  app.get(
    '/brands/:brandId/teams',
    { config: user, schema: { tags, summary: "The brand's teams and their members", response: ok(itemsOf(TeamSchema)), params: BrandParams } },
    async (req) => {
      const id = await container.brands.resolveBrandId(req.params.brandId);
      return { items: (await teams.list(actorOf(req), id)).map(presentTeam) };
    },
  );

  app.post(
    '/brands/:brandId/teams',
    {
      config: user,
      schema: {
        tags,
        summary: 'Create a team (managers)',
        response: created(TeamSchema),
        params: BrandParams,
        body: z.object({ name: z.string().trim().min(1).max(100), member_ids: MemberIds.default([]) }),
      },
    },
    async (req, reply) => {
      const id = await container.brands.resolveBrandId(req.params.brandId);
      return reply.status(201).send(presentTeam(await teams.create(actorOf(req), id, { name: req.body.name, memberIds: req.body.member_ids })));
    },
  );

  app.put(
    '/teams/:id/members',
    {
      config: user,
      schema: {
        tags,
        summary: "Set a team's members (managers)",
        response: ok(TeamSchema),
        params: TeamParams,
        body: z.object({ member_ids: MemberIds }),
      },
    },
    async (req) => presentTeam(await teams.setMembers(actorOf(req), req.params.id, req.body.member_ids)),
  );

  app.patch(
    '/teams/:id',
    {
      config: user,
      schema: {
        tags,
        summary: 'Rename a team (managers)',
        response: ok(TeamSchema),
        params: TeamParams,
        body: z.object({ name: z.string().trim().min(1).max(100) }),
      },
    },
    async (req) => presentTeam(await teams.rename(actorOf(req), req.params.id, req.body.name)),
  );

  app.delete(
    '/teams/:id',
    { config: user, schema: { tags, summary: 'Delete a team (managers)', response: noContent(), params: TeamParams } },
    async (req, reply) => {
      await teams.remove(actorOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/brands/:brandId/workload',
    {
      config: user,
      schema: { tags, summary: 'Members with availability and open cases', response: ok(itemsOf(WorkloadSchema)), params: BrandParams },
    },
    async (req) => {
      const id = await container.brands.resolveBrandId(req.params.brandId);
      return { items: (await teams.workload(actorOf(req), id)).map(presentLoad) };
    },
  );

  app.patch(
    '/brands/:brandId/members/:userId/status',
    {
      config: user,
      schema: {
        tags,
        summary: 'Availability (yourself, or a manager for anyone) and the "new responder" mark (managers)',
        response: ok(WorkloadSchema),
        params: MemberParams,
        body: z
          .object({ available: z.boolean().optional(), new_responder: z.boolean().optional() })
          .refine((b) => b.available !== undefined || b.new_responder !== undefined, {
            message: 'give available or new_responder',
          }),
      },
    },
    async (req) => {
      const id = await container.brands.resolveBrandId(req.params.brandId);
      return presentLoad(
        await teams.setMemberStatus(actorOf(req), id, req.params.userId, { available: req.body.available, isNew: req.body.new_responder }),
      );
    },
  );

  app.get(
    '/brands/:brandId/colleagues',
    {
      config: user,
      schema: {
        tags,
        summary: "The brand's active colleagues one may ask inside a case: name, role, teams (any member; no e-mails)",
        response: ok(itemsOf(ColleagueSchema)),
        params: BrandParams,
      },
    },
    async (req) => {
      const id = await container.brands.resolveBrandId(req.params.brandId);
      return { items: (await teams.colleagues(actorOf(req), id)).map(presentColleague) };
    },
  );

  app.post(
    '/cases/:id/questions',
    {
      config: user,
      schema: {
        tags,
        summary: 'Ask a colleague (a specialist) inside the case: an internal note that notifies them',
        response: created(NoteSchema),
        params: TeamParams,
        body: z.object({ user_id: z.string().min(1).max(100), question: z.string().trim().min(1).max(5000) }),
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(presentNote(await teams.askSpecialist(actorOf(req), req.params.id, { userId: req.body.user_id, question: req.body.question }))),
  );
  return Promise.resolve();
};

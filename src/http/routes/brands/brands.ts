import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../auth-hook.js';
import { presentBrand, presentChannel, presentIssuedLink, presentMember, presentSettings, presentToken } from '../../presenters/presenters.js';
import type { RouteOptions } from '../route-context.js';
import {
  BrandParamsSchema,
  BrandSettingsPatchSchema,
  InvitationParamsSchema,
  MemberParamsSchema,
  NewInvitationSchema,
  UserParamsSchema,
  NewBrandSchema,
  NewTokenSchema,
  NewUserSchema,
  SetMemberSchema,
  TokenParamsSchema,
} from './schema.js';
import {
  created,
  itemsOf,
  noContent,
  ok,
  BrandSchema,
  ChannelSchema,
  CreatedUserSchema,
  InvitationSchema,
  IssuedLinkSchema,
  MemberSchema,
  MembershipSchema,
  CreatedTokenSchema,
  SettingsSchema,
  TokenSchema,
  OkSchema,
} from '../../contract/route-responses.js';

/** Brands (workspaces), their members, channels and API tokens; users. */
export const brandRoutes: FastifyPluginAsyncZod<RouteOptions> = (app, { container }) => {
  const brands = container.brands;
  const user = { auth: 'user' as const };

  app.get(
    '/brands',
    { config: user, schema: { tags: ['brands'], summary: 'Brands the caller belongs to', response: ok(itemsOf(BrandSchema)) } },
    async (req) => ({
      items: (await brands.listBrands(actorOf(req))).map(presentBrand),
    }),
  );

  app.post(
    '/brands',
    { config: user, schema: { tags: ['brands'], summary: 'Create a brand (administrators)', response: created(BrandSchema), body: NewBrandSchema } },
    async (req, reply) => {
      const brand = await brands.createBrand(actorOf(req), req.body);
      return reply.status(201).send(presentBrand(brand));
    },
  );

  app.get(
    '/brands/:brandId',
    { config: user, schema: { tags: ['brands'], summary: 'One brand, by id or slug', response: ok(BrandSchema), params: BrandParamsSchema } },
    async (req) => presentBrand(await brands.getBrand(actorOf(req), req.params.brandId)),
  );

  app.get(
    '/brands/:brandId/settings',
    {
      config: user,
      schema: { tags: ['brands'], summary: "The brand's settings (competitors…)", response: ok(SettingsSchema), params: BrandParamsSchema },
    },
    async (req) => {
      const id = await brands.resolveBrandId(req.params.brandId);
      return presentSettings(await brands.getSettings(actorOf(req), id));
    },
  );

  app.patch(
    '/brands/:brandId/settings',
    {
      config: user,
      schema: {
        tags: ['brands'],
        summary: 'Change settings (brand admins)',
        response: ok(SettingsSchema),
        params: BrandParamsSchema,
        body: BrandSettingsPatchSchema,
      },
    },
    async (req) => {
      const id = await brands.resolveBrandId(req.params.brandId);
      return presentSettings(await brands.updateSettings(actorOf(req), id, req.body));
    },
  );

  app.get(
    '/brands/:brandId/members',
    {
      config: user,
      schema: { tags: ['brands'], summary: 'Members and their roles', response: ok(itemsOf(MemberSchema)), params: BrandParamsSchema },
    },
    async (req) => {
      const id = await brands.resolveBrandId(req.params.brandId);
      const members = await brands.listMembers(actorOf(req), id);
      return { items: members.map(presentMember) };
    },
  );

  app.put(
    '/brands/:brandId/members',
    {
      config: user,
      schema: {
        tags: ['brands'],
        summary: 'Add a member or change their role',
        response: ok(MembershipSchema),
        params: BrandParamsSchema,
        body: SetMemberSchema,
      },
    },
    async (req) => {
      const id = await brands.resolveBrandId(req.params.brandId);
      const r = await brands.setMember(actorOf(req), id, { userId: req.body.user_id, email: req.body.email, role: req.body.role });
      return { user_id: r.userId, role: r.role };
    },
  );

  app.delete(
    '/brands/:brandId/members/:userId',
    { config: user, schema: { tags: ['brands'], summary: 'Remove a member', response: noContent(), params: MemberParamsSchema } },
    async (req, reply) => {
      const id = await brands.resolveBrandId(req.params.brandId);
      await brands.removeMember(actorOf(req), id, req.params.userId);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/brands/:brandId/invitations',
    {
      config: user,
      schema: { tags: ['brands'], summary: 'Invitations not used yet', response: ok(itemsOf(InvitationSchema)), params: BrandParamsSchema },
    },
    async (req) => {
      const id = await brands.resolveBrandId(req.params.brandId);
      const items = await container.accounts.listInvitations(actorOf(req), id);
      return { items: items.map((i) => ({ id: i.id, email: i.email, role: i.role, created_at: i.createdAt, expires_at: i.expiresAt })) };
    },
  );

  app.post(
    '/brands/:brandId/invitations',
    {
      config: user,
      schema: {
        tags: ['brands'],
        summary: 'Invite an address with a role: a one-time link, e-mailed with SMTP, else returned to pass on (valid 7 days)',
        response: created(IssuedLinkSchema),
        params: BrandParamsSchema,
        body: NewInvitationSchema,
      },
    },
    async (req, reply) => {
      const id = await brands.resolveBrandId(req.params.brandId);
      const issued = await container.accounts.invite(actorOf(req), id, { email: req.body.email, role: req.body.role });
      return reply.status(201).send(presentIssuedLink(issued));
    },
  );

  app.delete(
    '/invitations/:invitationId',
    { config: user, schema: { tags: ['brands'], summary: 'Cancel an invitation', response: noContent(), params: InvitationParamsSchema } },
    async (req, reply) => {
      await container.accounts.cancelInvitation(actorOf(req), req.params.invitationId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/brands/:brandId/members/:userId/deactivate',
    {
      config: user,
      schema: {
        tags: ['brands'],
        summary: 'Deactivate a membership: the person stays listed but loses this brand (and the tokens they made for it) at once',
        response: ok(OkSchema),
        params: MemberParamsSchema,
      },
    },
    async (req) => {
      const id = await brands.resolveBrandId(req.params.brandId);
      await container.accounts.deactivateMember(actorOf(req), id, req.params.userId);
      return { ok: true };
    },
  );

  app.post(
    '/brands/:brandId/members/:userId/reactivate',
    { config: user, schema: { tags: ['brands'], summary: 'Reactivate a membership', response: ok(OkSchema), params: MemberParamsSchema } },
    async (req) => {
      const id = await brands.resolveBrandId(req.params.brandId);
      await container.accounts.reactivateMember(actorOf(req), id, req.params.userId);
      return { ok: true };
    },
  );

  app.post(
    '/brands/:brandId/members/:userId/reset-link',
    {
      config: user,
      schema: {
        tags: ['brands'],
        summary: 'A one-time password reset link for a member, to pass on (valid 24 hours; e-mailed too with SMTP)',
        response: created(IssuedLinkSchema),
        params: MemberParamsSchema,
      },
    },
    async (req, reply) => {
      const id = await brands.resolveBrandId(req.params.brandId);
      return reply.status(201).send(presentIssuedLink(await container.accounts.issueReset(actorOf(req), id, req.params.userId)));
    },
  );

  app.post(
    '/users/:userId/deactivate',
    {
      config: user,
      schema: {
        tags: ['users'],
        summary: 'Deactivate an account (installation admins): every session and API token it created ends at once; it cannot sign in',
        response: ok(OkSchema),
        params: UserParamsSchema,
      },
    },
    async (req) => {
      await container.accounts.deactivateUser(actorOf(req), req.params.userId);
      return { ok: true };
    },
  );

  app.post(
    '/users/:userId/reactivate',
    {
      config: user,
      schema: { tags: ['users'], summary: 'Reactivate an account (installation admins)', response: ok(OkSchema), params: UserParamsSchema },
    },
    async (req) => {
      await container.accounts.reactivateUser(actorOf(req), req.params.userId);
      return { ok: true };
    },
  );

  app.get(
    '/brands/:brandId/channels',
    { config: user, schema: { tags: ['brands'], summary: "The brand's channels", response: ok(itemsOf(ChannelSchema)), params: BrandParamsSchema } },
    async (req) => {
      const id = await brands.resolveBrandId(req.params.brandId);
      return { items: (await brands.listChannels(actorOf(req), id)).map(presentChannel) };
    },
  );

  app.get(
    '/brands/:brandId/tokens',
    { config: user, schema: { tags: ['tokens'], summary: "The brand's API tokens", response: ok(itemsOf(TokenSchema)), params: BrandParamsSchema } },
    async (req) => {
      const id = await brands.resolveBrandId(req.params.brandId);
      return { items: (await brands.listTokens(actorOf(req), id)).map(presentToken) };
    },
  );

  app.post(
    '/brands/:brandId/tokens',
    {
      config: user,
      schema: {
        tags: ['tokens'],
        summary: 'Create an API token (the secret is shown once)',
        response: created(CreatedTokenSchema),
        params: BrandParamsSchema,
        body: NewTokenSchema,
      },
    },
    async (req, reply) => {
      const id = await brands.resolveBrandId(req.params.brandId);
      const { token, row } = await brands.createToken(actorOf(req), id, req.body.name);
      return reply.status(201).send({ ...presentToken(row), token });
    },
  );

  app.delete(
    '/tokens/:tokenId',
    { config: user, schema: { tags: ['tokens'], summary: 'Revoke an API token', response: noContent(), params: TokenParamsSchema } },
    async (req, reply) => {
      await brands.revokeToken(actorOf(req), req.params.tokenId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/users',
    {
      config: user,
      schema: { tags: ['users'], summary: 'Create a user (administrators)', response: created(CreatedUserSchema), body: NewUserSchema },
    },
    async (req, reply) => {
      const u = await brands.createUser(actorOf(req), {
        email: req.body.email,
        name: req.body.name,
        password: req.body.password,
        isAdmin: req.body.admin,
      });
      return reply.status(201).send({ id: u.id, email: u.email, name: u.name, admin: u.isAdmin, created_at: u.createdAt });
    },
  );
  return Promise.resolve();
};

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../auth-hook.js';
import { presentBrand, presentChannel, presentSettings, presentToken } from '../../presenters/presenters.js';
import type { RouteOptions } from '../route-context.js';
import {
  BrandParamsSchema,
  BrandSettingsPatchSchema,
  MemberParamsSchema,
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
  MemberSchema,
  MembershipSchema,
  CreatedTokenSchema,
  SettingsSchema,
  TokenSchema,
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
      return {
        items: members.map((m) => ({ id: m.id, email: m.email, name: m.name, role: m.role, disabled: m.disabled, since: m.createdAt })),
      };
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

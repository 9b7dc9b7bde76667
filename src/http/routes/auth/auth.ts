import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf, SESSION_COOKIE } from '../../auth-hook.js';
import { presentBrand } from '../../presenters/presenters.js';
import type { RouteOptions } from '../route-context.js';
import {
  AcceptInvitationSchema,
  ChangePasswordSchema,
  ForgotPasswordBodySchema,
  InvitationTokenSchema,
  LoginSchema,
  ResetPasswordSchema,
} from './schema.js';
import { ok, ForgotPasswordSchema, InvitationPreviewSchema, MeSchema, OkSchema } from '../../contract/route-responses.js';

/** Sign-in, the signed-in user's own view, and the one-time links (invitations, password resets). */
export const authRoutes: FastifyPluginAsyncZod<RouteOptions> = (app, { container }) => {
  const cookieOptions = {
    path: '/',
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: container.config.cookieSecure,
    maxAge: container.config.sessionTtlHours * 3600,
  };
  const limited = { auth: 'public' as const, rateLimit: { max: container.config.loginMaxPerMinute, timeWindow: '1 minute' } };

  /** Sets the new session's cookie and answers as /auth/me does. */
  async function signedIn(req: FastifyRequest, reply: FastifyReply, token: string, brandId?: string | null) {
    const session = (await container.auth.resolveSession(token))!;
    req.session = session;
    reply.setCookie(SESSION_COOKIE, token, cookieOptions);
    const brands = await container.brands.listBrands(session.actor);
    return {
      user: session.user,
      brands: brands.map(presentBrand),
      csrf_token: reply.generateCsrf({ userInfo: session.sessionId }),
      ...(brandId ? { brand_id: brandId } : {}),
    };
  }

  app.post(
    '/auth/login',
    {
      config: limited,
      schema: { tags: ['auth'], summary: 'Sign in with e-mail and password; sets the session cookie', response: ok(MeSchema), body: LoginSchema },
    },
    async (req, reply) => {
      const { token } = await container.auth.login(req.body.email, req.body.password);
      return signedIn(req, reply, token);
    },
  );

  app.post(
    '/auth/logout',
    { config: { auth: 'user' }, schema: { tags: ['auth'], summary: 'Sign out', response: ok(OkSchema) } },
    async (req, reply) => {
      const cookie = req.cookies[SESSION_COOKIE];
      if (cookie) await container.auth.logout(cookie);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true };
    },
  );

  app.get(
    '/auth/me',
    { config: { auth: 'user' }, schema: { tags: ['auth'], summary: 'The signed-in user, their brands and a CSRF token', response: ok(MeSchema) } },
    async (req, reply) => {
      const session = req.session!;
      const brands = await container.brands.listBrands(session.actor);
      return { user: session.user, brands: brands.map(presentBrand), csrf_token: reply.generateCsrf({ userInfo: session.sessionId }) };
    },
  );

  app.post(
    '/auth/password',
    {
      config: { auth: 'user' },
      schema: {
        tags: ['auth'],
        summary: 'Change your own password (needs the current one); your other sessions end',
        response: ok(OkSchema),
        body: ChangePasswordSchema,
      },
    },
    async (req) => {
      await container.accounts.changePassword(actorOf(req), req.session!.sessionId, {
        currentPassword: req.body.current_password,
        newPassword: req.body.new_password,
      });
      return { ok: true };
    },
  );

  app.post(
    '/auth/password/forgot',
    {
      config: limited,
      schema: {
        tags: ['auth'],
        summary: 'E-mail a password reset link (with SMTP); the same answer whether or not the address has an account',
        response: ok(ForgotPasswordSchema),
        body: ForgotPasswordBodySchema,
      },
    },
    async (req) => ({ ok: true, ...(await container.accounts.forgotPassword(req.body.email)) }),
  );

  app.post(
    '/auth/password/reset',
    {
      config: limited,
      schema: {
        tags: ['auth'],
        summary: 'Use a reset link: set a new password, end every other session, sign in',
        response: ok(MeSchema),
        body: ResetPasswordSchema,
      },
    },
    async (req, reply) => {
      const r = await container.accounts.resetPassword(req.body.token, req.body.password);
      return signedIn(req, reply, r.token);
    },
  );

  app.post(
    '/auth/invitation',
    {
      config: limited,
      schema: { tags: ['auth'], summary: 'What an invitation link is for', response: ok(InvitationPreviewSchema), body: InvitationTokenSchema },
    },
    async (req) => {
      const p = await container.accounts.previewInvitation(req.body.token);
      return { email: p.email, brand_name: p.brandName, role: p.role, account_exists: p.accountExists, expires_at: p.expiresAt };
    },
  );

  app.post(
    '/auth/invitation/accept',
    {
      config: limited,
      schema: {
        tags: ['auth'],
        summary: 'Use an invitation: set a password (or give your current one), join the brand, sign in',
        response: ok(MeSchema),
        body: AcceptInvitationSchema,
      },
    },
    async (req, reply) => {
      const r = await container.accounts.acceptInvitation(req.body.token, { name: req.body.name, password: req.body.password });
      return signedIn(req, reply, r.token, r.brandId);
    },
  );
  return Promise.resolve();
};

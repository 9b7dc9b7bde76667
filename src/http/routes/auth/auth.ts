import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { SESSION_COOKIE } from '../../auth-hook.js';
import { presentBrand } from '../../presenters/presenters.js';
import type { RouteOptions } from '../route-context.js';
import { LoginSchema } from './schema.js';
import { ok, MeSchema, OkSchema } from '../../contract/route-responses.js';

/** Sign-in and the signed-in user's own view. */
export const authRoutes: FastifyPluginAsyncZod<RouteOptions> = (app, { container }) => {
  const cookieOptions = {
    path: '/',
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: container.config.cookieSecure,
    maxAge: container.config.sessionTtlHours * 3600,
  };

  app.post(
    '/auth/login',
    {
      config: { auth: 'public', rateLimit: { max: container.config.loginMaxPerMinute, timeWindow: '1 minute' } },
      schema: { tags: ['auth'], summary: 'Sign in with e-mail and password; sets the session cookie', response: ok(MeSchema), body: LoginSchema },
    },
    async (req, reply) => {
      const { token, userId } = await container.auth.login(req.body.email, req.body.password);
      const session = (await container.auth.resolveSession(token))!;
      req.session = session;
      reply.setCookie(SESSION_COOKIE, token, cookieOptions);
      const brands = await container.brands.listBrands(session.actor);
      return {
        user: { ...session.user, id: userId },
        brands: brands.map(presentBrand),
        csrf_token: reply.generateCsrf({ userInfo: session.sessionId }),
      };
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
  return Promise.resolve();
};

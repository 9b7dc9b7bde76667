/**
 * Authenticates every API request before its handler: a brand API token
 * (`Authorization: Bearer dfs_…`) or a session cookie. Routes say in their
 * config whether they are `public`, for signed-in `user`s only, or open to
 * `any` authenticated caller (the default). Cookie-authenticated writes must
 * carry the CSRF token.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Container } from '../container.js';
import { forbidden, unauthorized } from '../errors.js';
import type { Actor } from '../services/access.js';
import type { SessionActor } from '../services/auth.service.js';

export const SESSION_COOKIE = 'defuse_session';
export type RouteAuth = 'public' | 'user' | 'any';

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor;
    session?: SessionActor;
  }
  interface FastifyContextConfig {
    auth?: RouteAuth;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function installAuth(app: FastifyInstance, container: Container): void {
  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    if (!req.url.startsWith('/api/v1/')) return;
    const mode: RouteAuth = req.routeOptions.config?.auth ?? 'any';
    const header = req.headers.authorization;
    if (header) {
      const [scheme, value] = header.split(' ');
      const actor = scheme?.toLowerCase() === 'bearer' && value ? await container.auth.resolveToken(value) : undefined;
      if (!actor) throw unauthorized('API token is not valid');
      req.actor = actor;
    } else {
      const cookie = req.cookies[SESSION_COOKIE];
      const session = cookie ? await container.auth.resolveSession(cookie) : undefined;
      if (session) {
        req.session = session;
        req.actor = session.actor;
      }
    }
    if (mode === 'public') return;
    if (!req.actor) throw unauthorized();
    if (mode === 'user' && req.actor.type !== 'user') throw forbidden('This needs a signed-in user, not an API token');
    if (req.session && !SAFE_METHODS.has(req.method)) {
      await new Promise<void>((resolve, reject) => {
        app.csrfProtection(req, reply, (err?: Error) => (err ? reject(err) : resolve()));
      });
    }
  });
}

/** The authenticated caller of a non-public route. */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw unauthorized();
  return req.actor;
}

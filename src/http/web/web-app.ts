/**
 * Serves the web desk (web/dist, built by Vite) on the API's port: assets
 * with long caching, and index.html for every other non-API path so the
 * single-page app can route. HTML pages carry a strict Content-Security-Policy:
 * only the desk's own scripts and styles, no inline script, no framing.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

export const WEB_DIST = join(import.meta.dirname, '..', '..', '..', 'web', 'dist');

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const webAppBuilt = (dist = WEB_DIST): boolean => existsSync(join(dist, 'index.html'));

/** The desk's index.html with its CSP (for `/` and, through the not-found handler, every page path). */
export function sendIndex(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-security-policy', CONTENT_SECURITY_POLICY)
    .header('cache-control', 'no-cache')
    .type('text/html')
    .sendFile('index.html');
}

/** Serves web/dist; false (and a warning) when it is not built. */
export async function registerWebApp(app: FastifyInstance, dist = WEB_DIST): Promise<boolean> {
  if (!webAppBuilt(dist)) {
    app.log.warn({ dist }, 'the web desk is not built (npm run build:web); serving the API only');
    return false;
  }
  await app.register(fastifyStatic, {
    root: dist,
    prefix: '/',
    wildcard: false,
    index: false,
    setHeaders(res, path) {
      if (path.includes(`${join('assets', '')}`)) res.setHeader('cache-control', 'public, max-age=31536000, immutable');
    },
  });
  app.get('/', { config: { auth: 'public' }, schema: { hide: true } }, (_req, reply) => sendIndex(reply));
  return true;
}

/**
 * The one error handler: every failure leaves as `{"error": {"id", "message",
 * "field"?, "problem"?, "params"?}}` (`problem`: a stable code of what is
 * wrong, for clients that translate the message). Known errors keep their status; anything unexpected is logged
 * and hidden behind a generic 500 that names the request id.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifySchemaValidationError } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../errors.js';
import { issueReport } from '../validation-messages.js';

export interface ErrorBody {
  error: { id: string; message: string; field?: string; problem?: string; params?: Record<string, string | number>; request_id?: string };
}

/** What the request part is called in a message: Fastify's `querystring` is the query. */
const partOf = (context: string | undefined) => (context === 'querystring' ? 'query' : (context ?? 'request'));

export function installErrorHandler(app: FastifyInstance, spaFallback?: (reply: FastifyReply) => unknown): void {
  app.setErrorHandler((err: FastifyError | AppError | Error, req, reply) => {
    if (err instanceof AppError) {
      const body: ErrorBody = { error: { id: err.id, message: err.message, ...(err.field ? { field: err.field } : {}), ...err.problem } };
      return reply.status(err.status).send(body);
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      // The provider's declaration imports 'fastify/types/schema', which NodeNext cannot resolve: fastify's own export of the type.
      const first = (err.validation as FastifySchemaValidationError[])[0]!;
      // A query list (`?status=a,b`) is one field: the position of its bad item is not a field of its own.
      const path = first.instancePath.split('/').filter((p) => p && !(err.validationContext === 'querystring' && /^\d+$/.test(p)));
      const keys = (first.params as { keys?: unknown }).keys;
      const { field, message, problem } = issueReport(
        {
          ...first.params,
          path,
          message: first.message ?? 'is not valid',
          code: first.keyword,
          keys: Array.isArray(keys) ? keys.map(String) : undefined,
        },
        partOf(err.validationContext),
      );
      return reply.status(400).send({ error: { id: 'validation_failed', message, field, ...problem } });
    }
    const fe = err as FastifyError;
    if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.status(413).send({ error: { id: 'payload_too_large', message: 'request body is too large', field: 'body' } });
    }
    if (fe.code === 'FST_CSRF_INVALID_TOKEN' || fe.code === 'FST_CSRF_MISSING_SECRET') {
      return reply.status(403).send({ error: { id: 'csrf_failed', message: 'missing or invalid CSRF token (send it in the x-csrf-token header)' } });
    }
    if (fe.statusCode === 429) {
      return reply.status(429).send({ error: { id: 'rate_limited', message: fe.message || 'Too many requests, try again later' } });
    }
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      return reply.status(fe.statusCode).send({ error: { id: fe.code?.toLowerCase() ?? 'bad_request', message: fe.message } });
    }
    req.log.error({ err }, 'unhandled error');
    return reply.status(500).send({ error: { id: 'internal', message: 'Something went wrong on our side', request_id: req.id } });
  });

  app.setNotFoundHandler((req, reply) => {
    // Paths of the web desk's own pages get its index.html (the app routes in the browser).
    if (spaFallback && req.method === 'GET' && isDeskPath(req.url)) return spaFallback(reply);
    return reply.status(404).send({ error: { id: 'not_found', message: `No route ${req.method} ${req.url.split('?')[0]}` } });
  });
}

/**
 * Fastify's router refuses some URLs before any route or error handler runs (a bad %-escape, a path part longer
 * than the router allows); this answers them in the same shape and words as every other error, without echoing
 * the URL back. Passed as Fastify's `frameworkErrors` option.
 */
export function frameworkErrors(err: FastifyError, _req: unknown, reply: FastifyReply): void {
  if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    void reply.status(414).send({
      error: { id: 'uri_too_long', message: `a part of the path (such as an id) must be at most ${MAX_PARAM_LENGTH} characters long` },
    });
  } else if (err.code === 'FST_ERR_BAD_URL') {
    void reply.status(400).send({ error: { id: 'bad_url', message: 'the path is not a valid URL (check its %-escapes)' } });
  } else {
    void reply
      .status(err.statusCode ?? 500)
      .send({ error: { id: err.code?.toLowerCase() ?? 'bad_request', message: 'the request could not be routed' } });
  }
}

/** Fastify's default longest path part (its `maxParamLength`); ids are at most this long. */
export const MAX_PARAM_LENGTH = 100;

/** A page of the web desk (not the API, not a health check, not a file). */
export function isDeskPath(url: string): boolean {
  const path = url.split('?')[0]!;
  return !path.startsWith('/api/') && path !== '/healthz' && path !== '/readyz' && !/\.[a-z0-9]+$/i.test(path);
}

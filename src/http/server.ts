/**
 * The HTTP server: API under /api/v1, its OpenAPI document and browsable page
 * at /api/docs, health checks. Routes are thin: authenticate, validate, call a
 * service, present.
 */
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Container } from '../container.js';
import { installAuth } from './auth-hook.js';
import { frameworkErrors, installErrorHandler, MAX_PARAM_LENGTH } from './error-handler.js';
import { installInputGuard } from './input-guard.js';
import { usePlainValidationMessages } from '../validation-messages.js';
import { authRoutes } from './routes/auth/auth.js';
import { brandRoutes } from './routes/brands/brands.js';
import { caseFollowUpRoutes } from './routes/cases/follow-up.js';
import { dashboardRoutes } from './routes/dashboard/dashboard.js';
import { detectionRoutes } from './routes/detection/detection.js';
import { ideaRoutes } from './routes/ideas/ideas.js';
import { reportRoutes } from './routes/reports/reports.js';
import { notificationRoutes } from './routes/notifications/notifications.js';
import { playbookRoutes } from './routes/playbooks/playbooks.js';
import { replyRoutes } from './routes/replies/replies.js';
import { eventRoutes } from './routes/events/events.js';
import { registerWebApp, sendIndex, webAppBuilt } from './web/web-app.js';
import helmet from '@fastify/helmet';
import { teamRoutes } from './routes/teams/teams.js';
import { caseRoutes } from './routes/cases/cases.js';
import { savedViewRoutes } from './routes/cases/saved-views.js';
import { channelRoutes } from './routes/channels/channels.js';
import { caseTaskRoutes } from './routes/cases/tasks.js';
import { caseEvidenceRoutes } from './routes/cases/evidence.js';
import { authorRoutes } from './routes/authors/authors.js';
import { healthRoutes } from './routes/health/health.js';
import { mentionRoutes } from './routes/mentions/mentions.js';
import { metricsRoutes } from './routes/metrics/metrics.js';

export interface RegisteredRoute {
  method: string;
  url: string;
  auth: string;
}

export async function buildServer(container: Container): Promise<FastifyInstance & { registeredRoutes: RegisteredRoute[] }> {
  // Typed as Fastify's logger interface, so the instance is the plain FastifyInstance every plugin is declared for.
  const loggerInstance: FastifyBaseLogger = container.logger;
  usePlainValidationMessages();
  const app = Fastify({
    loggerInstance,
    trustProxy: container.config.trustProxy,
    bodyLimit: 1024 * 1024,
    requestIdHeader: false,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const registeredRoutes: RegisteredRoute[] = [];
  app.addHook('onRoute', (r) => {
    const methods = Array.isArray(r.method) ? r.method : [r.method];
    for (const method of methods) registeredRoutes.push({ method, url: r.url, auth: (r.config as { auth?: string } | undefined)?.auth ?? 'any' });
  });

  // Latency per route pattern (never the raw URL: ids and queries would make the label unbounded).
  app.addHook('onResponse', (req, reply, done) => {
    container.metrics.httpRequest(req.method, req.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
  installErrorHandler(app, webAppBuilt() ? sendIndex : undefined);
  // Security headers everywhere; the strict CSP is set on the desk's HTML (web-app.ts), Swagger UI sets its own.
  await app.register(helmet, { contentSecurityPolicy: false, crossOriginEmbedderPolicy: false });
  await app.register(cookie);
  await app.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: 'defuse_csrf',
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'strict', secure: container.config.cookieSecure },
    getUserInfo: (req) => req.session?.sessionId ?? '',
    csrfOpts: { hmacKey: await container.store.repos.settings.secret('csrf_hmac_key') },
  });
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Defuse API', version: '1', description: 'The desk for negative mentions: ingest, inbox, cases.' },
      components: {
        securitySchemes: {
          token: { type: 'http', scheme: 'bearer', description: 'Brand API token (dfs_…), for ingestion' },
          session: { type: 'apiKey', in: 'cookie', name: 'defuse_session' },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  installAuth(app, container);
  installInputGuard(app);
  await app.register(healthRoutes, { container });
  await app.register(metricsRoutes, { container });
  await app.register(
    async (api) => {
      await api.register(authRoutes, { container });
      await api.register(brandRoutes, { container });
      await api.register(mentionRoutes, { container });
      await api.register(caseRoutes, { container });
      await api.register(savedViewRoutes, { container });
      await api.register(caseTaskRoutes, { container });
      await api.register(playbookRoutes, { container });
      await api.register(teamRoutes, { container });
      await api.register(caseFollowUpRoutes, { container });
      await api.register(ideaRoutes, { container });
      await api.register(dashboardRoutes, { container });
      await api.register(reportRoutes, { container });
      await api.register(detectionRoutes, { container });
      await api.register(notificationRoutes, { container });
      await api.register(replyRoutes, { container });
      await api.register(eventRoutes, { container });
      await api.register(authorRoutes, { container });
      await api.register(caseEvidenceRoutes, { container });
      await api.register(channelRoutes, { container });
    },
    { prefix: '/api/v1' },
  );
  await registerWebApp(app);
  return Object.assign(app, { registeredRoutes });
}

/**
 * A worker's own `/metrics` (DEFUSE_WORKER_METRICS_PORT): a worker serves no API, but its processing counters, job
 * failures and retries live in its process. Same guard as on the API port.
 */
export async function buildMetricsServer(container: Container): Promise<FastifyInstance> {
  const loggerInstance: FastifyBaseLogger = container.logger;
  const app = Fastify({ loggerInstance, trustProxy: container.config.trustProxy, requestIdHeader: false }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);
  await app.register(metricsRoutes, { container });
  return app;
}

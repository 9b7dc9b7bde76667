import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { iso } from '../../../domain/clock.js';
import { authorize } from '../../../services/access.js';
import { actorOf } from '../../auth-hook.js';
import { brandOf, type RouteOptions } from '../route-context.js';
import { ok } from '../../contract/route-responses.js';

const HEARTBEAT_MS = 15_000;

/**
 * Server-sent events for the inbox: `cases` events name the cases that
 * changed (new mentions, replies, status changes). It reads the database, so
 * it sees changes made by any process — a separate worker included — every
 * DEFUSE_EVENTS_POLL_MS; and it reads at once when processing in this
 * process (the job worker thread) tells it a brand's cases changed.
 */
export const eventRoutes: FastifyPluginAsyncZod<RouteOptions> = (app, { container }) => {
  app.get(
    '/events',
    {
      config: { auth: 'user' },
      schema: {
        tags: ['cases'],
        summary: 'Server-sent events: which cases changed (for a live inbox)',
        response: ok(z.string().describe('text/event-stream: `event: cases` with `data: {"ids": [case ids]}` when cases change')),
        querystring: z.object({ brand: z.string().min(1).max(100) }),
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const brandId = await brandOf(req, container, req.query.brand);
      authorize(actor, brandId, 'case.read');
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.write(': connected\n\n');
      let since = iso(container.clock.now());
      const told = new Set<string>();
      let closed = false;
      let lastWrite = Date.now();
      let polling = false;
      let again = false;
      const poll = async () => {
        if (closed) return;
        if (polling) {
          again = true; // told while reading: read once more when done
          return;
        }
        polling = true;
        clearTimeout(timer);
        try {
          // Changes at exactly `since` are read again (clocks tick coarsely); the ones already told are skipped.
          const changed = (await container.store.repos.cases.changedSince(brandId, since, 200)).filter(
            (c) => !(c.updatedAt === since && told.has(c.id)),
          );
          if (changed.length) {
            const last = changed.at(-1)!.updatedAt;
            if (last !== since) told.clear();
            since = last;
            for (const c of changed) if (c.updatedAt === since) told.add(c.id);
            res.write(`event: cases\ndata: ${JSON.stringify({ ids: changed.map((c) => c.id) })}\n\n`);
            lastWrite = Date.now();
          } else if (Date.now() - lastWrite > HEARTBEAT_MS) {
            res.write(': keep-alive\n\n');
            lastWrite = Date.now();
          }
        } catch (err) {
          req.log.warn({ err }, 'event stream poll failed');
        }
        polling = false;
        if (closed) return;
        if (again) {
          again = false;
          setImmediate(next);
        } else timer = setTimeout(next, container.config.eventsPollMs);
      };
      // `poll` catches its own failures (logged above), so the timer may drop the promise.
      const next = () => void poll();
      let timer = setTimeout(next, container.config.eventsPollMs);
      const unsubscribe = container.caseChanges.subscribe((change) => {
        if (change.brandId === brandId) next();
      });
      req.raw.on('close', () => {
        closed = true;
        clearTimeout(timer);
        unsubscribe();
      });
    },
  );
  return Promise.resolve();
};

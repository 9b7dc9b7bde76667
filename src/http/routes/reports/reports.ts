import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../auth-hook.js';
import { REPORT_FORMATS } from '../../../services/reports/report-export.js';
import { DateParam, toIso } from '../../query.js';
import type { RouteOptions } from '../route-context.js';

/** The report for a period, and the record of breached deadlines behind it. */
export const reportRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { container }) => {
  const user = { auth: 'user' as const };
  const tags = ['follow-through'];
  const BrandParams = z.object({ brandId: z.string().min(1).max(100) });

  app.get(
    '/brands/:brandId/report',
    {
      config: user,
      schema: {
        tags: ['reports'],
        summary: 'The report for a period (2026-Q3, 2026-09, 2026, or 2026-07-01..2026-09-30) as JSON, HTML, CSV or PDF',
        params: BrandParams,
        querystring: z.object({ period: z.string().min(4).max(40), format: z.enum(REPORT_FORMATS).default('json') }),
      },
    },
    async (req, reply) => {
      const id = await container.brands.resolveBrandId(req.params.brandId);
      const report = await container.reports.build(actorOf(req), id, req.query.period);
      if (req.query.format === 'json') return report;
      const file = await container.reportExport.export(report, req.query.format);
      reply.type(file.contentType);
      // The report has no script: a policy that allows none. CSV and PDF are downloads.
      if (file.format === 'html') reply.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
      else reply.header('content-disposition', `attachment; filename="${file.filename}"`);
      return reply.send(file.content);
    },
  );

  app.get(
    '/brands/:brandId/breaches',
    {
      config: user,
      schema: { tags, summary: 'Deadlines breached (for the reports)', params: BrandParams, querystring: z.object({ from: DateParam.optional(), to: DateParam.optional() }) },
    },
    async (req) => {
      const id = await container.brands.resolveBrandId(req.params.brandId);
      return { items: await container.followThrough.breaches(actorOf(req), id, toIso(req.query.from), toIso(req.query.to)) };
    },
  );
};

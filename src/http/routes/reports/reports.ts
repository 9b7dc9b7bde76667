import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../auth-hook.js';
import { REPORT_FORMATS } from '../../../services/reports/report-export.js';
import { presentBreach } from '../../presenters/presenters.js';
import { DateParam, toIso } from '../../query.js';
import type { RouteOptions } from '../route-context.js';
import { itemsOf, ok, BreachSchema, ReportSchema } from '../../contract/route-responses.js';

/** The report for a period, and the record of breached deadlines behind it. */
export const reportRoutes: FastifyPluginAsyncZod<RouteOptions> = (app, { container }) => {
  const user = { auth: 'user' as const };
  const tags = ['follow-through'];
  const BrandParams = z.object({ brandId: z.string().min(1).max(100) });

  app.get(
    '/brands/:brandId/report',
    {
      config: user,
      schema: {
        tags: ['reports'],
        summary: 'The report for a period (2026-Q3, 2026-09, 2026, or 2026-07-01..2026-09-30, at most 5 years) as JSON, HTML, CSV or PDF',
        description: 'The JSON report is described below; with `format=html`, `csv` or `pdf` the same report comes as that file.',
        response: ok(ReportSchema),
        params: BrandParams,
        querystring: z.object({ period: z.string().min(4).max(40), format: z.enum(REPORT_FORMATS).default('json') }),
      },
    },
    async (req, reply) => {
      const id = await container.brands.resolveBrandId(req.params.brandId);
      const report = await container.reports.build(actorOf(req), id, req.query.period);
      if (req.query.format === 'json') return report;
      const file = await container.reportExport.export(report, req.query.format);
      // A file, not the JSON shape the schema declares.
      const raw = reply as unknown as FastifyReply;
      raw.type(file.contentType);
      // The report has no script: a policy that allows none. CSV and PDF are downloads.
      if (file.format === 'html') raw.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
      else raw.header('content-disposition', `attachment; filename="${file.filename}"`);
      return raw.send(file.content);
    },
  );

  app.get(
    '/brands/:brandId/breaches',
    {
      config: user,
      schema: {
        tags,
        summary: 'Deadlines breached (for the reports)',
        response: ok(itemsOf(BreachSchema)),
        params: BrandParams,
        querystring: z.object({ from: DateParam.optional(), to: DateParam.optional() }),
      },
    },
    async (req) => {
      const id = await container.brands.resolveBrandId(req.params.brandId);
      return { items: (await container.followThrough.breaches(actorOf(req), id, toIso(req.query.from), toIso(req.query.to))).map(presentBreach) };
    },
  );
  return Promise.resolve();
};

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../auth-hook.js';
import { renderReportCsv, renderReportHtml } from '../../../services/reports/report-render.js';
import { htmlToPdf } from '../../../adapters/pdf/chromium-pdf.js';
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
        querystring: z.object({ period: z.string().min(4).max(40), format: z.enum(['json', 'html', 'csv', 'pdf']).default('json') }),
      },
    },
    async (req, reply) => {
      const id = await container.brands.resolveBrandId(req.params.brandId);
      const report = await container.reports.build(actorOf(req), id, req.query.period);
      const name = `defuse-report-${report.period.label.replace(/[^\w-]+/g, '_')}`;
      if (req.query.format === 'json') return report;
      if (req.query.format === 'csv') return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`).send(renderReportCsv(report));
      const html = renderReportHtml(report);
      if (req.query.format === 'html') {
        // The report has no script: a policy that allows none.
        return reply.type('text/html; charset=utf-8').header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:").send(html);
      }
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="${name}.pdf"`).send(await htmlToPdf(html));
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

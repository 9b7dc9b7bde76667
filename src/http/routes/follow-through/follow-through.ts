import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FOLLOW_UP_OUTCOMES, IDEA_STATUSES, type IdeaStatus } from '../../../domain/cases/follow-through.js';
import { actorOf } from '../../auth-hook.js';
import { presentCase, presentIdea } from '../../presenters/presenters.js';
import { renderReportCsv, renderReportHtml } from '../../../services/reports/report-render.js';
import { htmlToPdf } from '../../../adapters/pdf/chromium-pdf.js';
import { DateParam, LimitParam, listParam, toIso } from '../../query.js';
import type { RouteOptions } from '../route-context.js';
import { created, itemsOf, ok, BreachSchema, CampaignSchema, CaseSchema, DashboardSchema, IdeaSchema, ReportSchema, SystemicAlertSchema } from '../../contract/route-responses.js';

const BrandParams = z.object({ brandId: z.string().min(1).max(100) });
const IdParams = z.object({ id: z.string().min(1).max(100) });

/** Follow-through (fix, "is it solved?"), the idea backlog and the record of breached deadlines. */
export const followThroughRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { container }) => {
  const ft = container.followThrough;
  const user = { auth: 'user' as const };
  const tags = ['follow-through'];
  const caseOut = async (actor: ReturnType<typeof actorOf>, id: string) => presentCase(await container.cases.get(actor, id));

  app.put(
    '/cases/:id/fix',
    { config: user, schema: { tags, summary: 'Link the internal fix: a URL or an id in the team’s tracker', response: ok(CaseSchema), params: IdParams, body: z.object({ ref: z.string().trim().min(1).max(500) }) } },
    async (req) => {
      await ft.linkFix(actorOf(req), req.params.id, req.body.ref);
      return caseOut(actorOf(req), req.params.id);
    },
  );

  app.post('/cases/:id/fix/shipped', { config: user, schema: { tags, summary: 'The fix shipped: the responder is reminded to tell the customer', response: ok(CaseSchema), params: IdParams } }, async (req) => {
    await ft.fixShipped(actorOf(req), req.params.id);
    return caseOut(actorOf(req), req.params.id);
  });

  app.post(
    '/cases/:id/follow-up',
    {
      config: user,
      schema: {
        tags,
        summary: 'Answer the "is it solved?" check: solved, not solved, or dismissed with a reason', response: ok(CaseSchema),
        params: IdParams,
        body: z.object({ outcome: z.enum(FOLLOW_UP_OUTCOMES), reason: z.string().trim().max(2000).nullable().optional() }),
      },
    },
    async (req) => {
      await ft.answerFollowUp(actorOf(req), req.params.id, req.body.outcome, req.body.reason);
      return caseOut(actorOf(req), req.params.id);
    },
  );

  app.get(
    '/brands/:brandId/ideas',
    { config: user, schema: { tags, summary: 'The idea backlog', response: ok(itemsOf(IdeaSchema)), params: BrandParams, querystring: z.object({ status: listParam(IDEA_STATUSES), limit: LimitParam }) } },
    async (req) => {
      const id = await container.brands.resolveBrandId(req.params.brandId);
      return { items: (await ft.listIdeas(actorOf(req), id, req.query.status as IdeaStatus[] | undefined, req.query.limit)).map(presentIdea) };
    },
  );

  app.post(
    '/cases/:id/idea',
    { config: user, schema: { tags, summary: 'Put the case into the idea backlog', response: created(IdeaSchema), params: IdParams, body: z.object({ summary: z.string().trim().min(1).max(2000) }) } },
    async (req, reply) => reply.status(201).send(presentIdea(await ft.markIdea(actorOf(req), req.params.id, req.body.summary))),
  );

  app.patch(
    '/ideas/:id',
    {
      config: user,
      schema: { tags, summary: "Change an idea's status", response: ok(IdeaSchema), params: IdParams, body: z.object({ status: z.enum(IDEA_STATUSES), note: z.string().trim().max(2000).nullable().optional() }) },
    },
    async (req) => presentIdea(await ft.updateIdea(actorOf(req), req.params.id, req.body)),
  );

  app.get(
    '/brands/:brandId/dashboard',
    {
      config: user,
      schema: { tags: ['reports'], summary: 'Dashboard figures: mentions by kind, topic and sentiment per day, response times, open work', response: ok(DashboardSchema), params: BrandParams, querystring: z.object({ from: DateParam.optional(), to: DateParam.optional() }) },
    },
    async (req) => {
      const id = await container.brands.resolveBrandId(req.params.brandId);
      return container.stats.dashboard(actorOf(req), id, { from: toIso(req.query.from), to: toIso(req.query.to) });
    },
  );

  app.get(
    '/brands/:brandId/report',
    {
      config: user,
      schema: {
        tags: ['reports'],
        summary: 'The report for a period (2026-Q3, 2026-09, 2026, or 2026-07-01..2026-09-30) as JSON, HTML, CSV or PDF',
        description: 'The JSON report is described below; with `format=html`, `csv` or `pdf` the same report comes as that file.', response: ok(ReportSchema),
        params: BrandParams,
        querystring: z.object({ period: z.string().min(4).max(40), format: z.enum(['json', 'html', 'csv', 'pdf']).default('json') }),
      },
    },
    async (req, reply) => {
      const id = await container.brands.resolveBrandId(req.params.brandId);
      const report = await container.reports.build(actorOf(req), id, req.query.period);
      const name = `defuse-report-${report.period.label.replace(/[^\w-]+/g, '_')}`;
      if (req.query.format === 'json') return report;
      // The other formats are files, not the JSON shape the schema declares.
      const file = reply as unknown as FastifyReply;
      if (req.query.format === 'csv') return file.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`).send(renderReportCsv(report));
      const html = renderReportHtml(report);
      if (req.query.format === 'html') {
        // The report has no script: a policy that allows none.
        return file.type('text/html; charset=utf-8').header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:").send(html);
      }
      return file.type('application/pdf').header('content-disposition', `attachment; filename="${name}.pdf"`).send(await htmlToPdf(html));
    },
  );

  app.get(
    '/brands/:brandId/systemic-alerts',
    { config: user, schema: { tags: ['reports'], summary: 'Systemic problems found: topics risen well above their weekly baseline', response: ok(itemsOf(SystemicAlertSchema)), params: BrandParams, querystring: z.object({ since: DateParam.optional() }) } },
    async (req) => {
      const id = await container.brands.resolveBrandId(req.params.brandId);
      return { items: (await container.detection.alerts(actorOf(req), id, toIso(req.query.since))).map((a) => ({ ...a, expected: Number(a.expected), p_value: Number(a.p_value), examples: JSON.parse(a.examples) })) };
    },
  );

  app.get(
    '/brands/:brandId/campaigns',
    { config: user, schema: { tags: ['reports'], summary: 'Coordinated campaigns found (near-identical posts from different authors)', response: ok(itemsOf(CampaignSchema)), params: BrandParams, querystring: z.object({ since: DateParam.optional() }) } },
    async (req) => {
      const id = await container.brands.resolveBrandId(req.params.brandId);
      return { items: await container.detection.campaigns(actorOf(req), id, toIso(req.query.since)) };
    },
  );

  app.get('/cases/:id/campaigns', { config: user, schema: { tags: ['reports'], summary: 'Campaigns this case is part of', response: ok(itemsOf(CampaignSchema)), params: IdParams } }, async (req) => {
    return { items: await container.detection.campaignsOfCase(actorOf(req), req.params.id) };
  });

  app.get(
    '/brands/:brandId/breaches',
    {
      config: user,
      schema: { tags, summary: 'Deadlines breached (for the reports)', response: ok(itemsOf(BreachSchema)), params: BrandParams, querystring: z.object({ from: DateParam.optional(), to: DateParam.optional() }) },
    },
    async (req) => {
      const id = await container.brands.resolveBrandId(req.params.brandId);
      return { items: await container.followThrough.breaches(actorOf(req), id, toIso(req.query.from), toIso(req.query.to)) };
    },
  );
};

/** `defuse report`: a brand's report for a period as HTML (with charts), CSV, PDF or JSON. */
import { writeFileSync } from 'node:fs';
import { htmlToPdf } from '../../adapters/pdf/chromium-pdf.js';
import { renderReportCsv, renderReportHtml } from '../../services/reports/report-render.js';
import { ExitError } from '../exit-error.js';
import { OPERATOR, brandIdOf, withContainer } from './shared.js';

export interface ReportOptions {
  brand: string;
  period: string;
  format: string;
  output?: string;
}

export async function report(o: ReportOptions): Promise<void> {
  if (!['html', 'csv', 'pdf', 'json'].includes(o.format)) throw new ExitError(2, '--format must be html, csv, pdf or json');
  if (o.format === 'pdf' && !o.output) throw new ExitError(2, 'a PDF needs --output <file>');
  await withContainer(async (c) => {
    let report;
    try {
      report = await c.reports.build(OPERATOR, await brandIdOf(c, o.brand), o.period);
    } catch (e) {
      throw new ExitError(2, (e as Error).message);
    }
    const body =
      o.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : o.format === 'csv' ? renderReportCsv(report) : o.format === 'html' ? renderReportHtml(report) : await htmlToPdf(renderReportHtml(report));
    if (o.output) {
      writeFileSync(o.output, body);
      console.error(`report ${report.period.label} (${report.total} mentions) written to ${o.output}`);
    } else process.stdout.write(body);
  });
}

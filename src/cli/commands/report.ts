/** `defuse report`: a brand's report for a period as HTML (with charts), CSV, PDF or JSON. */
import { writeFileSync } from 'node:fs';
import { REPORT_FORMATS, type ReportFormat } from '../../services/reports/report-export.js';
import { ExitError } from '../exit-error.js';
import { OPERATOR, brandIdOf, withContainer } from './shared.js';

export interface ReportOptions {
  brand: string;
  period: string;
  format: string;
  output?: string;
}

export async function report(o: ReportOptions): Promise<void> {
  if (!isFormat(o.format)) throw new ExitError(2, '--format must be html, csv, pdf or json');
  const format = o.format;
  if (o.format === 'pdf' && !o.output) throw new ExitError(2, 'a PDF needs --output <file>');
  await withContainer(async (c) => {
    let report;
    try {
      report = await c.reports.build(OPERATOR, await brandIdOf(c, o.brand), o.period);
    } catch (e) {
      throw new ExitError(2, (e as Error).message);
    }
    const body = (await c.reportExport.export(report, format)).content;
    if (o.output) {
      writeFileSync(o.output, body);
      console.error(`report ${report.period.label} (${report.total} mentions) written to ${o.output}`);
    } else process.stdout.write(body);
  });
}

const isFormat = (f: string): f is ReportFormat => (REPORT_FORMATS as readonly string[]).includes(f);

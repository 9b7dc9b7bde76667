/**
 * The report as a file: JSON, HTML (with charts), CSV or PDF. The one place
 * that choice is made, for the CLI's `report`, the API's report route and the
 * scheduled e-mail alike.
 */
import type { PdfRenderer } from '../ports.js';
import { renderReportCsv, renderReportHtml } from './report-render.js';
import type { Report } from './report.service.js';

export const REPORT_FORMATS = ['json', 'html', 'csv', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ExportedReport {
  format: ReportFormat;
  /** defuse-report-<period>.<format> */
  filename: string;
  contentType: string;
  content: string | Buffer;
}

const CONTENT_TYPES: Record<ReportFormat, string> = {
  json: 'application/json; charset=utf-8',
  html: 'text/html; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  pdf: 'application/pdf',
};

export class ReportExport {
  constructor(private readonly pdf: PdfRenderer) {}

  async export(report: Report, format: ReportFormat): Promise<ExportedReport> {
    const filename = `defuse-report-${report.period.label.replace(/[^\w-]+/g, '_')}.${format}`;
    const content =
      format === 'json'
        ? `${JSON.stringify(report, null, 2)}\n`
        : format === 'csv'
          ? renderReportCsv(report)
          : format === 'html'
            ? renderReportHtml(report)
            : await this.pdf.render(renderReportHtml(report));
    return { format, filename, contentType: CONTENT_TYPES[format], content };
  }
}

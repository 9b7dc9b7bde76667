/**
 * Scheduled reports: when a month or a quarter has ended, each brand that asked
 * for it gets the report by e-mail (PDF or HTML attached), once per period.
 * Runs hourly from the worker; catches up after a stop.
 */
import type { Logger } from 'pino';
import { type Clock, iso } from '../../domain/clock.js';
import { reportText } from '../../domain/reports/report-text.js';
import { periodsDue } from '../../domain/reports/schedule.js';
import type { Store } from '../../repositories/store.js';
import { brandSettings } from '../brand-settings.js';
import type { Mailer } from '../ports.js';
import type { ReportExport } from './report-export.js';
import type { ReportService } from './report.service.js';

export class ReportScheduler {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly reports: ReportService,
    private readonly exporter: ReportExport,
    /** The SMTP sender, when DEFUSE_SMTP_URL and DEFUSE_SMTP_FROM are set. */
    private readonly mailer: Mailer | null,
    private readonly logger: Logger,
  ) {}

  /** Sends what is due; returns the (brand slug, period) pairs sent. */
  async sendDue(): Promise<Array<{ brand: string; period: string }>> {
    const sent: Array<{ brand: string; period: string }> = [];
    const now = this.clock.now();
    for (const brand of await this.store.repos.brands.listAll()) {
      const schedule = brandSettings(brand.settings).reportSchedule;
      if (!schedule.recipients.length || (!schedule.monthly && !schedule.quarterly)) continue;
      if (!this.mailer) {
        this.logger.warn({ brand: brand.slug }, 'scheduled reports need DEFUSE_SMTP_URL and DEFUSE_SMTP_FROM');
        continue;
      }
      for (const period of periodsDue(now, schedule)) {
        if (await this.store.repos.reports.wasSent(brand.id, period)) continue;
        const report = await this.reports.build({ type: 'system', name: 'report-scheduler' }, brand.id, period);
        const file = await this.exporter.export(report, schedule.format);
        // In the brand's language, as the attached report is.
        const tx = reportText(report.language);
        const attachment = { filename: file.filename, content: file.content, contentType: file.contentType };
        await this.mailer.send({
          to: schedule.recipients,
          subject: tx.mailSubject(brand.name, tx.period(period)),
          text: tx.mailBody(
            brand.name,
            tx.period(period),
            tx.number(report.total),
            tx.number(report.previousTotal),
            (['constructive', 'impulsive', 'trolling', 'black_pr'] as const)
              .map((k) => `${tx.label('kinds', k)}: ${tx.number(report.byKind[k] ?? 0)}`)
              .join(tx.lang === 'ar' ? '، ' : ', '),
          ),
          attachments: [attachment],
        });
        await this.store.repos.reports.recordSent({ brandId: brand.id, period, recipients: schedule.recipients, sentAt: iso(now) });
        this.logger.info({ brand: brand.slug, period }, 'scheduled report sent');
        sent.push({ brand: brand.slug, period });
      }
    }
    return sent;
  }
}

/**
 * Builds Defuse's services over one database: the same container backs the
 * HTTP server, the worker and every CLI command.
 */
import pino, { type Logger } from 'pino';
import type { AppConfig } from './config/env.js';
import { openDatabase, type Database } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import type { Classifier } from './domain/classification/classifier.js';
import { type Clock, systemClock } from './domain/clock.js';
import type { JobQueue } from './jobs/job-queue.js';
import { JobRegistry } from './jobs/job-registry.js';
import { PgBossQueue } from './jobs/pg-boss-queue.js';
import { PrometheusMetrics } from './adapters/metrics/prometheus.js';
import { SqlJobQueue } from './jobs/sql-job-queue.js';
import { Store } from './repositories/store.js';
import { AuthService } from './services/auth.service.js';
import { BrandService } from './services/brand.service.js';
import { CaseService } from './services/cases/case.service.js';
import { SavedViewService } from './services/cases/saved-view.service.js';
import { ImportService } from './services/import.service.js';
import { IngestService } from './services/ingest.service.js';
import { MentionService } from './services/mention.service.js';
import { PipelineService } from './services/pipeline.service.js';
import { Notifier } from './services/people/notifier.js';
import { AccountService } from './services/people/account.service.js';
import { EmailReplyChannel } from './adapters/delivery/email-channel.js';
import { WebhookReplyChannel } from './adapters/delivery/webhook-channel.js';
import { labelGuide } from './adapters/llm/label-guide.js';
import { OpenAiChatClient } from './adapters/llm/openai-chat.js';
import { SmtpMailer } from './adapters/mail/smtp-mailer.js';
import { chromiumPdf } from './adapters/pdf/chromium-pdf.js';
import { deliverWebhook } from './adapters/webhook/signed-post.js';
import { PermanentDeliveryError, type ReplyChannelFactory, type ReplyPublishing } from './services/replies/reply-channel.js';
import { ConnectorReplyChannel } from './adapters/delivery/connector-channel.js';
import type { CaseChangeFeed, LlmClient, LlmClientFactory, Mailer, PdfRenderer } from './services/ports.js';
import { ReportExport } from './services/reports/report-export.js';
import { FollowThroughService } from './services/cases/follow-through.service.js';
import { NotificationService } from './services/people/notification.service.js';
import { PlaybookService } from './services/playbooks/playbook.service.js';
import { ReactionPlanner } from './services/cases/reaction-planner.js';
import { ReactionScheduler } from './services/cases/reaction-scheduler.js';
import { TeamService } from './services/people/team.service.js';
import { DeliveryService } from './services/replies/delivery.service.js';
import { TaskService } from './services/cases/task.service.js';
import { ReplyService } from './services/replies/reply.service.js';
import { WaitingApprovals } from './services/replies/waiting-approvals.js';
import { DraftService } from './services/replies/draft.service.js';
import { CorrectionService } from './services/correction.service.js';
import { SecondOpinionService } from './services/classification/second-opinion.service.js';
import { BrandModelService } from './services/classification/brand-model.service.js';
import { DeadlineReplanService } from './services/cases/deadline-replan.service.js';
import { DailyListService } from './services/cases/daily-list.service.js';
import { ReviewService } from './services/cases/review.service.js';
import { StatsService } from './services/stats.service.js';
import { DetectionService } from './services/detection/detection.service.js';
import { ReportService } from './services/reports/report.service.js';
import { ReportScheduler } from './services/reports/report-scheduler.js';
import { PersonalDataService } from './services/data/personal-data.service.js';
import { EvidenceService } from './services/cases/evidence.service.js';
import { ConnectorRegistry } from './adapters/channels/registry.js';
import { emailConnector } from './adapters/channels/email/index.js';
import { mastodonConnector } from './adapters/channels/mastodon/index.js';
import { rssConnector } from './adapters/channels/rss/rss-connector.js';
import { telegramConnector } from './adapters/channels/telegram/index.js';
import { vkConnector } from './adapters/channels/vk/index.js';
import { installationSecretBox } from './adapters/crypto/secret-box.js';
import { ChannelService, DEFAULT_CHANNEL_OPTIONS } from './services/channels/channel.service.js';
import { ListeningService } from './services/channels/listening.service.js';
import { BroadcastCaseChangeFeed, channelName } from './adapters/events/broadcast-case-feed.js';
import { PgNotifyCaseChangeFeed } from './adapters/events/pg-notify-case-feed.js';
import { usePlainValidationMessages } from './validation-messages.js';

export interface ContainerOptions {
  clock?: Clock;
  classifier?: Classifier;
  logger?: Logger;
  /** Use an already-open database (tests) instead of opening config.database. */
  database?: Database;
  /** The mailer links and reports go out through (tests): by default SMTP when configured, else none. */
  mailer?: Mailer | null;
  /**
   * Force the job queue: by default SQLite uses the in-process SQL runner and
   * PostgreSQL uses pg-boss. Tests run the SQL runner on PostgreSQL too, to
   * step jobs by hand.
   */
  queue?: 'sql' | 'pg-boss';
  /** The HTTP client channel connectors fetch with (tests); global fetch by default. */
  fetch?: typeof fetch;
  /** Monotonic milliseconds a processing batch's time budget is measured with (tests); performance.now by default. */
  stopwatch?: () => number;
}

/**
 * Every channel connector this installation has, one line each: a new connector (e-mail, Telegram…) is added here.
 * The registry refuses a type twice or one not in CONNECTOR_TYPES.
 */
export function channelConnectors(): ConnectorRegistry {
  const registry = new ConnectorRegistry([rssConnector, emailConnector, telegramConnector, mastodonConnector, vkConnector]);
  registry.assertComplete();
  return registry;
}

export interface Container {
  config: AppConfig;
  logger: Logger;
  clock: Clock;
  database: Database;
  store: Store;
  queue: JobQueue;
  /** What `/metrics` serves: this process's counters and the queue's gauges. */
  metrics: PrometheusMetrics;
  /** Which cases processing just changed, across this process's threads (the live inbox pushes them). */
  caseChanges: CaseChangeFeed & { close(): void | Promise<void> };
  classifier: Classifier;
  auth: AuthService;
  /** Invitations, passwords, deactivation. */
  accounts: AccountService;
  brands: BrandService;
  cases: CaseService;
  /** Each person's own saved inbox views. */
  savedViews: SavedViewService;
  mentions: MentionService;
  ingest: IngestService;
  importer: ImportService;
  pipeline: PipelineService;
  notifier: Notifier;
  scheduler: ReactionScheduler;
  playbooks: PlaybookService;
  teams: TeamService;
  followThrough: FollowThroughService;
  notifications: NotificationService;
  replies: ReplyService;
  tasks: TaskService;
  drafts: DraftService;
  corrections: CorrectionService;
  secondOpinion: SecondOpinionService;
  brandModels: BrandModelService;
  /** Bringing back a case silenced automatically. */
  review: ReviewService;
  /** The managers' daily list of automatic decisions. */
  dailyList: DailyListService;
  stats: StatsService;
  detection: DetectionService;
  reports: ReportService;
  reportScheduler: ReportScheduler;
  /** The report as JSON, HTML, CSV or PDF: for the API, the CLI and the schedule. */
  reportExport: ReportExport;
  delivery: DeliveryService;
  /** People's data: per-author export and erasure, the brands' retention. */
  personalData: PersonalDataService;
  /** A case's evidence bundle (JSON with hashes, PDF). */
  evidence: EvidenceService;
  /** Channel connections: add, fetch, the poll round, webhook pushes. */
  channels: ChannelService;
  /** The listening preview: what a query would match among the last fetched items. */
  listening: ListeningService;
  /** Runs jobs in this process, sweeping every minute (DEFUSE_SWEEP_INTERVAL_MS) for mentions a crash left unprocessed. */
  startWorker(): Promise<void>;
  /** Every job's handler, registered in this one place. */
  jobRegistry(): JobRegistry;
  close(): Promise<void>;
}

export function createLogger(config: AppConfig): Logger {
  return pino({ level: config.logLevel, redact: ['req.headers.authorization', 'req.headers.cookie', 'password'] });
}

/** Opens (and migrates) the database and wires every service. */
export async function createContainer(config: AppConfig, options: ContainerOptions = {}): Promise<Container> {
  // Every input check in the process (HTTP, CLI, channels) answers in plain words, not Zod's defaults.
  usePlainValidationMessages();
  const logger = options.logger ?? createLogger(config);
  const clock = options.clock ?? systemClock;
  const database = options.database ?? openDatabase(config.database);
  await migrateToLatest(database);
  const store = new Store(database);
  const queueKind = options.queue ?? (database.dialect === 'sqlite' ? 'sql' : 'pg-boss');
  const queue: JobQueue =
    queueKind === 'sql'
      ? new SqlJobQueue(database.db, clock, logger, { ...config.jobs, wakeChannel: channelName('jobs', config.database) })
      : new PgBossQueue(config.database.dialect === 'postgres' ? config.database.connectionString : '', logger, {
          pollSeconds: Math.max(0.5, config.jobs.pollMs / 1000),
          concurrency: config.jobs.concurrency,
        });
  // Imported here: the model and the language detector take a second or more to load, and callers that pass their
  // own classifier (tests, CLI commands that classify nothing) never need them.
  const classifier = options.classifier ?? (await import('./adapters/classifier-models.js')).loadDefaultClassifier();
  // The adapters services talk through: one mailer, one webhook poster, the PDF renderer, the language model.
  const mailer: Mailer | null =
    options.mailer !== undefined ? options.mailer : config.smtp.url && config.smtp.from ? new SmtpMailer(config.smtp.url, config.smtp.from) : null;
  const pdf: PdfRenderer = chromiumPdf;
  // The installation's API key is only ever sent to the installation's endpoint; a brand's own endpoint gets none.
  const llmClients: LlmClientFactory = ({ baseUrl, model = config.llm.model }) => {
    const timeoutMs = config.llm.timeoutMs;
    if (baseUrl) return { client: new OpenAiChatClient({ baseUrl, model, timeoutMs }), baseUrl, model, timeoutMs };
    if (!config.llm.baseUrl) return null;
    return {
      client: new OpenAiChatClient({ baseUrl: config.llm.baseUrl, model, apiKey: config.llm.apiKey, timeoutMs }),
      baseUrl: config.llm.baseUrl,
      model,
      timeoutMs,
    };
  };
  const llm: LlmClient | null = llmClients({})?.client ?? null;
  const replyChannels: ReplyChannelFactory = async (d) => {
    if (d.type === 'webhook') return new WebhookReplyChannel(d.url, d.secret);
    if (d.type === 'email') {
      if (!mailer) throw new PermanentDeliveryError('e-mail delivery needs DEFUSE_SMTP_URL and DEFUSE_SMTP_FROM');
      return new EmailReplyChannel(mailer, d.subjectPrefix);
    }
    // Published through the brand's connection: the channel service opens its secrets and hands the connector's send.
    if (d.type === 'connector') return new ConnectorReplyChannel(d.connector, (await channels.publisher(d.connectionId)).send);
    throw new PermanentDeliveryError('this channel is answered by hand');
  };
  // Read when a reply is released or delivered, after `channels` below exists.
  const publishing: ReplyPublishing = { canPublish: (conn, isPrivate) => channels.canPublish(conn, isPrivate) };
  const metrics = new PrometheusMetrics(queue);
  // Threads of this process hear each other through a BroadcastChannel; on PostgreSQL other processes (`defuse
  // worker`, more servers) through LISTEN/NOTIFY too.
  const threadChanges = new BroadcastCaseChangeFeed(channelName('cases', config.database));
  const caseChanges =
    config.database.dialect === 'postgres'
      ? new PgNotifyCaseChangeFeed(threadChanges, database.db, config.database.connectionString, logger)
      : threadChanges;
  queue.observe(metrics);
  const ingest = new IngestService(store, queue, clock, logger, metrics);
  const notifier = new Notifier(queue, logger);
  const waitingApprovals = new WaitingApprovals(notifier);
  const detection = new DetectionService(store, clock, notifier, logger);
  const planner = new ReactionPlanner(notifier);
  const secondOpinion = new SecondOpinionService(store, queue, clock, llmClients, logger, labelGuide);
  const brandModels = new BrandModelService(store, classifier, queue, clock, logger);
  const pipeline = new PipelineService(
    store,
    classifier,
    queue,
    clock,
    logger,
    {
      threadWindowHours: config.threadWindowHours,
      sweepAfterMs: config.jobs.sweepAfterMs,
      batchSize: config.jobs.batchSize,
      batchMs: config.jobs.batchMs,
      ...(options.stopwatch ? { stopwatch: options.stopwatch } : {}),
    },
    planner,
    notifier,
    detection,
    secondOpinion,
    brandModels,
    metrics,
    caseChanges,
  );
  const cases = new CaseService(store, clock, notifier, { countCap: config.inboxCountCap }, publishing);
  const scheduler = new ReactionScheduler(store, clock, notifier, logger, publishing);
  const delivery = new DeliveryService(store, clock, notifier, replyChannels, logger, publishing);
  const playbooks = new PlaybookService(store, clock, cases, planner, notifier);
  const reports = new ReportService(store, () => clock.now());
  const reportExport = new ReportExport(pdf);
  const corrections = new CorrectionService(store, clock, planner, notifier, (brandId) => brandModels.afterCorrection(brandId));
  const dailyList = new DailyListService(store, clock, notifier, logger);
  const deadlineReplan = new DeadlineReplanService(store, clock, logger);
  const auth = new AuthService(store, clock, config.sessionTtlHours);
  const reportScheduler = new ReportScheduler(store, clock, reports, reportExport, mailer, logger);
  const personalData = new PersonalDataService(store, clock, logger);
  // Channel secrets are sealed with the installation key (DEFUSE_SECRET_KEY, else the key file, read on first use).
  const secretBox = installationSecretBox({ secretKey: config.secrets.key, keyFile: config.secrets.keyFile });
  const listening = new ListeningService(async (brandId, limit) => store.repos.connections.recentItems(brandId, limit));
  const channels = new ChannelService(store, channelConnectors(), secretBox, ingest, notifier, clock, logger, options.fetch ?? fetch, {
    ...DEFAULT_CHANNEL_OPTIONS,
    publicUrl: config.publicUrl,
  });

  let sweepTimer: NodeJS.Timeout | undefined;
  // Mailboxes with IMAP IDLE are fetched as soon as mail arrives, between the poll rounds (stopped on close).
  const watching = new AbortController();
  let watchers: Promise<void> | undefined;
  let tickTimer: NodeJS.Timeout | undefined;
  let detectTimer: NodeJS.Timeout | undefined;
  let reportTimer: NodeJS.Timeout | undefined;
  let dailyListTimer: NodeJS.Timeout | undefined;
  let cleanupTimer: NodeJS.Timeout | undefined;
  let retentionTimer: NodeJS.Timeout | undefined;
  let channelTimer: NodeJS.Timeout | undefined;
  const container: Container = {
    config,
    logger,
    clock,
    database,
    store,
    queue,
    metrics,
    caseChanges,
    classifier,
    auth,
    accounts: new AccountService(store, clock, auth, mailer, config.publicUrl, logger, waitingApprovals),
    // A changed response policy plans the owed first answers again, in a job (a brand may have many open cases).
    brands: new BrandService(
      store,
      clock,
      async (brandId) => {
        await queue.enqueue('cases.replan_deadlines', { brandId }, { singletonKey: `replan-deadlines:${brandId}`, maxAttempts: 3 });
      },
      waitingApprovals,
    ),
    cases,
    savedViews: new SavedViewService(store, clock),
    mentions: new MentionService(store),
    ingest,
    importer: new ImportService(ingest),
    pipeline,
    notifier,
    scheduler,
    playbooks,
    teams: new TeamService(store, clock, cases, notifier),
    followThrough: new FollowThroughService(store, clock, cases, notifier),
    notifications: new NotificationService(store, clock),
    replies: new ReplyService(store, clock, cases, notifier, publishing),
    tasks: new TaskService(store, clock, cases, notifier),
    drafts: new DraftService(store, cases, playbooks, llm, logger),
    corrections,
    review: new ReviewService(store, clock, cases, corrections, notifier),
    dailyList,
    secondOpinion,
    brandModels,
    stats: new StatsService(store, clock),
    detection,
    reports,
    reportScheduler,
    reportExport,
    delivery,
    personalData,
    evidence: new EvidenceService(store, clock, pdf),
    channels,
    listening,
    startWorker: async () => {
      await queue.startWorker(container.jobRegistry());
      if (config.channels.watch)
        watchers = channels.watchAll(watching.signal).catch((err: unknown) => logger.error({ err }, 'the channel watchers stopped'));
      const sweepEvery = config.jobs.sweepIntervalMs;
      const sweep = () =>
        queue
          .enqueue('mention.sweep', {}, { singletonKey: 'sweep', singletonSeconds: Math.max(1, Math.floor(sweepEvery / 1000)) })
          .catch((err) => logger.error({ err }, 'could not queue the sweep'));
      await sweep();
      // Each enqueue logs its own failure (the .catch above), so the timers drop the settled promise with `void`.
      sweepTimer = setInterval(() => void sweep(), sweepEvery);
      sweepTimer.unref();
      // Deadlines, cool-downs, scheduled replies, follow-ups: at once (catching up after a restart), then every 30 s.
      const tick = () =>
        queue
          .enqueue('reaction.tick', {}, { singletonKey: 'reaction-tick', maxAttempts: 1 })
          .catch((err) => logger.error({ err }, 'could not queue the reaction tick'));
      await tick();
      tickTimer = setInterval(() => void tick(), 30_000);
      tickTimer.unref();
      // Systemic problems: every 15 minutes, each topic against its weekly baseline.
      const detect = () =>
        queue
          .enqueue('reports.detect', {}, { singletonKey: 'reports-detect', maxAttempts: 1 })
          .catch((err) => logger.error({ err }, 'could not queue spike detection'));
      await detect();
      detectTimer = setInterval(() => void detect(), 15 * 60_000);
      detectTimer.unref();
      const scheduled = () =>
        queue
          .enqueue('reports.scheduled', {}, { singletonKey: 'reports-scheduled', maxAttempts: 3 })
          .catch((err) => logger.error({ err }, 'could not queue scheduled reports'));
      await scheduled();
      reportTimer = setInterval(() => void scheduled(), 60 * 60_000);
      reportTimer.unref();
      // The managers' daily list of automatic decisions: checked hourly, sent once a day per brand.
      const dailyLists = () =>
        queue
          .enqueue('cases.daily_list', {}, { singletonKey: 'cases-daily-list', maxAttempts: 3 })
          .catch((err) => logger.error({ err }, 'could not queue the daily lists'));
      await dailyLists();
      dailyListTimer = setInterval(() => void dailyLists(), 60 * 60_000);
      dailyListTimer.unref();
      const cleanup = () =>
        queue
          .enqueue('sessions.cleanup', {}, { singletonKey: 'sessions-cleanup', maxAttempts: 3 })
          .catch((err) => logger.error({ err }, 'could not queue the session cleanup'));
      await cleanup();
      cleanupTimer = setInterval(() => void cleanup(), 60 * 60_000);
      cleanupTimer.unref();
      // Brands' retention periods: old mentions erased, hourly (nothing to do for brands without one).
      const retention = () =>
        queue
          .enqueue('data.retention', {}, { singletonKey: 'data-retention', maxAttempts: 3 })
          .catch((err) => logger.error({ err }, 'could not queue the retention job'));
      await retention();
      retentionTimer = setInterval(() => void retention(), 60 * 60_000);
      retentionTimer.unref();
      // Channel connections: every minute, each connection fetched when its own interval (or backoff) is up.
      const pollChannels = () =>
        queue
          .enqueue('channels.poll', {}, { singletonKey: 'channels-poll', maxAttempts: 1 })
          .catch((err) => logger.error({ err }, 'could not queue the channel poll'));
      await pollChannels();
      channelTimer = setInterval(() => void pollChannels(), 60_000);
      channelTimer.unref();
    },
    jobRegistry() {
      return new JobRegistry()
        .register('mention.process', (p) => pipeline.processMentions(p.mentionIds))
        .register('mention.sweep', async () => {
          await pipeline.sweep();
        })
        .register('reaction.tick', async () => {
          await scheduler.tick();
        })
        .register('webhook.deliver', (p) => deliverWebhook(p))
        .register('mail.send', async (p) => {
          if (!mailer) {
            logger.warn({ brandId: p.brandId, caseId: p.caseId, to: p.to }, 'no SMTP configured (DEFUSE_SMTP_URL): an e-mail to legal was not sent');
            return;
          }
          await mailer.send({ to: p.to, subject: p.subject, text: p.text });
        })
        .register('reply.deliver', (p) => delivery.deliver(p.replyId))
        .register('reports.detect', async () => {
          await detection.detectSpikes();
        })
        .register('reports.scheduled', async () => {
          await reportScheduler.sendDue();
        })
        .register('classification.second_opinion', async (p) => {
          await secondOpinion.run(p.mentionId);
        })
        .register('brand.train', async (p) => {
          await brandModels.train({ type: 'system', name: 'brand-train' }, p.brandId);
        })
        .register('cases.daily_list', async () => {
          await dailyList.sendDue();
        })
        .register('cases.replan_deadlines', async (p) => {
          await deadlineReplan.replanBrand(p.brandId);
        })
        .register('sessions.cleanup', async () => {
          await auth.cleanup();
        })
        .register('data.retention', async () => {
          await personalData.applyRetention();
        })
        .register('channels.poll', async () => {
          await channels.pollDue();
        });
    },
    async close() {
      if (sweepTimer) clearInterval(sweepTimer);
      if (tickTimer) clearInterval(tickTimer);
      if (detectTimer) clearInterval(detectTimer);
      if (reportTimer) clearInterval(reportTimer);
      if (dailyListTimer) clearInterval(dailyListTimer);
      if (cleanupTimer) clearInterval(cleanupTimer);
      if (retentionTimer) clearInterval(retentionTimer);
      if (channelTimer) clearInterval(channelTimer);
      watching.abort();
      await watchers;
      await queue.stop();
      await caseChanges.close();
      await database.close();
    },
  };
  return container;
}

/**
 * The figures `/metrics` serves, in Prometheus's text format (prom-client).
 * One registry per container, so several in one process (tests) never mix.
 * Labels are bounded and carry no brand or person: job names, outcomes,
 * route patterns (never raw URLs), status classes.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { JobName } from '../../jobs/job-names.js';
import type { JobObserver, JobQueue } from '../../jobs/job-queue.js';
import type { ProcessingMetrics } from '../../services/ports.js';

/** A processing or job event, as the job worker thread relays it to the server's metrics. */
export type WorkEvent =
  | { type: 'processed'; outcome: 'processed' | 'skipped' | 'failed'; seconds: number }
  | { type: 'retried'; name: JobName }
  | { type: 'failed'; name: JobName; final: boolean };

export class PrometheusMetrics implements ProcessingMetrics, JobObserver {
  private relay?: (event: WorkEvent) => void;
  readonly registry = new Registry();
  readonly contentType = this.registry.contentType;
  private readonly ingested: Counter<'result'>;
  private readonly ingestRequests: Counter;
  private readonly processed: Counter<'outcome'>;
  private readonly processingSeconds: Histogram;
  private readonly jobFailures: Counter<'job' | 'final'>;
  private readonly jobRetries: Counter<'job'>;
  private readonly httpSeconds: Histogram<'method' | 'route' | 'status_class'>;

  constructor(queue: JobQueue) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.ingested = new Counter({
      name: 'defuse_mentions_ingested_total',
      help: 'Mentions received through ingest, by result: created (new) or duplicate (stored before)',
      labelNames: ['result'],
      registers,
    });
    this.ingestRequests = new Counter({ name: 'defuse_ingest_batches_total', help: 'Ingest calls (each carries one or more mentions)', registers });
    this.processed = new Counter({
      name: 'defuse_mentions_processed_total',
      help: 'Mentions through processing in this process, by outcome: processed, skipped (already processed) or failed',
      labelNames: ['outcome'],
      registers,
    });
    this.processingSeconds = new Histogram({
      name: 'defuse_mention_processing_seconds',
      help: 'Time to process one mention (classify, thread, plan, detect, count), in seconds',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.jobFailures = new Counter({
      name: 'defuse_job_failures_total',
      help: 'Job attempts that threw, by job name; final="true" when no retry was left',
      labelNames: ['job', 'final'],
      registers,
    });
    this.jobRetries = new Counter({
      name: 'defuse_job_retries_total',
      help: 'Job attempts after the first (retries, and jobs taken again after a crash), by job name',
      labelNames: ['job'],
      registers,
    });
    this.httpSeconds = new Histogram({
      name: 'defuse_http_request_duration_seconds',
      help: 'HTTP request latency by method, route pattern and status class',
      labelNames: ['method', 'route', 'status_class'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    // Every series of a bounded label starts at 0, so rates work from the first scrape.
    for (const result of ['created', 'duplicate']) this.ingested.inc({ result }, 0);
    for (const outcome of ['processed', 'skipped', 'failed']) this.processed.inc({ outcome }, 0);
    // Read from the queue's tables at each scrape, so they cover every process (API and workers).
    // (One small grouped query per gauge: a shared read would need a cache that could serve a stale figure.)
    // A database that does not answer must not take the process's own figures down with it: the gauges are left
    // empty and the failure counted (in the counter below, registered after them so a scrape shows its own failure).
    let readErrors: Counter | undefined = undefined;
    const readQueue = () =>
      queue.waiting().catch(() => {
        readErrors?.inc();
        return [];
      });
    new Gauge({
      name: 'defuse_queue_waiting_jobs',
      help: 'Jobs due and waiting to run, by job name (the SQL queue or pg-boss)',
      labelNames: ['job'],
      registers,
      async collect() {
        this.reset();
        for (const w of await readQueue()) this.set({ job: w.name }, w.waiting);
      },
    });
    new Gauge({
      name: 'defuse_queue_oldest_waiting_seconds',
      help: 'Seconds the longest-waiting due job has waited, by job name',
      labelNames: ['job'],
      registers,
      async collect() {
        this.reset();
        for (const w of await readQueue()) this.set({ job: w.name }, w.oldestAgeSeconds);
      },
    });
    readErrors = new Counter({
      name: 'defuse_queue_read_errors_total',
      help: 'Failed reads of the job queue, one per queue gauge and scrape (those gauges were left empty)',
      registers,
    });
  }

  mentionsIngested(created: number, duplicates: number): void {
    this.ingestRequests.inc();
    this.ingested.inc({ result: 'created' }, created);
    this.ingested.inc({ result: 'duplicate' }, duplicates);
  }

  mentionProcessed(outcome: 'processed' | 'skipped' | 'failed', seconds: number): void {
    this.processed.inc({ outcome });
    if (outcome === 'processed') this.processingSeconds.observe(seconds);
    this.relay?.({ type: 'processed', outcome, seconds });
  }

  jobRetried(name: JobName): void {
    this.jobRetries.inc({ job: name });
    this.relay?.({ type: 'retried', name });
  }

  jobFailed(name: JobName, final: boolean): void {
    this.jobFailures.inc({ job: name, final: String(final) });
    this.relay?.({ type: 'failed', name, final });
  }

  /** Also tells `relay` of each processing and job event (the job worker thread tells the server's metrics). */
  relayTo(relay: (event: WorkEvent) => void): void {
    this.relay = relay;
  }

  /** Counts an event another thread relayed. */
  record(event: WorkEvent): void {
    if (event.type === 'processed') this.mentionProcessed(event.outcome, event.seconds);
    else if (event.type === 'retried') this.jobRetried(event.name);
    else this.jobFailed(event.name, event.final);
  }

  /** `route` is the route's pattern (`/api/v1/cases/:id`), or `unmatched` for a request no route took. */
  httpRequest(method: string, route: string, statusCode: number, seconds: number): void {
    this.httpSeconds.observe({ method, route, status_class: `${Math.floor(statusCode / 100)}xx` }, seconds);
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }
}

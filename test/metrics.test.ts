/**
 * GET /metrics: Prometheus's text format with the named figures, counters
 * that move with ingest, processing and job failures, queue gauges read from
 * the database, and the guard (loopback, or the bearer token).
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrometheusMetrics } from '../src/adapters/metrics/prometheus.js';
import { loadConfig } from '../src/config/env.js';
import { createContainer } from '../src/container.js';
import { MentionInputSchema } from '../src/domain/mentions/mention-input.js';
import { buildMetricsServer } from '../src/http/server.js';
import { JOB_NAMES } from '../src/jobs/job-names.js';
import type { JobQueue } from '../src/jobs/job-queue.js';
import { JobRegistry } from '../src/jobs/job-registry.js';
import { PgBossQueue } from '../src/jobs/pg-boss-queue.js';
import { SqlJobQueue } from '../src/jobs/sql-job-queue.js';
import { createTestDatabase, DIALECTS } from './support/databases.js';
import { buildMention } from './support/factories.js';
import { type Harness, OPERATOR, startHarness } from './support/harness.js';
import { postMentions } from './support/requests.js';

const TOKEN = 'metrics-token-for-tests-0123456789';

/** The value of one sample (`name{labels} value`), 0 when absent. */
function sample(text: string, name: string, labels = ''): number {
  const line = text.split('\n').find((l) => l.startsWith(labels ? `${name}{${labels}} ` : `${name} `));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

async function scrape(h: Harness, headers: Record<string, string> = {}): Promise<string> {
  const res = await h.app.inject({ method: 'GET', url: '/metrics', headers });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  return res.body;
}

/** Every job does nothing, but sending mail always fails. */
function failingMail(): JobRegistry {
  const registry = new JobRegistry();
  for (const name of JOB_NAMES) if (name !== 'mail.send') registry.register(name, async () => {});
  return registry.register('mail.send', () => Promise.reject(new Error('smtp down')));
}

describe.each(DIALECTS)('/metrics on %s', (dialect) => {
  let h: Harness;
  let token: string;

  beforeAll(async () => {
    h = await startHarness(dialect);
    token = await h.createToken(await h.createBrand('metrics-brand'));
  });
  afterAll(async () => {
    await h.close();
    await h.db.drop();
  });

  it('answers the text format with the named metrics and default process metrics', async () => {
    const body = await scrape(h);
    for (const name of [
      'defuse_mentions_ingested_total',
      'defuse_ingest_batches_total',
      'defuse_mentions_processed_total',
      'defuse_mention_processing_seconds',
      'defuse_job_failures_total',
      'defuse_job_retries_total',
      'defuse_http_request_duration_seconds',
      'defuse_queue_waiting_jobs',
      'defuse_queue_oldest_waiting_seconds',
      'process_cpu_seconds_total',
      'nodejs_eventloop_lag_seconds',
    ])
      expect(body, name).toContain(`# TYPE ${name} `);
  });

  it('counts ingest (created vs duplicate), the queue while it waits, then processing', async () => {
    const before = await scrape(h);
    const m = buildMention();
    await postMentions(h, token, m);
    await postMentions(h, token, { mentions: [m, buildMention()] });
    h.clock.advance(90_000);
    const waiting = await scrape(h);
    expect(
      sample(waiting, 'defuse_mentions_ingested_total', 'result="created"') - sample(before, 'defuse_mentions_ingested_total', 'result="created"'),
    ).toBe(2);
    expect(
      sample(waiting, 'defuse_mentions_ingested_total', 'result="duplicate"') -
        sample(before, 'defuse_mentions_ingested_total', 'result="duplicate"'),
    ).toBe(1);
    expect(sample(waiting, 'defuse_ingest_batches_total') - sample(before, 'defuse_ingest_batches_total')).toBe(2);
    expect(sample(waiting, 'defuse_queue_waiting_jobs', 'job="mention.process"')).toBe(2);
    expect(sample(waiting, 'defuse_queue_oldest_waiting_seconds', 'job="mention.process"')).toBeCloseTo(90, 0);
    // The HTTP histogram labels the route pattern and the status class, never the raw URL.
    expect(waiting).toMatch(/defuse_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/mentions",status_class="2xx"\} \d+/);
    expect(waiting).not.toContain(token);

    await h.runJobs();
    const after = await scrape(h);
    expect(
      sample(after, 'defuse_mentions_processed_total', 'outcome="processed"') -
        sample(before, 'defuse_mentions_processed_total', 'outcome="processed"'),
    ).toBe(2);
    expect(sample(after, 'defuse_mention_processing_seconds_count') - sample(before, 'defuse_mention_processing_seconds_count')).toBe(2);
    expect(sample(after, 'defuse_queue_waiting_jobs', 'job="mention.process"')).toBe(0);
    expect(after).not.toContain('metrics-brand');
  });

  it('labels requests by route pattern: ids in the URL do not become labels', async () => {
    await h.app.inject({ method: 'GET', url: '/api/v1/cases/01J00000000000000000000000' });
    await h.app.inject({ method: 'GET', url: '/no/such/page-123' });
    const body = await scrape(h);
    expect(body).toContain('route="/api/v1/cases/:id",status_class="4xx"');
    expect(body).not.toContain('01J00000000000000000000000');
    expect(body).not.toContain('page-123');
  });

  it('counts job failures and retries per job name', async () => {
    const q = new SqlJobQueue(h.container.database.db, h.clock, pino({ level: 'silent' }), { pollMs: 10, concurrency: 1 });
    q.useRegistry(failingMail());
    const metrics = new PrometheusMetrics(q);
    q.observe(metrics);
    await q.enqueue('mail.send', { brandId: 'b', caseId: null, to: ['x@y.test'], subject: 's', text: 't' }, { maxAttempts: 2 });
    await q.runDue();
    h.clock.advance(60_000);
    await q.runDue();
    const body = await metrics.render();
    expect(sample(body, 'defuse_job_failures_total', 'job="mail.send",final="false"')).toBe(1);
    expect(sample(body, 'defuse_job_failures_total', 'job="mail.send",final="true"')).toBe(1);
    expect(sample(body, 'defuse_job_retries_total', 'job="mail.send"')).toBe(1);
  });

  it("serves a worker's own /metrics (DEFUSE_WORKER_METRICS_PORT) with the same guard", async () => {
    const server = await buildMetricsServer(h.container);
    try {
      const res = await server.inject({ method: 'GET', url: '/metrics' });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('# TYPE defuse_mentions_processed_total counter');
      expect((await server.inject({ method: 'GET', url: '/metrics', remoteAddress: '198.51.100.4' })).statusCode).toBe(403);
    } finally {
      await server.close();
    }
  });

  it('refuses a caller from another machine without the token (403)', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '203.0.113.7' });
    expect(res.statusCode).toBe(403);
    expect(res.body).not.toContain('defuse_');
    const mapped = await h.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '::ffff:127.0.0.1' });
    expect(mapped.statusCode).toBe(200);
  });
});

describe('queue gauges when the database does not answer', () => {
  it('still serves the process figures and counts the failed read', async () => {
    const down = { waiting: () => Promise.reject(new Error('connection refused')) } as unknown as JobQueue;
    const body = await new PrometheusMetrics(down).render();
    expect(sample(body, 'defuse_queue_read_errors_total')).toBe(2);
    expect(body).toContain('# TYPE process_cpu_seconds_total counter');
    expect(body).not.toMatch(/^defuse_queue_waiting_jobs\{/m);
  });
});

describe('/metrics with DEFUSE_METRICS_TOKEN', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('sqlite', { DEFUSE_METRICS_TOKEN: TOKEN });
  });
  afterAll(async () => {
    await h.close();
    await h.db.drop();
  });

  it('answers any address with the token and no one without it, loopback included', async () => {
    const remote = await h.app.inject({
      method: 'GET',
      url: '/metrics',
      remoteAddress: '203.0.113.7',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(remote.statusCode).toBe(200);
    expect(remote.body).toContain('defuse_mentions_ingested_total');
    expect(
      (await h.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '203.0.113.7', headers: { authorization: 'Bearer wrong' } })).statusCode,
    ).toBe(403);
    expect((await h.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(403);
  });
});

describe.runIf(DIALECTS.includes('postgres'))('/metrics queue gauges over pg-boss', () => {
  it('reads waiting jobs and their age from pg-boss', async () => {
    const db = await createTestDatabase('postgres');
    const config = loadConfig({ DATABASE_URL: db.url, LOG_LEVEL: 'silent' });
    const api = await createContainer(config, { logger: pino({ level: 'silent' }) });
    try {
      expect(api.queue.kind).toBe('pg-boss');
      const brand = await api.brands.createBrand(OPERATOR, { slug: 'boss-metrics', name: 'Boss' });
      await api.ingest.ingest(OPERATOR, brand.id, [MentionInputSchema.parse(buildMention())]);
      const body = await api.metrics.render();
      expect(sample(body, 'defuse_queue_waiting_jobs', 'job="mention.process"')).toBe(1);
      expect(sample(body, 'defuse_queue_oldest_waiting_seconds', 'job="mention.process"')).toBeGreaterThanOrEqual(0);
      expect(sample(body, 'defuse_mentions_ingested_total', 'result="created"')).toBe(1);
    } finally {
      await api.close();
      await db.drop();
    }
  });

  it('counts failures and retries of pg-boss jobs', async () => {
    const db = await createTestDatabase('postgres');
    const q = new PgBossQueue(db.url, pino({ level: 'silent' }), { pollSeconds: 0.5, concurrency: 1 });
    const metrics = new PrometheusMetrics(q);
    q.observe(metrics);
    try {
      await q.enqueue('mail.send', { brandId: 'b', caseId: null, to: ['x@y.test'], subject: 's', text: 't' }, { maxAttempts: 2 });
      await q.startWorker(failingMail());
      // pg-boss retries after its own delay (2 s here): wait for the second, final attempt.
      await expect
        .poll(async () => sample(await metrics.render(), 'defuse_job_failures_total', 'job="mail.send",final="true"'), {
          timeout: 20_000,
          interval: 200,
        })
        .toBe(1);
      const body = await metrics.render();
      expect(sample(body, 'defuse_job_failures_total', 'job="mail.send",final="false"')).toBe(1);
      expect(sample(body, 'defuse_job_retries_total', 'job="mail.send"')).toBe(1);
    } finally {
      await q.stop();
      await db.drop();
    }
  }, 40_000);
});

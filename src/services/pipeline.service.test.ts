import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../../test/support/databases.js';
import { buildMention } from '../../test/support/factories.js';
import { OPERATOR, openHarness } from '../../test/support/harness.js';
import { loadConfig } from '../config/env.js';
import { createContainer } from '../container.js';
import { MentionInputSchema } from '../domain/mentions/mention-input.js';
import { ManualClock } from '../domain/clock.js';

describe.each(DIALECTS)('pipeline across restarts on %s', (dialect) => {
  const dbs: TestDatabase[] = [];
  afterAll(async () => {
    for (const d of dbs) await d.drop();
  });

  it('processes mentions accepted before a restart', async () => {
    const db = await createTestDatabase(dialect);
    dbs.push(db);
    const clock = new ManualClock();
    const first = await openHarness(dialect, db, {}, clock);
    const brandId = await first.createBrand('restart');
    const input = MentionInputSchema.parse(buildMention());
    const { items } = await first.container.ingest.ingest(OPERATOR, brandId, [input]);
    await first.close(); // "crash" before any job ran

    const second = await openHarness(dialect, db, {}, clock);
    expect((await second.container.store.repos.mentions.findById(items[0]!.id))?.processedAt).toBeNull();
    expect(await second.runJobs()).toBe(1);
    expect((await second.container.store.repos.mentions.findById(items[0]!.id))?.caseId).toBeTruthy();
    await second.close();
  });

  it('sweeps up a mention whose job was lost', async () => {
    const db = await createTestDatabase(dialect);
    dbs.push(db);
    const clock = new ManualClock();
    const h = await openHarness(dialect, db, {}, clock);
    const brandId = await h.createBrand('sweep');
    const { items } = await h.container.ingest.ingest(OPERATOR, brandId, [MentionInputSchema.parse(buildMention())]);
    await h.container.database.db.deleteFrom('jobs').execute(); // the job is gone
    expect(await h.container.pipeline.sweep()).toBe(0); // too fresh: may still be in a queue
    clock.advance(11 * 60_000);
    expect(await h.container.pipeline.sweep()).toBe(1);
    await h.runJobs();
    expect((await h.container.store.repos.mentions.findById(items[0]!.id))?.processedAt).toBeTruthy();
    expect(await h.container.pipeline.sweep()).toBe(0);
    await h.close();
  });

  it('processing twice is harmless', async () => {
    const db = await createTestDatabase(dialect);
    dbs.push(db);
    const h = await openHarness(dialect, db);
    const brandId = await h.createBrand('idem');
    const { items } = await h.container.ingest.ingest(OPERATOR, brandId, [MentionInputSchema.parse(buildMention())]);
    await h.container.pipeline.processMentions([items[0]!.id]);
    await h.container.pipeline.processMentions([items[0]!.id]);
    const m = await h.container.store.repos.mentions.findById(items[0]!.id);
    const c = await h.container.store.repos.cases.findById(m!.caseId!);
    expect(c?.mentionCount).toBe(1);
    expect((await h.container.store.repos.cases.events(c!.id)).length).toBe(2);
    await h.close();
  });
});

describe.runIf(DIALECTS.includes('postgres'))('pg-boss queue on postgres', () => {
  it('runs jobs in a worker and keeps them across a restart', async () => {
    const db = await createTestDatabase('postgres');
    const config = loadConfig({ DATABASE_URL: db.url, LOG_LEVEL: 'silent', DEFUSE_JOB_POLL_MS: '500' });
    const logger = pino({ level: 'silent' });
    try {
      // API process: accepts mentions while no worker runs.
      const api = await createContainer(config, { logger });
      expect(api.queue.kind).toBe('pg-boss');
      const brand = await api.brands.createBrand(OPERATOR, { slug: 'boss', name: 'Boss' });
      const { items } = await api.ingest.ingest(OPERATOR, brand.id, [
        MentionInputSchema.parse(buildMention()),
        MentionInputSchema.parse(buildMention()),
      ]);
      await api.close();

      // A worker started later picks the job up from the database.
      const worker = await createContainer(config, { logger });
      await worker.startWorker();
      await expect
        .poll(async () => (await worker.store.repos.mentions.findById(items[1]!.id))?.processedAt ?? null, { timeout: 15_000, interval: 200 })
        .not.toBeNull();
      await worker.close();
    } finally {
      await db.drop();
    }
  });
});

/**
 * On PostgreSQL a queued job is fetched at once, not at the worker's next poll: pg-boss waits its polling interval
 * (at least half a second) after an empty fetch, which a mention's way from ingest to the inbox waited through at a
 * steady rate. The queue NOTIFYs each job queued to run now; workers LISTEN and fetch.
 */
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/env.js';
import { createContainer } from '../src/container.js';
import { MentionInputSchema } from '../src/domain/mentions/mention-input.js';
import { DIALECTS, createTestDatabase } from './support/databases.js';
import { buildMention } from './support/factories.js';
import { OPERATOR } from './support/harness.js';
import { ScriptedClassifier } from './support/scripted-classifier.js';

describe.runIf(DIALECTS.includes('postgres'))('a job queued on PostgreSQL', () => {
  it('is fetched at once by an idle worker, well before its polling interval', async () => {
    const db = await createTestDatabase('postgres');
    // A poll every 30 s: a job fetched within seconds was fetched because it was told.
    const config = loadConfig({ DATABASE_URL: db.url, LOG_LEVEL: 'silent', DEFUSE_JOB_POLL_MS: '30000' });
    const c = await createContainer(config, { logger: pino({ level: 'silent' }), classifier: new ScriptedClassifier() });
    try {
      expect(c.queue.kind).toBe('pg-boss');
      const brand = await c.brands.createBrand(OPERATOR, { slug: 'wake', name: 'Wake' });
      await c.startWorker();
      for (const text of ['#kind=constructive first', '#kind=constructive second', '#kind=question third']) {
        const { items } = await c.ingest.ingest(OPERATOR, brand.id, [MentionInputSchema.parse(buildMention({ text }))]);
        await expect
          .poll(async () => (await c.store.repos.mentions.findById(items[0]!.id))?.processedAt ?? null, { timeout: 8_000, interval: 50 })
          .not.toBeNull();
      }
    } finally {
      await c.close();
      await db.drop();
    }
  }, 60_000);
});

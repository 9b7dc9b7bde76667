/**
 * Exactly-once processing with several workers (issue 17.2): three real
 * `defuse worker` processes share a backlog of mentions while the sweeper
 * re-queues every mention still waiting, again and again, so the same
 * mention is in several workers' hands at once. Each must still be processed
 * once: one `classified` event, daily counts equal to the mentions, every
 * case's mention_count equal to its mentions.
 */
import pino from 'pino';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/env.js';
import { createContainer } from '../src/container.js';
import { openDatabase } from '../src/db/database.js';
import { MentionInputSchema } from '../src/domain/mentions/mention-input.js';
import { DIALECTS, createTestDatabase, type TestDatabase } from './support/databases.js';
import { OPERATOR } from './support/harness.js';
import { type DefuseProcess, spawnDefuse } from './support/processes.js';
import { auditProcessing, exactlyOnce, mentionStream } from './support/processing-audit.js';
import { ScriptedClassifier } from './support/scripted-classifier.js';

const MENTIONS = 300;
const BATCH = 20;
const WORKERS = 3;

describe.each(DIALECTS)(`exactly-once processing with ${WORKERS} workers on %s`, (dialect) => {
  let db: TestDatabase | undefined;
  let workers: DefuseProcess[] = [];
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.kill9()));
    await db?.drop();
  });

  it(`processes each of ${MENTIONS} mentions once while the sweeper re-queues them`, async () => {
    db = await createTestDatabase(dialect);
    // The backlog, queued as the API queues it (pg-boss on PostgreSQL, the jobs table on SQLite).
    const seeder = await createContainer(loadConfig({ DATABASE_URL: db.url, LOG_LEVEL: 'silent', DEFUSE_SWEEP_AFTER_MS: '1' }), {
      logger: pino({ level: 'silent' }),
      classifier: new ScriptedClassifier(),
    });
    const brand = await seeder.brands.createBrand(OPERATOR, { slug: 'crowd', name: 'Crowd' });
    const stream = mentionStream(MENTIONS, 17).map((m) => MentionInputSchema.parse(m));
    for (let i = 0; i < stream.length; i += BATCH) await seeder.ingest.ingest(OPERATOR, brand.id, stream.slice(i, i + BATCH));
    // One sweep before the workers start, so every mention is queued twice whatever the machine's speed (on a quiet
    // machine the workers' own first sweep could come after the backlog was done); their sweeps then add more.
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await seeder.pipeline.sweep()).toBe(MENTIONS);
    await seeder.close();

    const started = Date.now();
    workers = Array.from({ length: WORKERS }, () =>
      spawnDefuse(['worker'], {
        DATABASE_URL: db!.url,
        // The sweep every half second, for anything stored at all: every mention still waiting is queued again.
        DEFUSE_SWEEP_INTERVAL_MS: '500',
        DEFUSE_SWEEP_AFTER_MS: '1',
        DEFUSE_JOB_POLL_MS: '200',
      }),
    );
    const check = openDatabase(db.config);
    try {
      const waiting = async () =>
        Number(
          (
            await check.db
              .selectFrom('mentions')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .where('processed_at', 'is', null)
              .executeTakeFirstOrThrow()
          ).n,
        );
      await expect
        .poll(
          async () => {
            for (const w of workers) if (w.child.exitCode !== null) throw new Error(`a worker exited:\n${w.output()}`);
            return waiting();
          },
          { timeout: 90_000, interval: 250 },
        )
        .toBe(0);
      // Let any attempt still in flight finish (before the fix, late duplicates committed here).
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const codes = await Promise.all(workers.map((w) => w.stop()));
      expect(codes).toEqual(workers.map(() => 0));

      const queuedIds = await queuedMentionIds(check, dialect);
      const audit = await auditProcessing(check.db, brand.id);
      console.log(`${dialect}: ${WORKERS} workers, ${MENTIONS} mentions, ${queuedIds} ids queued, ${Date.now() - started} ms`, audit);
      // The sweeper did put mentions into several hands: more ids were queued than there are mentions.
      expect(queuedIds).toBeGreaterThan(MENTIONS);
      expect(audit).toEqual(exactlyOnce(MENTIONS, audit.cases));
    } finally {
      await check.close();
    }
  }, 150_000);
});

/** How many mention ids were queued for processing in all (by ingest and by every sweep). */
async function queuedMentionIds(check: ReturnType<typeof openDatabase>, dialect: string): Promise<number> {
  if (dialect === 'postgres') {
    const r = await sql<{ n: number | null }>`SELECT sum(json_array_length((data->'mentionIds')::json)) AS n FROM (
        SELECT data FROM pgboss.job WHERE name = 'mention.process' UNION ALL SELECT data FROM pgboss.archive WHERE name = 'mention.process') j`.execute(
      check.db,
    );
    return Number(r.rows[0]?.n ?? 0);
  }
  const jobs = await check.db.selectFrom('jobs').select('payload').where('name', '=', 'mention.process').execute();
  return jobs.reduce((n, j) => n + (JSON.parse(j.payload) as { mentionIds: string[] }).mentionIds.length, 0);
}

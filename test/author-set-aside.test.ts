/**
 * A worker does not wait behind another transaction's batch for a busy author (PostgreSQL): the author's mention is
 * set aside for the next batch and the rest of the batch goes on. With a popular author's mentions spread over every
 * job, the sessions mostly waited on `pg_advisory_xact_lock` (bench/stream.bench.ts, one worker: 64–69 → 122–127
 * mentions/s). Set aside three times, the mention waits for the lock; the author's mentions keep their order.
 */
import pg from 'pg';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/env.js';
import { createContainer, type Container } from '../src/container.js';
import { MentionInputSchema } from '../src/domain/mentions/mention-input.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from './support/databases.js';
import { buildMention } from './support/factories.js';
import { OPERATOR } from './support/harness.js';
import { ScriptedClassifier } from './support/scripted-classifier.js';

const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();

describe.runIf(DIALECTS.includes('postgres'))('a busy author on PostgreSQL', () => {
  let tdb: TestDatabase | undefined;
  let c: Container | undefined;
  const holder = { client: undefined as pg.Client | undefined };
  afterAll(async () => {
    await holder.client?.end().catch(() => undefined);
    await c?.close();
    await tdb?.drop();
  });

  it('is set aside while another transaction holds it; the other mentions of the batch are processed meanwhile', async () => {
    tdb = await createTestDatabase('postgres');
    c = await createContainer(loadConfig({ DATABASE_URL: tdb.url, LOG_LEVEL: 'silent', DEFUSE_PROCESS_BATCH: '10' }), {
      logger: pino({ level: 'silent' }),
      classifier: new ScriptedClassifier(),
      queue: 'sql',
    });
    const brand = await c.brands.createBrand(OPERATOR, { slug: 'busy', name: 'Busy' });
    const mentions = [
      buildMention({ author: { handle: 'popular' }, text: '#kind=constructive first', created_at: minutesAgo(10) }),
      buildMention({ author: { handle: 'quiet' }, text: '#kind=question other author', created_at: minutesAgo(7) }),
      buildMention({ author: { handle: 'popular' }, text: '#kind=constructive second', created_at: minutesAgo(5) }),
    ].map((m) => MentionInputSchema.parse(m));
    const { items } = await c.ingest.ingest(OPERATOR, brand.id, mentions);
    const ids = items.map((i) => i.id);
    const db = c.store.database.db;
    const authorOf = async (id: string) =>
      (await db.selectFrom('mentions').select('author_id').where('id', '=', id).executeTakeFirstOrThrow()).author_id;
    const popular = await authorOf(ids[0]!);
    const processed = async (id: string) =>
      (await db.selectFrom('mentions').select('processed_at').where('id', '=', id).executeTakeFirstOrThrow()).processed_at !== null;

    // Another worker's batch holds the popular author.
    holder.client = new pg.Client({ connectionString: tdb.url });
    await holder.client.connect();
    await holder.client.query('BEGIN');
    await holder.client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [popular]);

    const run = c.pipeline.processMentions(ids);
    // The other author's mention is committed while the popular author is still held.
    await expect.poll(() => processed(ids[1]!), { timeout: 10_000 }).toBe(true);
    expect(await processed(ids[0]!)).toBe(false);
    expect(await processed(ids[2]!)).toBe(false);

    await holder.client.query('COMMIT');
    await run;
    for (const id of ids) expect(await processed(id)).toBe(true);
    // The popular author's two mentions were threaded in their order: one case, the first one opened it.
    const cases = await db.selectFrom('cases').select(['id', 'mention_count']).where('author_id', '=', popular).execute();
    expect(cases).toHaveLength(1);
    expect(cases[0]!.mention_count).toBe(2);
    const first = await db.selectFrom('mentions').select('case_id').where('id', '=', ids[0]!).executeTakeFirstOrThrow();
    const opened = await db
      .selectFrom('case_events')
      .select('data')
      .where('case_id', '=', cases[0]!.id)
      .where('type', '=', 'case_opened')
      .executeTakeFirstOrThrow();
    expect(first.case_id).toBe(cases[0]!.id);
    expect(JSON.stringify(opened.data)).toContain(ids[0]!);
  });
});

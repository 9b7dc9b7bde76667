/**
 * How a processing batch claims its mentions and isolates a failure (issue 17, CPU per mention): mentions are claimed
 * 20 at a time by one statement, which on PostgreSQL leaves out a mention another transaction holds (`SKIP LOCKED`):
 * that one is claimed alone in its turn, waiting for the other transaction and seeing what it committed, so it is
 * never processed twice. A batch makes no savepoint until a mention fails: then it is rolled back and run again
 * with one a mention, the failing mention alone left out. What processing stores on a mention is held in the batch
 * and written by one statement before its commit: a reply to a mention of the same batch, a campaign linking
 * mentions of the batch and a mention listed twice see it meanwhile. On SQLite a campaign's mention does not end the
 * batch.
 */
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { Classification, ClassifierInput } from '../src/domain/classification/classifier.js';
import { MentionInputSchema } from '../src/domain/mentions/mention-input.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from './support/databases.js';
import { buildMention } from './support/factories.js';
import { type Harness, OPERATOR, openHarness } from './support/harness.js';
import { auditProcessing } from './support/processing-audit.js';
import { ScriptedClassifier } from './support/scripted-classifier.js';
import { pgStatementTexts } from './support/query-plans.js';

/** The statements every pg connection of this process sends while `fn` runs, lower-cased (into `seen`, which is returned). */
const statementsDuring = (fn: () => Promise<void>, seen: string[] = []) => pgStatementTexts(fn, seen, true);

const count = (statements: string[], prefix: string) => statements.filter((s) => s.startsWith(prefix)).length;
const CHUNK_CLAIM = 'with m as materialized ( select * from mentions where id = any(';
const SINGLE_CLAIM = 'with m as materialized (select * from mentions where id =';

/** Fails on texts holding "#fail". */
class FailingClassifier extends ScriptedClassifier {
  override classify(input: ClassifierInput): Classification {
    if (input.text.includes('#fail')) throw new Error('classifier broke on this text');
    return super.classify(input);
  }
}

/** Counts the pipeline's batches (transactionEach calls). */
function countBatches(h: Harness): { n: number } {
  const store = h.container.store;
  const original = store.transactionEach.bind(store);
  const counter = { n: 0 };
  store.transactionEach = ((...args: Parameters<typeof original>) => {
    counter.n++;
    return original(...args);
  }) as typeof store.transactionEach;
  return counter;
}

const distinctTexts = (n: number, prefix: string) =>
  Array.from({ length: n }, (_, i) =>
    MentionInputSchema.parse(
      buildMention({
        external_id: `${prefix}-${i}`,
        author: { handle: `${prefix}-author-${i % 4}` },
        // Words of their own: no near-duplicates, so no campaign.
        text: `${i === 6 && prefix === 'fail' ? '#fail ' : ''}#kind=constructive #topic=delivery ${['parcel', 'late', 'again', 'nobody', 'answers', 'phone'].map((w) => `${w}${prefix}${i}`).join(' ')}`,
      }),
    ),
  );

describe.runIf(DIALECTS.includes('postgres'))('claiming a batch on PostgreSQL', () => {
  const dbs: TestDatabase[] = [];
  const holder = { client: undefined as pg.Client | undefined };
  afterAll(async () => {
    await holder.client?.end().catch(() => undefined);
    for (const d of dbs) await d.drop();
  });

  it('skips a mention another transaction holds, then waits for it alone and does not process it again', async () => {
    const db = await createTestDatabase('postgres');
    dbs.push(db);
    const h = await openHarness(
      'postgres',
      db,
      { DEFUSE_PROCESS_BATCH: '100', DEFUSE_PROCESS_BATCH_MS: '600000' },
      undefined,
      new ScriptedClassifier(),
    );
    const brandId = await h.createBrand('claims');
    const { items } = await h.container.ingest.ingest(OPERATOR, brandId, distinctTexts(8, 'held'));
    const ids = items.map((i) => i.id);
    const kdb = h.container.database.db;

    // Another worker's transaction holds the 4th mention (its claim), and is about to process it.
    holder.client = new pg.Client({ connectionString: db.url });
    await holder.client.connect();
    await holder.client.query('BEGIN');
    await holder.client.query('SELECT id FROM mentions WHERE id = $1 FOR UPDATE', [ids[3]]);

    let statements: string[] = [];
    // The batch lists the first mention twice (a job queued twice): it is processed once.
    const run = statementsDuring(() => h.container.pipeline.processMentions([...ids, ids[0]!])).then((s) => (statements = s));
    // The batch reaches the held mention and waits for it (a session of this database waiting on a lock).
    const waiting = async () =>
      (await holder.client!.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`))
        .rows[0].n as number;
    await expect.poll(waiting, { timeout: 10_000 }).toBe(1);
    // The other worker processes it and commits.
    await holder.client.query(`UPDATE mentions SET processed_at = '2026-01-01T00:00:00.000Z' WHERE id = $1`, [ids[3]]);
    await holder.client.query('COMMIT');
    await run;

    // One statement claimed the batch (the held mention left out of it), then the held one and the repeated one
    // were claimed alone: the held one seen as the other worker committed it, the repeated one as this batch did.
    expect(count(statements, CHUNK_CLAIM)).toBe(1);
    expect(count(statements, SINGLE_CLAIM)).toBe(2);
    const held = await kdb.selectFrom('mentions').select(['processed_at', 'case_id']).where('id', '=', ids[3]!).executeTakeFirstOrThrow();
    expect(held).toEqual({ processed_at: '2026-01-01T00:00:00.000Z', case_id: null });
    const audit = await auditProcessing(kdb, brandId);
    // (The daily counts are one short: the stand-in for the other worker did not count its mention.)
    expect(audit).toMatchObject({ mentions: 8, unprocessed: 0, extraClassifiedEvents: 0, duplicateThreading: 0, wrongMentionCount: 0 });
    expect(audit).toMatchObject({ dailyCountExcess: -1, caseDailyExcess: 0 });
    const classified = await kdb.selectFrom('case_events').select('data').where('brand_id', '=', brandId).where('type', '=', 'classified').execute();
    expect(classified).toHaveLength(7);
    expect(classified.some((e) => JSON.stringify(e.data).includes(ids[3]!))).toBe(false);
    await h.close();
  });

  it('runs a batch again with a savepoint a mention when one fails, the rest committed once', async () => {
    const db = await createTestDatabase('postgres');
    dbs.push(db);
    const h = await openHarness(
      'postgres',
      db,
      { DEFUSE_PROCESS_BATCH: '100', DEFUSE_PROCESS_BATCH_MS: '600000' },
      undefined,
      new FailingClassifier(),
    );
    const brandId = await h.createBrand('restart');
    const { items } = await h.container.ingest.ingest(OPERATOR, brandId, distinctTexts(10, 'fail'));
    const ids = items.map((i) => i.id);
    const statements: string[] = [];
    await expect(statementsDuring(() => h.container.pipeline.processMentions(ids), statements)).rejects.toThrow('1 of 10 mentions failed');
    // The first run ended at the 7th mention and was rolled back; the second made a savepoint a mention and claimed
    // each alone (a savepoint rolled back would let go of the row locks of a chunk claimed in it).
    expect(count(statements, 'begin')).toBe(2);
    expect(statements.filter((s) => s === 'rollback')).toHaveLength(1);
    expect(count(statements, CHUNK_CLAIM)).toBe(1);
    expect(count(statements, SINGLE_CLAIM)).toBe(10);
    expect(statements.filter((s) => s.includes('savepoint each_item')).length).toBeGreaterThanOrEqual(10);
    expect(count(statements, 'rollback to savepoint each_item')).toBe(1);
    const audit = await auditProcessing(h.container.database.db, brandId);
    expect(audit).toMatchObject({ mentions: 10, unprocessed: 1, extraClassifiedEvents: 0, duplicateThreading: 0, missingClassified: 0 });
    expect(audit).toMatchObject({ dailyCountExcess: 0, topicCountExcess: 0, caseDailyExcess: 0, wrongMentionCount: 0 });
    expect((await h.container.store.repos.mentions.findById(ids[6]!))?.processedAt).toBeNull();
    await h.close();
  });
});

describe.each(DIALECTS)('mentions processed in one batch on %s', (dialect) => {
  const dbs: TestDatabase[] = [];
  afterAll(async () => {
    for (const d of dbs) await d.drop();
  });

  it("see each other before the commit: a reply joins its parent's case, a campaign links their cases, a repeat is skipped", async () => {
    const db = await createTestDatabase(dialect);
    dbs.push(db);
    const h = await openHarness(dialect, db, { DEFUSE_PROCESS_BATCH: '100', DEFUSE_PROCESS_BATCH_MS: '600000' }, undefined, new ScriptedClassifier());
    const brandId = await h.createBrand('held');
    const wave = '#kind=black_pr this shop sells fake goods and cheats every customer, do not buy here';
    const inputs = [
      buildMention({ external_id: 'root-1', author: { handle: 'asker' }, text: '#kind=question where is my parcel, ordered a week ago' }),
      buildMention({ external_id: 'reply-1', author: { handle: 'helper' }, in_reply_to: 'root-1', text: '#kind=neutral same here, waiting too' }),
      ...Array.from({ length: 6 }, (_, i) => buildMention({ external_id: `w-${i}`, author: { handle: `voice-${i}` }, text: wave })),
    ].map((m) => MentionInputSchema.parse(m));
    const { items } = await h.container.ingest.ingest(OPERATOR, brandId, inputs);
    const ids = items.map((i) => i.id);
    const batches = countBatches(h);
    const statements = await statementsDuring(() => h.container.pipeline.processMentions([...ids, ids[1]!, ids[4]!]));
    if (dialect === 'postgres') {
      // One batch up to the mention that made the campaign (which commits at once on PostgreSQL), then one each (the
      // last, of the two repeats, writes nothing): no mention written on its own, one statement a batch for them all.
      expect(statements.filter((s) => s.startsWith('update "mentions"'))).toHaveLength(0);
      const flushes = statements.filter((s) => s.startsWith('with "w0" as (update "mentions"')).length;
      expect(flushes).toBeGreaterThan(0);
      expect(flushes).toBe(batches.n - 1);
    } else expect(batches.n).toBe(1);

    const kdb = h.container.database.db;
    const caseOf = async (id: string) => (await kdb.selectFrom('mentions').select('case_id').where('id', '=', id).executeTakeFirstOrThrow()).case_id;
    const rootCase = await caseOf(ids[0]!);
    expect(rootCase).not.toBeNull();
    expect(await caseOf(ids[1]!)).toBe(rootCase);
    const root = await kdb.selectFrom('cases').select('mention_count').where('id', '=', rootCase!).executeTakeFirstOrThrow();
    expect(root.mention_count).toBe(2);
    // The campaign's links carry each mention's case, and each case was told of it.
    const links = await kdb.selectFrom('campaign_mentions').select(['mention_id', 'case_id']).execute();
    expect(links).toHaveLength(6);
    for (const l of links) {
      expect(l.case_id).not.toBeNull();
      expect(l.case_id).toBe(await caseOf(l.mention_id));
    }
    const linked = await kdb
      .selectFrom('case_events')
      .select('case_id')
      .where('brand_id', '=', brandId)
      .where('type', '=', 'campaign_linked')
      .execute();
    expect(new Set(linked.map((e) => e.case_id))).toEqual(new Set(links.map((l) => l.case_id)));
    const audit = await auditProcessing(kdb, brandId);
    expect(audit).toMatchObject({ mentions: 8, unprocessed: 0, cases: 7, extraClassifiedEvents: 0, duplicateThreading: 0, missingClassified: 0 });
    expect(audit).toMatchObject({ dailyCountExcess: 0, topicCountExcess: 0, caseDailyExcess: 0, wrongMentionCount: 0 });
    await h.close();
  });
});

describe.runIf(DIALECTS.includes('sqlite'))('a campaign on SQLite', () => {
  const dbs: TestDatabase[] = [];
  afterAll(async () => {
    for (const d of dbs) await d.drop();
  });

  it('does not end the batch: one writer at a time, nothing for another batch to wait for', async () => {
    const db = await createTestDatabase('sqlite');
    dbs.push(db);
    const h = await openHarness(
      'sqlite',
      db,
      { DEFUSE_PROCESS_BATCH: '100', DEFUSE_PROCESS_BATCH_MS: '600000' },
      undefined,
      new ScriptedClassifier(),
    );
    const brandId = await h.createBrand('wave');
    // 8 authors post the same text: the 5th completes a campaign, the 6th to 8th join it.
    const inputs = Array.from({ length: 8 }, (_, i) =>
      MentionInputSchema.parse(
        buildMention({
          external_id: `w-${i}`,
          author: { handle: `voice-${i}` },
          text: '#kind=black_pr this shop sells fake goods and cheats every customer, do not buy here',
        }),
      ),
    );
    const { items } = await h.container.ingest.ingest(OPERATOR, brandId, inputs);
    const batches = countBatches(h);
    await h.container.pipeline.processMentions(items.map((i) => i.id));
    expect(batches.n).toBe(1);
    const campaign = await h.container.database.db.selectFrom('campaigns').selectAll().where('brand_id', '=', brandId).executeTakeFirstOrThrow();
    expect([Number(campaign.size), Number(campaign.authors)]).toEqual([8, 8]);
    const audit = await auditProcessing(h.container.database.db, brandId);
    expect(audit).toMatchObject({ mentions: 8, unprocessed: 0, cases: 8, extraClassifiedEvents: 0, wrongMentionCount: 0, dailyCountExcess: 0 });
    await h.close();
  });
});

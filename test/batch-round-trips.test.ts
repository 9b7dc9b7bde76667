/**
 * Round trips of a processing batch on PostgreSQL (issue 17): each statement costs a round trip there, far more than
 * on SQLite, so what a batch writes that nothing in it reads back (case events, mention topics, daily counts) goes
 * in one statement before the commit (a data-modifying CTE per table, with what processing stores on each mention),
 * mentions are claimed 20 at a time with their authors' locks, and a batch has no savepoint a mention unless one of
 * them fails — and what commits is the same.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { MentionInputSchema } from '../src/domain/mentions/mention-input.js';
import { DIALECTS, createTestDatabase, type TestDatabase } from './support/databases.js';
import { buildMention } from './support/factories.js';
import { OPERATOR, openHarness } from './support/harness.js';
import { auditProcessing } from './support/processing-audit.js';
import { ScriptedClassifier } from './support/scripted-classifier.js';
import { pgStatementTexts } from './support/query-plans.js';

/** Counts the statements every pg connection of this process sends while `fn` runs, by their text. */
const statementsDuring = (fn: () => Promise<void>) => pgStatementTexts(fn);

const count = (statements: string[], prefix: string) => statements.filter((s) => s.toLowerCase().startsWith(prefix)).length;

describe.skipIf(!DIALECTS.includes('postgres'))('a processing batch on postgres', () => {
  const dbs: TestDatabase[] = [];
  afterAll(async () => {
    for (const d of dbs) await d.drop();
  });

  it('writes its case events, topics and daily counts in one statement, claims its mentions 20 at a time, and makes no savepoint', async () => {
    const db = await createTestDatabase('postgres');
    dbs.push(db);
    const h = await openHarness(
      'postgres',
      db,
      { DEFUSE_PROCESS_BATCH: '100', DEFUSE_PROCESS_BATCH_MS: '600000' },
      undefined,
      new ScriptedClassifier(),
    );
    const brandId = await h.createBrand('trips');
    // 30 mentions of 6 authors over 3 days, 2 topics each: cases opened and joined, several rows of every daily table.
    const inputs = Array.from({ length: 30 }, (_, i) =>
      MentionInputSchema.parse(
        buildMention({
          external_id: `r-${i}`,
          author: { handle: `author-${i % 6}` },
          created_at: `2026-01-0${5 + (i % 3)}T10:00:00Z`,
          // Words of their own: no two texts are near-duplicates (no campaign, which ends a batch early).
          text: `#kind=constructive #topic=delivery #topic=${i % 2 ? 'price' : 'support'} ${['parcel', 'late', 'again', 'nobody', 'answers', 'phone', 'week', 'refund'].map((w) => `${w}${i}`).join(' ')}`,
        }),
      ),
    );
    const { items } = await h.container.ingest.ingest(OPERATOR, brandId, inputs);
    const statements = await statementsDuring(() => h.container.pipeline.processMentions(items.map((i) => i.id)));

    expect(count(statements, 'begin')).toBe(1); // one batch
    // What processing stores on its mentions, its events, topics and the three daily tables: one statement, each
    // write a CTE of it.
    const flush = statements.filter((s) => s.startsWith('with "w0" as ('));
    expect(flush).toHaveLength(1);
    expect(flush[0]).toContain('with "w0" as (update "mentions" set "case_id" = "v"."column2"');
    for (const table of ['case_events', 'mention_topics', 'case_daily', 'mention_daily', 'topic_daily'])
      expect(flush[0]).toContain(`insert into "${table}"`);
    expect(count(statements, 'update "mentions"')).toBe(0);
    for (const table of ['case_events', 'mention_topics', 'mention_daily', 'topic_daily', 'case_daily'])
      expect(count(statements, `insert into "${table}"`)).toBe(0);
    expect(count(statements, 'delete from "mention_topics"')).toBe(0);

    // No savepoint (no mention failed); the 30 claimed with their authors' locks by two statements of 20 and 10.
    expect(statements.filter((s) => s.includes('savepoint'))).toHaveLength(0);
    expect(count(statements, 'with m as materialized ( select * from mentions where id = any(')).toBe(2);
    expect(count(statements, 'with m as materialized (select * from mentions where id =')).toBe(0);
    expect(statements.filter((s) => s.includes('pg_try_advisory_xact_lock') && !s.startsWith('WITH'))).toHaveLength(0);

    // The campaign detector indexes the mention and reads its candidates in one statement.
    expect(count(statements, 'insert into "mention_signatures"') + count(statements, 'insert into "mention_bands"')).toBe(0);
    expect(count(statements, 'with "sig" as (insert into "mention_signatures"')).toBe(30);

    // A mention joining its author's latest case reads it locked once and has the update answer the row: 24 joins,
    // no second lock, no read after the update.
    expect(count(statements, 'select * from "cases" where "brand_id" = $1 and "channel_id" = $2 and "author_id" = $3')).toBe(30);
    expect(count(statements, 'select * from "cases" where "id" = $1 for update')).toBe(0);
    expect(statements.filter((s) => s.startsWith('update "cases" set "mention_count"') && s.endsWith('returning *'))).toHaveLength(24);

    // What committed is what processing one by one writes.
    const audit = await auditProcessing(h.container.database.db, brandId);
    expect(audit).toMatchObject({ mentions: 30, unprocessed: 0, cases: 6, extraClassifiedEvents: 0, missingClassified: 0, duplicateThreading: 0 });
    expect(audit).toMatchObject({ dailyCountExcess: 0, topicCountExcess: 0, caseDailyExcess: 0, wrongMentionCount: 0 });
    const topics = await h.container.database.db.selectFrom('mention_topics').select('topic').where('brand_id', '=', brandId).execute();
    expect(topics).toHaveLength(60);
    const days = await h.container.database.db
      .selectFrom('mention_daily')
      .select(['day', 'n'])
      .where('brand_id', '=', brandId)
      .orderBy('day')
      .execute();
    expect(days.map((d) => [d.day, Number(d.n)])).toEqual([
      ['2026-01-05', 10],
      ['2026-01-06', 10],
      ['2026-01-07', 10],
    ]);
    const events = await h.container.database.db
      .selectFrom('case_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('brand_id', '=', brandId)
      .executeTakeFirstOrThrow();
    expect(Number(events.n)).toBeGreaterThanOrEqual(60); // at least opened/joined and classified for each
    const db2 = h.container.database.db;
    const signed = await db2.selectFrom('mention_signatures').select('mention_id').where('brand_id', '=', brandId).execute();
    const bands = await db2.selectFrom('mention_bands').select(['mention_id', 'band_key']).where('brand_id', '=', brandId).execute();
    expect(signed).toHaveLength(30);
    expect(bands).toHaveLength(30 * 16);
    await h.close();
  });

  it('commits after a mention it linked into a campaign (its row and cases locked), and goes on with the rest', async () => {
    const db = await createTestDatabase('postgres');
    dbs.push(db);
    const h = await openHarness(
      'postgres',
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
    const statements = await statementsDuring(() => h.container.pipeline.processMentions(items.map((i) => i.id)));
    // One batch for the first five (the fifth opened the campaign), one for each that joined it.
    expect(count(statements, 'begin')).toBe(4);
    const campaign = await h.container.database.db.selectFrom('campaigns').selectAll().where('brand_id', '=', brandId).executeTakeFirstOrThrow();
    expect([Number(campaign.size), Number(campaign.authors)]).toEqual([8, 8]);
    const audit = await auditProcessing(h.container.database.db, brandId);
    expect(audit).toMatchObject({ mentions: 8, unprocessed: 0, cases: 8, extraClassifiedEvents: 0, wrongMentionCount: 0, dailyCountExcess: 0 });
    await h.close();
  });
});

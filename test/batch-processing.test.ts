/**
 * Mentions are processed in batches, one transaction per batch with a
 * savepoint per mention (issue 17): a mention that fails is rolled back alone
 * — its case, events and counts — while the rest of its batch commits; the
 * job retries it; counts added up per batch come out exact.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Classification, ClassifierInput } from '../src/domain/classification/classifier.js';
import { MentionInputSchema } from '../src/domain/mentions/mention-input.js';
import { DIALECTS, createTestDatabase, type TestDatabase } from './support/databases.js';
import { buildMention } from './support/factories.js';
import { type Harness, OPERATOR, openHarness } from './support/harness.js';
import { auditProcessing } from './support/processing-audit.js';
import { ScriptedClassifier } from './support/scripted-classifier.js';

/** Fails on texts holding "#fail" while `failing` is on (a poisoned mention, then fixed). */
class FailingClassifier extends ScriptedClassifier {
  failing = true;
  override classify(input: ClassifierInput): Classification {
    if (this.failing && input.text.includes('#fail')) throw new Error('classifier broke on this text');
    return super.classify(input);
  }
}

/** Counts the pipeline's batch transactions. */
function countBatches(h: Harness): { n: number } {
  const store = h.container.store;
  const original = store.transactionEach.bind(store);
  const count = { n: 0 };
  store.transactionEach = ((...args: Parameters<typeof original>) => {
    count.n++;
    return original(...args);
  }) as typeof store.transactionEach;
  return count;
}

describe.each(DIALECTS)('batch processing on %s', (dialect) => {
  const dbs: TestDatabase[] = [];
  afterAll(async () => {
    for (const d of dbs) await d.drop();
  });

  it('rolls a failing mention back alone and keeps every count exact', async () => {
    const db = await createTestDatabase(dialect);
    dbs.push(db);
    const classifier = new FailingClassifier();
    // One batch for all 40 (no time limit), so the failure happens mid-transaction.
    const h = await openHarness(dialect, db, { DEFUSE_PROCESS_BATCH: '100', DEFUSE_PROCESS_BATCH_MS: '600000' }, undefined, classifier);
    const brandId = await h.createBrand('batch');
    const inputs = Array.from({ length: 40 }, (_, i) =>
      MentionInputSchema.parse(
        buildMention({
          external_id: `b-${i}`,
          author: { handle: `author-${i % 7}` },
          text: `${i === 17 ? '#fail ' : ''}#kind=constructive #topic=delivery order ${i} late`,
        }),
      ),
    );
    const { items } = await h.container.ingest.ingest(OPERATOR, brandId, inputs);
    const ids = items.map((i) => i.id);
    const batches = countBatches(h);
    await expect(h.container.pipeline.processMentions(ids)).rejects.toThrow('1 of 40 mentions failed');
    expect(batches.n).toBe(1); // one transaction for the 40

    const failed = await h.container.store.repos.mentions.findById(ids[17]!);
    expect(failed?.processedAt).toBeNull();
    expect(failed?.caseId).toBeNull();
    let audit = await auditProcessing(h.container.database.db, brandId);
    expect(audit).toMatchObject({ mentions: 40, unprocessed: 1, extraClassifiedEvents: 0, duplicateThreading: 0, missingClassified: 0 });
    expect(audit).toMatchObject({ dailyCountExcess: 0, topicCountExcess: 0, caseDailyExcess: 0, wrongMentionCount: 0 });
    const daily = await h.container.database.db
      .selectFrom('mention_daily')
      .select((eb) => eb.fn.sum<number>('n').as('n'))
      .where('brand_id', '=', brandId)
      .executeTakeFirst();
    expect(Number(daily?.n)).toBe(39); // added up per batch, written once: still one per processed mention

    // The job's retry, once the cause is gone, processes the one left and nothing twice.
    classifier.failing = false;
    await h.container.pipeline.processMentions(ids);
    audit = await auditProcessing(h.container.database.db, brandId);
    expect(audit).toMatchObject({ mentions: 40, unprocessed: 0, extraClassifiedEvents: 0, dailyCountExcess: 0, topicCountExcess: 0 });
    expect(audit).toMatchObject({ caseDailyExcess: 0, wrongMentionCount: 0, duplicateThreading: 0 });
    expect(audit.cases).toBe(7); // one per author: the batch threads later mentions into cases it opened itself
    await h.close();
  });

  it('commits after the time budget and goes on with the rest', async () => {
    const db = await createTestDatabase(dialect);
    dbs.push(db);
    // A budget of 5 ms on a stopwatch that moves 2 ms each time it is read: the budget is spent after every third
    // mention (read at the start, then after each), so 12 mentions make 4 transactions, however fast the machine.
    let ms = 0;
    const stopwatch = () => (ms += 2);
    const env = { DEFUSE_PROCESS_BATCH: '100', DEFUSE_PROCESS_BATCH_MS: '5' };
    const h = await openHarness(dialect, db, env, undefined, new ScriptedClassifier(), { stopwatch });
    const brandId = await h.createBrand('budget');
    const inputs = Array.from({ length: 12 }, (_, i) =>
      MentionInputSchema.parse(buildMention({ external_id: `t-${i}`, text: `#kind=impulsive ${i}` })),
    );
    const { items } = await h.container.ingest.ingest(OPERATOR, brandId, inputs);
    const batches = countBatches(h);
    await h.container.pipeline.processMentions(items.map((i) => i.id));
    expect(batches.n).toBe(4);
    const audit = await auditProcessing(h.container.database.db, brandId);
    expect(audit).toMatchObject({ mentions: 12, unprocessed: 0, extraClassifiedEvents: 0, dailyCountExcess: 0, wrongMentionCount: 0 });
    await h.close();
  });
});

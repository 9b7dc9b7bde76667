/**
 * Checks, straight from the tables, that every mention of a brand was
 * processed exactly once: one `classified` event and one case_opened or
 * mention_added event per mention, daily counts that add up to the mentions,
 * and each case's `mention_count` equal to the mentions it holds. Used by the
 * tests that run several workers or kill processes.
 */
import type { Kysely } from 'kysely';
import type { DefuseDatabase } from '../../src/db/schema.js';

export interface ProcessingAudit {
  mentions: number;
  unprocessed: number;
  cases: number;
  /** Mentions with more than one `classified` event, and the extra events in all. */
  duplicateClassified: number;
  extraClassifiedEvents: number;
  /** Mentions with more than one case_opened / mention_added event. */
  duplicateThreading: number;
  /** Processed mentions with no `classified` event. */
  missingClassified: number;
  /** Sum of mention_daily.n minus the processed mentions (0 when the counts are right). */
  dailyCountExcess: number;
  /** Sum of topic_daily.n minus the mention_topics rows. */
  topicCountExcess: number;
  /** Sum of case_daily.cases minus the cases. */
  caseDailyExcess: number;
  /** Cases whose mention_count differs from the mentions holding their id. */
  wrongMentionCount: number;
}

const num = (v: unknown) => Number(v ?? 0);

export async function auditProcessing(db: Kysely<DefuseDatabase>, brandId: string): Promise<ProcessingAudit> {
  const mentions = await db.selectFrom('mentions').select(['id', 'case_id', 'processed_at']).where('brand_id', '=', brandId).execute();
  const processed = mentions.filter((m) => m.processed_at !== null);
  const events = await db
    .selectFrom('case_events')
    .select(['type', 'data'])
    .where('brand_id', '=', brandId)
    .where('type', 'in', ['classified', 'case_opened', 'mention_added'])
    .execute();
  const classified = new Map<string, number>();
  const threaded = new Map<string, number>();
  for (const e of events) {
    const id = (JSON.parse(e.data) as { mention_id?: string }).mention_id;
    if (!id) continue;
    const into = e.type === 'classified' ? classified : threaded;
    into.set(id, (into.get(id) ?? 0) + 1);
  }
  const cases = await db.selectFrom('cases').select(['id', 'mention_count']).where('brand_id', '=', brandId).execute();
  const perCase = new Map<string, number>();
  for (const m of processed) if (m.case_id) perCase.set(m.case_id, (perCase.get(m.case_id) ?? 0) + 1);
  const sum = async (table: 'mention_daily' | 'topic_daily', column: 'n') =>
    num(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.sum<number>(column).as('n'))
          .where('brand_id', '=', brandId)
          .executeTakeFirst()
      )?.n,
    );
  const topics = num(
    (
      await db
        .selectFrom('mention_topics')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('brand_id', '=', brandId)
        .executeTakeFirst()
    )?.n,
  );
  const caseDaily = num(
    (
      await db
        .selectFrom('case_daily')
        .select((eb) => eb.fn.sum<number>('cases').as('n'))
        .where('brand_id', '=', brandId)
        .executeTakeFirst()
    )?.n,
  );
  return {
    mentions: mentions.length,
    unprocessed: mentions.length - processed.length,
    cases: cases.length,
    duplicateClassified: [...classified.values()].filter((n) => n > 1).length,
    extraClassifiedEvents: [...classified.values()].reduce((a, n) => a + n - 1, 0),
    duplicateThreading: [...threaded.values()].filter((n) => n > 1).length,
    missingClassified: processed.filter((m) => !classified.has(m.id)).length,
    dailyCountExcess: (await sum('mention_daily', 'n')) - processed.length,
    topicCountExcess: (await sum('topic_daily', 'n')) - topics,
    caseDailyExcess: caseDaily - cases.length,
    wrongMentionCount: cases.filter((c) => num(c.mention_count) !== (perCase.get(c.id) ?? 0)).length,
  };
}

/** The audit of a brand processed exactly once, given its mention and case counts. */
export const exactlyOnce = (mentions: number, cases: number): ProcessingAudit => ({
  mentions,
  unprocessed: 0,
  cases,
  duplicateClassified: 0,
  extraClassifiedEvents: 0,
  duplicateThreading: 0,
  missingClassified: 0,
  dailyCountExcess: 0,
  topicCountExcess: 0,
  caseDailyExcess: 0,
  wrongMentionCount: 0,
});

const TEXTS = [
  'My order #{n} has not arrived after two weeks, nobody answers the phone.',
  'The app crashes every time I try to pay, third day in a row. Fix it!',
  'Thank you for the quick help with my refund, great service.',
  'Заказ {n} так и не пришёл, поддержка молчит уже неделю.',
  'Comanda {n} nu a ajuns de două săptămâni, nimeni nu răspunde.',
  'You should add dark mode to the app, it would be so much better at night.',
  'Worst company ever. Never buying from you again.',
  'Where is my package? Tracking number {n} has not moved since Monday.',
];

/**
 * A stream of mentions like a real feed: repeat authors (a few write often), replies to earlier mentions by
 * other authors (threads that join another author's case), near-duplicate texts. Deterministic for a seed.
 */
export function mentionStream(count: number, seed: number, prefix = 'm') {
  const rnd = seeded(seed);
  const out: { channel: string; external_id: string; author: { handle: string }; text: string; created_at: string; in_reply_to?: string }[] = [];
  const start = Date.parse('2026-03-02T06:00:00.000Z');
  for (let i = 0; i < count; i++) {
    const popular = rnd() < 0.5;
    const author = popular ? `fan${Math.floor(rnd() * 8)}` : `user${Math.floor(rnd() * Math.max(10, count / 3))}`;
    const parent = i > 5 && rnd() < 0.25 ? out[Math.floor(rnd() * out.length)] : undefined;
    const replyTo = parent?.external_id;
    out.push({
      channel: parent?.channel ?? (rnd() < 0.8 ? 'twitter' : 'facebook'),
      external_id: `${prefix}-${i}`,
      author: { handle: author },
      text: TEXTS[Math.floor(rnd() * TEXTS.length)]!.replace('{n}', String(1000 + (i % 37))),
      // Two days of posts: the daily counts have more than one row.
      created_at: new Date(start + i * Math.floor((48 * 3600_000) / Math.max(1, count))).toISOString(),
      ...(replyTo ? { in_reply_to: replyTo } : {}),
    });
  }
  return out;
}

/** mulberry32: a small seeded generator, so a failing run can be repeated. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Daily counts of processed mentions, kept in the same transaction as each
 * mention's processing, so reports over millions of mentions read a few
 * thousand rows and still equal the inbox's filters exactly. Filled from the
 * existing mentions when created. Also each case's first-response time in
 * minutes, for percentiles without reading every case.
 */
import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../database.js';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('mention_daily')
    .addColumn('brand_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('sentiment', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('mention_daily_pk', ['brand_id', 'day', 'channel_id', 'kind', 'sentiment', 'language'])
    .execute();
  await db.schema
    .createTable('topic_daily')
    .addColumn('brand_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('topic_daily_pk', ['brand_id', 'day', 'kind', 'topic'])
    .execute();
  await db.schema.alterTable('cases').addColumn('first_response_minutes', 'integer').execute();

  await sql`INSERT INTO mention_daily (brand_id, day, channel_id, kind, sentiment, language, n)
    SELECT brand_id, substr(posted_at, 1, 10), channel_id, coalesce(kind, 'neutral'), coalesce(sentiment, 'neutral'), coalesce(language, 'und'), count(*)
    FROM mentions WHERE processed_at IS NOT NULL
    GROUP BY brand_id, substr(posted_at, 1, 10), channel_id, coalesce(kind, 'neutral'), coalesce(sentiment, 'neutral'), coalesce(language, 'und')`.execute(
    db,
  );
  await sql`INSERT INTO topic_daily (brand_id, day, kind, topic, n)
    SELECT m.brand_id, substr(m.posted_at, 1, 10), coalesce(m.kind, 'neutral'), t.topic, count(*)
    FROM mention_topics t JOIN mentions m ON m.id = t.mention_id WHERE m.processed_at IS NOT NULL
    GROUP BY m.brand_id, substr(m.posted_at, 1, 10), coalesce(m.kind, 'neutral'), t.topic`.execute(db);
  const minutes =
    dialect === 'postgres'
      ? sql`round(extract(epoch from (first_response_at::timestamptz - opened_at::timestamptz)) / 60)`
      : sql`round((julianday(first_response_at) - julianday(opened_at)) * 1440)`;
  await sql`UPDATE cases SET first_response_minutes = ${minutes} WHERE first_response_at IS NOT NULL`.execute(db);
  await db.schema.createIndex('cases_brand_opened').on('cases').columns(['brand_id', 'opened_at']).execute();
}

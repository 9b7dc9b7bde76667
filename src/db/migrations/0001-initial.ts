/**
 * The initial schema. Portable column types (text, integer) throughout; only
 * full-text search differs by dialect: an FTS5 table kept in sync by a trigger
 * on SQLite, a generated tsvector column with a GIN index on PostgreSQL. Both
 * index `search_text`, which the domain normalises (case, diacritics, Arabic
 * vowel marks) so search behaves the same in Russian, Romanian, Arabic and English.
 */
import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../database.js';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('brands')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('settings', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('is_admin', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('memberships')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('brand_id', 'text', (c) => c.notNull().references('brands.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('memberships_pk', ['user_id', 'brand_id'])
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('brand_id', 'text', (c) => c.notNull().references('brands.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();

  await db.schema
    .createTable('channels')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('brand_id', 'text', (c) => c.notNull().references('brands.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('channels_brand_key', ['brand_id', 'key'])
    .execute();

  await db.schema
    .createTable('authors')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('brand_id', 'text', (c) => c.notNull().references('brands.id').onDelete('cascade'))
    .addColumn('channel_id', 'text', (c) => c.notNull().references('channels.id').onDelete('cascade'))
    .addColumn('handle', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text')
    .addColumn('profile_url', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('authors_brand_channel_handle', ['brand_id', 'channel_id', 'handle'])
    .execute();

  await db.schema
    .createTable('cases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('brand_id', 'text', (c) => c.notNull().references('brands.id').onDelete('cascade'))
    .addColumn('channel_id', 'text', (c) => c.notNull().references('channels.id'))
    .addColumn('author_id', 'text', (c) => c.notNull().references('authors.id'))
    .addColumn('thread_key', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_reason', 'text')
    .addColumn('assignee_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('kind', 'text')
    .addColumn('sentiment', 'text')
    .addColumn('language', 'text')
    .addColumn('situation', 'text')
    .addColumn('is_public', 'integer', (c) => c.notNull())
    .addColumn('mention_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('last_mention_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('cases_brand_status').on('cases').columns(['brand_id', 'status', 'last_mention_at']).execute();
  await db.schema.createIndex('cases_brand_last').on('cases').columns(['brand_id', 'last_mention_at', 'id']).execute();
  await db.schema.createIndex('cases_author').on('cases').columns(['author_id', 'channel_id', 'last_mention_at']).execute();
  await db.schema.createIndex('cases_thread').on('cases').columns(['brand_id', 'thread_key']).execute();

  await db.schema
    .createTable('mentions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('brand_id', 'text', (c) => c.notNull().references('brands.id').onDelete('cascade'))
    .addColumn('channel_id', 'text', (c) => c.notNull().references('channels.id'))
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.notNull().references('authors.id'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('link', 'text')
    .addColumn('posted_at', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('is_public', 'integer', (c) => c.notNull())
    .addColumn('in_reply_to', 'text')
    .addColumn('extra', 'text')
    .addColumn('case_id', 'text', (c) => c.references('cases.id'))
    .addColumn('processed_at', 'text')
    .addColumn('language', 'text')
    .addColumn('sentiment', 'text')
    .addColumn('kind', 'text')
    .addColumn('situation', 'text')
    .addColumn('signals', 'text')
    .addColumn('classification', 'text')
    .addUniqueConstraint('mentions_brand_channel_external', ['brand_id', 'channel_id', 'external_id'])
    .execute();
  await db.schema.createIndex('mentions_brand_posted').on('mentions').columns(['brand_id', 'posted_at', 'id']).execute();
  await db.schema.createIndex('mentions_case').on('mentions').columns(['case_id', 'posted_at']).execute();
  await db.schema.createIndex('mentions_unprocessed').on('mentions').columns(['processed_at', 'received_at']).execute();

  await db.schema
    .createTable('mention_topics')
    .addColumn('mention_id', 'text', (c) => c.notNull().references('mentions.id').onDelete('cascade'))
    .addColumn('brand_id', 'text', (c) => c.notNull())
    .addColumn('topic', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('mention_topics_pk', ['mention_id', 'topic'])
    .execute();
  await db.schema.createIndex('mention_topics_brand_topic').on('mention_topics').columns(['brand_id', 'topic']).execute();

  await db.schema
    .createTable('case_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('brand_id', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('actor_type', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_events_case').on('case_events').columns(['case_id', 'created_at', 'id']).execute();

  await db.schema
    .createTable('replies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('brand_id', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('author_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .execute();
  await db.schema.createIndex('replies_case').on('replies').columns(['case_id', 'created_at']).execute();

  await db.schema
    .createTable('notes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('brand_id', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('author_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('notes_case').on('notes').columns(['case_id', 'created_at']).execute();

  await db.schema
    .createTable('jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('run_at', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('locked_until', 'text')
    .addColumn('singleton_key', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema.createIndex('jobs_due').on('jobs').columns(['status', 'run_at']).execute();

  // Installation-wide values, e.g. the key that binds CSRF tokens to sessions.
  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  if (dialect === 'sqlite') {
    await sql`CREATE VIRTUAL TABLE mentions_fts USING fts5(search_text, content='mentions', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')`.execute(
      db,
    );
    await sql`CREATE TRIGGER mentions_fts_insert AFTER INSERT ON mentions BEGIN
      INSERT INTO mentions_fts(rowid, search_text) VALUES (new.rowid, new.search_text);
    END`.execute(db);
    await sql`CREATE TRIGGER mentions_fts_delete AFTER DELETE ON mentions BEGIN
      INSERT INTO mentions_fts(mentions_fts, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
    END`.execute(db);
  } else {
    await sql`ALTER TABLE mentions ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED`.execute(db);
    await sql`CREATE INDEX mentions_search ON mentions USING GIN (search_vector)`.execute(db);
  }
}

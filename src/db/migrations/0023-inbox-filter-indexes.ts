/**
 * The inbox at a million (issue 17 part 4): an index per common filter in the inbox's order (most recent
 * activity first, ties by id), so a page of one kind, one language or one person's cases is read in order and
 * stops after its rows, and the capped count reads at most its cap of entries, however rare the value; one for
 * the "due soon" state. And the search's author half (the handle starts with the query, the name contains it)
 * from a trigram index instead of a scan of every author of the brand: SQLite an FTS5 trigram table kept by
 * triggers, PostgreSQL pg_trgm (a trusted extension; where the server lacks it the search still works, by the
 * scan).
 */
import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../database.js';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema.createIndex('cases_brand_kind_last').on('cases').columns(['brand_id', 'kind', 'last_mention_at', 'id']).execute();
  await db.schema.createIndex('cases_brand_language_last').on('cases').columns(['brand_id', 'language', 'last_mention_at', 'id']).execute();
  await db.schema.createIndex('cases_brand_assignee_last').on('cases').columns(['brand_id', 'assignee_id', 'last_mention_at', 'id']).execute();
  // "Due soon" (due_soon_at passed, response_due_at not yet): both read from the index, so the count does not
  // fetch every breached case to drop it (389 ms of CPU a page at a million, 2,479 due soon among 60,000 breached).
  await db.schema.createIndex('cases_brand_due_soon').on('cases').columns(['brand_id', 'due_soon_at', 'response_due_at']).execute();
  if (dialect === 'sqlite') {
    await sql`CREATE VIRTUAL TABLE authors_trigram USING fts5(handle, display_name, content='authors', content_rowid='rowid', tokenize='trigram')`.execute(
      db,
    );
    await sql`CREATE TRIGGER authors_trigram_insert AFTER INSERT ON authors BEGIN
      INSERT INTO authors_trigram(rowid, handle, display_name) VALUES (new.rowid, new.handle, new.display_name);
    END`.execute(db);
    await sql`CREATE TRIGGER authors_trigram_delete AFTER DELETE ON authors BEGIN
      INSERT INTO authors_trigram(authors_trigram, rowid, handle, display_name) VALUES ('delete', old.rowid, old.handle, old.display_name);
    END`.execute(db);
    await sql`CREATE TRIGGER authors_trigram_update AFTER UPDATE OF handle, display_name ON authors BEGIN
      INSERT INTO authors_trigram(authors_trigram, rowid, handle, display_name) VALUES ('delete', old.rowid, old.handle, old.display_name);
      INSERT INTO authors_trigram(rowid, handle, display_name) VALUES (new.rowid, new.handle, new.display_name);
    END`.execute(db);
    await sql`INSERT INTO authors_trigram(authors_trigram) VALUES ('rebuild')`.execute(db);
    // Statistics for the new indexes beside the old ones: where a database had some (an ANALYZE once), SQLite
    // would take an index without them for the most selective and sort the whole brand by it (18 s a page at a
    // million). Reads each index of the two tables once (2.4 s of CPU for 613,681 cases).
    await sql`ANALYZE cases`.execute(db);
    await sql`ANALYZE authors`.execute(db);
    return;
  }
  // Installed already, or installable by this role: pg_trgm is trusted from PostgreSQL 13 (CREATE on the database
  // suffices), a superuser may always; otherwise the migration leaves it out rather than fail.
  const installable = await sql`SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm' AND (installed_version IS NOT NULL
    OR (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
    OR (current_setting('server_version_num')::int >= 130000 AND has_database_privilege(current_database(), 'CREATE')))`.execute(db);
  if (!installable.rows.length) return;
  await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);
  await sql`CREATE INDEX authors_handle_trigram ON authors USING GIN (lower(handle) gin_trgm_ops)`.execute(db);
  await sql`CREATE INDEX authors_name_trigram ON authors USING GIN (lower(display_name) gin_trgm_ops)`.execute(db);
}

/**
 * Search that understands inflection: `search_text` now also holds the stems
 * that are not a prefix of their word (Arabic words without their clitics),
 * and queries are reduced to stems. Mentions stored before are re-indexed
 * here, in batches by id (SQLite's full-text table is rebuilt once after).
 */
import { type Kysely, sql } from 'kysely';
import { searchIndexText } from '../../domain/mentions/search-text.js';
import type { Dialect } from '../database.js';

const BATCH = 1000;

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const mentions = db as unknown as Kysely<{ mentions: { id: string; text: string; search_text: string } }>;
  let after = '';
  let changed = 0;
  for (;;) {
    const rows = await mentions
      .selectFrom('mentions')
      .select(['id', 'text', 'search_text'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(BATCH)
      .execute();
    if (!rows.length) break;
    for (const r of rows) {
      const next = searchIndexText(r.text);
      if (next === r.search_text) continue;
      await mentions.updateTable('mentions').set({ search_text: next }).where('id', '=', r.id).execute();
      changed++;
    }
    after = rows.at(-1)!.id;
  }
  // The FTS5 table reads its content from mentions but is kept by insert/delete triggers only: rebuild it.
  if (dialect === 'sqlite' && changed) await sql`INSERT INTO mentions_fts(mentions_fts) VALUES ('rebuild')`.execute(db);
}

/**
 * The one place where full-text search differs by dialect. Terms arrive
 * already normalised by the domain (letters and digits only), are matched as
 * prefixes, and are always passed as bound parameters.
 */
import { type RawBuilder, sql } from 'kysely';
import type { Dialect } from '../db/database.js';

/**
 * A condition true when the mention row aliased `alias` contains every term, asked of the full-text index: for a
 * query that starts from the index's matches (SQLite reads them all before the first row, so not per row).
 */
export function mentionMatches(dialect: Dialect, alias: string, terms: string[]): RawBuilder<boolean> {
  if (dialect === 'sqlite') {
    const match = terms.map((t) => `"${t}"*`).join(' AND ');
    return sql<boolean>`${sql.ref(`${alias}.rowid`)} IN (SELECT rowid FROM mentions_fts WHERE mentions_fts MATCH ${match})`;
  }
  return mentionRowMatches(dialect, alias, terms);
}

/**
 * The same condition tested on the row itself, for a query that walks rows in order and stops after a page:
 * SQLite tests the row's indexed text (`defuse_has_terms`, registered in db/database.ts, the domain's
 * `textHasTerms`); PostgreSQL tests the row's stored `tsvector`.
 */
export function mentionRowMatches(dialect: Dialect, alias: string, terms: string[]): RawBuilder<boolean> {
  if (dialect === 'sqlite') return sql<boolean>`defuse_has_terms(${sql.ref(`${alias}.search_text`)}, ${terms.join(' ')}) = 1`;
  const query = terms.map((t) => `${t}:*`).join(' & ');
  return sql<boolean>`${sql.ref(`${alias}.search_vector`)} @@ to_tsquery('simple', ${query})`;
}

/**
 * The one place where full-text search differs by dialect. Terms arrive
 * already normalised by the domain (letters and digits only), are matched as
 * prefixes, and are always passed as bound parameters.
 */
import { type RawBuilder, sql } from 'kysely';
import type { Dialect } from '../db/database.js';

/** A condition true when the mention row aliased `alias` contains every term. */
export function mentionMatches(dialect: Dialect, alias: string, terms: string[]): RawBuilder<boolean> {
  if (dialect === 'sqlite') {
    const match = terms.map((t) => `"${t}"*`).join(' AND ');
    return sql<boolean>`${sql.ref(`${alias}.rowid`)} IN (SELECT rowid FROM mentions_fts WHERE mentions_fts MATCH ${match})`;
  }
  const query = terms.map((t) => `${t}:*`).join(' & ');
  return sql<boolean>`${sql.ref(`${alias}.search_vector`)} @@ to_tsquery('simple', ${query})`;
}

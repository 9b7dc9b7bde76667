/**
 * THE call site of listening queries in the channel service: every item from
 * a broad connection (`capabilities.broad`: feeds, hashtag and keyword
 * search) passes through `passesListeningQuery(query, item)` before it may
 * become a mention. An item of a connection without a query passes.
 *
 * Until the listening matcher (src/domain/listening/, with stemming,
 * transliterations and languages) is merged, this is a plain word test: any
 * `include` term (case-insensitive) and no `exclude` term. The matcher
 * replaces the body of this one function.
 */
import type { IncomingItem } from '../../adapters/channels/connector.js';

/** A connection's listening query as stored (docs/channels.md); the matcher may read more fields. */
export interface ListeningQuery {
  include?: string[];
  exclude?: string[];
  languages?: string[];
  [more: string]: unknown;
}

export function passesListeningQuery(query: ListeningQuery | null, item: Pick<IncomingItem, 'text'>): boolean {
  if (!query) return true;
  const text = item.text.toLocaleLowerCase();
  const has = (term: string) => term.trim() !== '' && text.includes(term.trim().toLocaleLowerCase());
  const include = (query.include ?? []).filter((t) => t.trim() !== '');
  if (include.length && !include.some(has)) return false;
  return !(query.exclude ?? []).some(has);
}

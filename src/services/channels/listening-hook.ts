/**
 * THE call site of listening queries in the channel service: every item from
 * a broad connection (`capabilities.broad`: feeds, hashtag and keyword
 * search) passes through the connection's compiled query before it may become
 * a mention. An item of a connection without a query passes. The matcher is
 * the domain's (src/domain/listening/: stems, transliterations, exclusions,
 * languages).
 */
import type { IncomingItem } from '../../adapters/channels/connector.js';
import { compileListeningQuery, type ListeningQuery, ListeningQuerySchema } from '../../domain/listening/listening-query.js';

export type { ListeningQuery };

/**
 * The test an item of this connection must pass, compiled once per batch. A stored query that no longer reads as
 * one (written by another version) fails the poll with a line saying so, rather than letting everything through.
 */
export function listeningFilter(query: Record<string, unknown> | null): (item: Pick<IncomingItem, 'text' | 'addressed'>) => boolean {
  if (!query) return () => true;
  const parsed = ListeningQuerySchema.safeParse(query);
  if (!parsed.success)
    throw new Error(`the listening query is not valid (${parsed.error.issues[0]?.message ?? 'unreadable'}); edit it in Settings → Channels`);
  const match = compileListeningQuery(parsed.data);
  // An item addressed to the brand (a mention of its account) is a mention whatever the query says.
  return (item) => item.addressed === true || match({ text: item.text }).matched;
}

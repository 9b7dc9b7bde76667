/**
 * The channel connections API (docs/channels.md), as Settings → Channels,
 * the dashboard and the inbox read it. The shapes are the server's own
 * (src/http/contract/channels.ts), type imports only: a server change that
 * breaks the desk fails `tsc -p web`.
 */
import { api, ApiError } from './api';
import type { Connection, ConnectorType } from '../../src/http/contract/index.js';

export type {
  AddedConnection,
  Connection,
  ConnectionHealth,
  ConnectorField,
  ConnectorType,
  FetchOutcome,
  ListeningPreview,
} from '../../src/http/contract/index.js';

/** The languages a listening query may keep (the server's LISTENING_LANGUAGES). */
export const QUERY_LANGUAGES = ['ru', 'ro', 'ar', 'en'] as const;

/** A listening query as the editor holds it: comma lists for the words, a set of languages. */
export interface QueryDraft {
  include: string;
  exclude: string;
  languages: string[];
}

export const emptyQuery = (): QueryDraft => ({ include: '', exclude: '', languages: [] });

/** A connection's stored query (free-form JSON in the contract) → the editor's draft. */
export function queryDraft(query: Connection['query']): QueryDraft {
  const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  if (!query) return emptyQuery();
  return { include: list(query.include).join(', '), exclude: list(query.exclude).join(', '), languages: list(query.languages) };
}

/** The draft → the API's query (`null` when it says nothing: every item passes). */
export function queryOf(d: QueryDraft): { include: string[]; exclude: string[]; languages: string[] } | null {
  const q = { include: splitList(d.include), exclude: splitList(d.exclude), languages: d.languages };
  return q.include.length + q.exclude.length + q.languages.length > 0 ? q : null;
}

export const listConnections = (brandId: string) => api<{ items: Connection[] }>('GET', `/brands/${brandId}/connections`).then((r) => r.items);
export const listConnectorTypes = (brandId: string) =>
  api<{ items: ConnectorType[] }>('GET', `/brands/${brandId}/connector-types`).then((r) => r.items);

/** "a, b, c" or one per line → the list (blanks dropped). */
export const splitList = (text: string): string[] =>
  text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * An API error split by the field it concerns (`config.url`, `secrets.bot_token`, `query.include.0`): the form shows
 * it beside that field; `field` is null when it concerns none the form has.
 */
export function fieldError(e: unknown, known: (field: string) => boolean): { field: string | null; message: string } {
  const message = e instanceof Error ? e.message : String(e);
  if (!(e instanceof ApiError) || !e.field) return { field: null, message };
  const parts = e.field.split('.');
  // config.<name> / secrets.<name> name the connector's field; query.<part> the query's.
  const name = parts[0] === 'config' || parts[0] === 'secrets' ? (parts[1] ?? '') : parts[0] === 'query' ? `query.${parts[1] ?? 'include'}` : e.field;
  return known(name) ? { field: name, message } : { field: null, message };
}

/** A short mark of a connection's type for badges (plain text: no images). */
export const TYPE_ICONS: Record<string, string> = { email: '📧', telegram: '✈️', mastodon: '🐘', vk: 'VK', rss: 'RSS' };

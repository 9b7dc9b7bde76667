/**
 * Settings → Channels' pure helpers (no imports, so the unit tests load them as they are): the listening query's
 * draft and where an API error belongs in a form.
 */

/** What the editor needs of a connection's stored query (free-form JSON in the contract). */
type StoredQuery = Record<string, unknown> | null;

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
export function queryDraft(query: StoredQuery): QueryDraft {
  const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  if (!query) return emptyQuery();
  return { include: list(query.include).join(', '), exclude: list(query.exclude).join(', '), languages: list(query.languages) };
}

/** The draft → the API's query (`null` when it says nothing: every item passes). */
export function queryOf(d: QueryDraft): { include: string[]; exclude: string[]; languages: string[] } | null {
  const q = { include: splitList(d.include), exclude: splitList(d.exclude), languages: d.languages };
  return q.include.length + q.exclude.length + q.languages.length > 0 ? q : null;
}

/** "a, b, c" or one per line → the list (blanks dropped). */
export const splitList = (text: string): string[] =>
  text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * An API error split by the field it concerns (`config.url`, `secrets.bot_token`, `query.include.0`): the form shows
 * it beside that field; `field` is null when it concerns none the form has (the desk's ApiError carries `field`).
 */
export function fieldError(e: unknown, known: (field: string) => boolean): { field: string | null; message: string } {
  const message = e instanceof Error ? e.message : String(e);
  const raw = (e as { field?: unknown } | null)?.field;
  if (typeof raw !== 'string' || !raw) return { field: null, message };
  const parts = raw.split('.');
  // config.<name> / secrets.<name> name the connector's field; query.<part> the query's.
  const name = parts[0] === 'config' || parts[0] === 'secrets' ? (parts[1] ?? '') : parts[0] === 'query' ? `query.${parts[1] ?? 'include'}` : raw;
  // Beside its field the message need not name the field again (the desk's ApiError has it without: `detail`).
  const detail = (e as { detail?: unknown }).detail;
  return known(name) ? { field: name, message: typeof detail === 'string' ? detail : message } : { field: null, message };
}

/** A short mark of a connection's type for badges (plain text: no images). */
export const TYPE_ICONS: Record<string, string> = { email: '📧', telegram: '✈️', mastodon: '🐘', vk: 'VK', rss: 'RSS' };

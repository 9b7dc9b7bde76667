/**
 * The listening preview: what a query would have matched among the brand's
 * last stored channel items (what the broad sources fetched), so a manager
 * can tune the terms before saving them. The items come from an injected
 * `recentItems(brandId, limit)` (the channel core's
 * `repos.connections.recentItems`): this service reads, never writes.
 */
import {
  compileListeningHighlighter,
  compileListeningQuery,
  type ListeningHighlight,
  ListeningQuerySchema,
} from '../../domain/listening/listening-query.js';
import { validationError } from '../../errors.js';
import { issueReport } from '../../validation-messages.js';
import { type Actor, authorize } from '../access.js';

/** What the preview needs of a stored item. */
export interface PreviewItem {
  id: string;
  text: string;
  language?: string | null;
  link?: string | null;
  createdAt?: string | null;
  /** The connection that fetched it (the preview names the source). */
  connectionId?: string | null;
}

export type RecentItems = (brandId: string, limit: number) => Promise<readonly PreviewItem[]>;

export interface PreviewResult {
  scanned: number;
  /** How many matched (the list shows the first 100). */
  matched_count: number;
  matched: {
    id: string;
    text: string;
    terms: string[];
    link: string | null;
    created_at: string | null;
    connection_id: string | null;
    /** Where the terms are in `text` (UTF-16 offsets), for the desk to mark them. */
    highlights: ListeningHighlight[];
  }[];
  /** Items that had a term but were dropped by an exclusion or the language filter (so the manager sees why). */
  dropped: {
    id: string;
    text: string;
    terms: string[];
    excluded: string[];
    language: string | null;
    connection_id: string | null;
    /** The terms and the exclusions found in `text`. */
    highlights: ListeningHighlight[];
  }[];
}

export const PREVIEW_SCAN_LIMIT = 500;
const SHOW_LIMIT = 100;

export class ListeningService {
  constructor(private readonly recentItems: RecentItems) {}

  async preview(actor: Actor | undefined, brandId: string, query: unknown, scan = PREVIEW_SCAN_LIMIT): Promise<PreviewResult> {
    authorize(actor, brandId, 'channel.manage');
    const parsed = ListeningQuerySchema.safeParse(query);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const { field, message, problem } = issueReport({ ...issue, path: ['query', ...issue.path.map(String)] }, 'query');
      throw validationError(message, field, problem);
    }
    const match = compileListeningQuery(parsed.data);
    const highlight = compileListeningHighlighter(parsed.data);
    const items = await this.recentItems(brandId, Math.min(Math.max(1, scan), PREVIEW_SCAN_LIMIT));
    const out: PreviewResult = { scanned: items.length, matched_count: 0, matched: [], dropped: [] };
    for (const item of items) {
      const r = match({ text: item.text, language: item.language ?? null });
      if (r.matched) {
        out.matched_count++;
        if (out.matched.length < SHOW_LIMIT)
          out.matched.push({
            id: item.id,
            text: item.text,
            terms: r.terms,
            link: item.link ?? null,
            created_at: item.createdAt ?? null,
            connection_id: item.connectionId ?? null,
            highlights: highlight(item.text),
          });
      } else if (r.terms.length && out.dropped.length < SHOW_LIMIT) {
        out.dropped.push({
          id: item.id,
          text: item.text,
          terms: r.terms,
          excluded: r.excluded,
          language: r.language ?? null,
          connection_id: item.connectionId ?? null,
          highlights: highlight(item.text),
        });
      }
    }
    return out;
  }
}

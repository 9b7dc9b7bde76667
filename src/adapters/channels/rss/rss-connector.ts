/**
 * RSS/Atom (and RDF, JSON Feed) by URL: review sites, forums, Google Alerts,
 * app store review feeds, Reddit search feeds. A fetch is a conditional GET
 * (the ETag and Last-Modified of the last answer go in the cursor; 304 means
 * nothing new), parsed by feedsmith. Each entry's id (guid / Atom id, else its
 * link, else a hash of title and date) is the mention's external id, and the
 * cursor keeps the ids the feed listed last time, so a feed without
 * validators that did not change yields nothing new. Summaries are HTML: they
 * become plain text (never rendered). A broad source: the brand's listening
 * query decides which entries are mentions. No replies: a feed is read-only.
 */
import { createHash } from 'node:crypto';
import { parseFeed } from 'feedsmith';
import { z } from 'zod';
import type { ChannelConnector, ConnectorContext, FetchResult, IncomingItem } from '../connector.js';
import { htmlToText } from '../html-text.js';

export const RssConfigSchema = z.object({
  url: z.url({ protocol: /^https?$/, error: 'an http:// or https:// feed URL' }).max(2000),
});
export type RssConfig = z.infer<typeof RssConfigSchema>;
export const RssSecretsSchema = z.object({}).strict();
export type RssSecrets = z.infer<typeof RssSecretsSchema>;

/** What the cursor keeps between fetches (JSON). */
interface RssCursor {
  etag?: string;
  lastModified?: string;
  /** The ids of the entries the feed listed at the last fetch. */
  seen: string[];
}

/** More ids than this in a cursor are dropped, oldest first (a feed lists far fewer). */
const SEEN_KEPT = 2000;
/** A feed bigger than this is refused (a feed is a page of entries, not an archive). */
const MAX_FEED_BYTES = 20 * 1024 * 1024;

/** One entry, whatever the feed's format. */
interface Entry {
  id: string;
  title: string;
  html: string;
  author?: { name: string; url?: string };
  link?: string;
  date?: string;
}

function parseCursor(text: string | null): RssCursor {
  if (!text) return { seen: [] };
  try {
    const c = JSON.parse(text) as Partial<RssCursor>;
    return { etag: c.etag, lastModified: c.lastModified, seen: Array.isArray(c.seen) ? c.seen.filter((s) => typeof s === 'string') : [] };
  } catch {
    return { seen: [] };
  }
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

function isoDate(v: unknown): string | undefined {
  const s = str(v);
  if (!s) return undefined;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** "a@b.c (Ann)" (RSS author) → Ann. */
function personName(v: unknown): string | undefined {
  const s = str(v);
  if (!s) return undefined;
  const m = /^\S+@\S+\s+\((.+)\)$/.exec(s);
  return m ? m[1]!.trim() : s;
}

function entryId(e: { guid?: string; id?: string; link?: string; title: string; date?: string }): string {
  return (
    str(e.guid) ??
    str(e.id) ??
    str(e.link) ??
    `sha256:${createHash('sha256')
      .update(`${e.title}\n${e.date ?? ''}`)
      .digest('hex')
      .slice(0, 32)}`
  );
}

/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call -- feedsmith's per-format item types differ; every field is read defensively through str(). */
function entriesOf(parsed: { format: string; feed: any }): { title?: string; entries: Entry[] } {
  const feed = parsed.feed;
  const title = str(feed?.title);
  if (parsed.format === 'atom') {
    const entries = (feed.entries ?? []).map((e: any): Entry => {
      const links: any[] = e.links ?? [];
      const link = str((links.find((l) => !l.rel || l.rel === 'alternate') ?? links[0])?.href);
      const date = isoDate(e.published) ?? isoDate(e.updated);
      const t = str(e.title) ?? '';
      const a = e.authors?.[0];
      return {
        id: entryId({ id: e.id, link, title: t, date }),
        title: t,
        html: str(e.content) ?? str(e.summary) ?? '',
        author: str(a?.name) ? { name: str(a.name)!, url: str(a.uri) } : undefined,
        link,
        date,
      };
    });
    return { title, entries };
  }
  if (parsed.format === 'json') {
    const entries = (feed.items ?? []).map((e: any): Entry => {
      const date = isoDate(e.date_published) ?? isoDate(e.date_modified);
      const t = str(e.title) ?? '';
      const a = e.authors?.[0] ?? e.author;
      return {
        id: entryId({ id: e.id != null ? String(e.id) : undefined, link: e.url, title: t, date }),
        title: t,
        html: str(e.content_html) ?? str(e.content_text) ?? str(e.summary) ?? '',
        author: str(a?.name) ? { name: str(a.name)!, url: str(a.url) } : undefined,
        link: str(e.url),
        date,
      };
    });
    return { title, entries };
  }
  // RSS 2.0 and RDF (RSS 1.0).
  const entries = (feed.items ?? []).map((e: any): Entry => {
    const date = isoDate(e.pubDate) ?? isoDate(e.dc?.date) ?? isoDate(e.dc?.dates?.[0]);
    const t = str(e.title) ?? '';
    const name = personName(e.dc?.creator) ?? personName(e.dc?.creators?.[0]) ?? personName(e.authors?.[0]);
    const link = str(e.link);
    return {
      id: entryId({ guid: typeof e.guid === 'string' ? e.guid : e.guid?.value, id: e.rdf?.about, link, title: t, date }),
      title: t,
      html: str(e.content?.encoded) ?? str(e.description) ?? '',
      author: name ? { name } : undefined,
      link,
      date,
    };
  });
  return { title, entries };
}
/* eslint-enable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call */

function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).hostname || undefined;
  } catch {
    return undefined;
  }
}

function toItem(e: Entry, feedUrl: string, feedTitle: string | undefined): IncomingItem {
  const body = e.html ? htmlToText(e.html) : '';
  const title = htmlToText(e.title);
  const text = [title, body].filter((p) => p !== '').join('\n\n') || e.link || e.id;
  // An entry without an author (review sites, Google Alerts) is nobody's in particular: it gets an author of its own
  // (the site, told apart by the entry), so unrelated entries of one feed never thread into one case as one "person".
  const site = feedTitle ?? hostOf(e.link) ?? hostOf(feedUrl) ?? 'feed';
  const handle = e.author?.name ?? `${hostOf(e.link) ?? hostOf(feedUrl) ?? 'feed'}#${createHash('sha256').update(e.id).digest('hex').slice(0, 10)}`;
  return {
    externalId: e.id,
    author: { handle, name: e.author?.name ?? site, ...(e.author?.url ? { url: e.author.url } : {}) },
    text,
    ...(e.link ? { link: e.link } : {}),
    ...(e.date ? { createdAt: e.date } : {}),
    public: true,
    extra: { feed_url: feedUrl, ...(feedTitle ? { feed_title: feedTitle } : {}) },
  };
}

export const rssConnector: ChannelConnector<RssConfig, RssSecrets> = {
  type: 'rss',
  configSchema: RssConfigSchema,
  secretsSchema: RssSecretsSchema,
  fields: [{ name: 'url', kind: 'url', required: true, help: 'The feed address (RSS or Atom): a review site, forum, Google Alert or search feed' }],
  capabilities: { publicReply: false, privateMessage: false, webhook: false, broad: true },

  async fetch(ctx: ConnectorContext<RssConfig, RssSecrets>): Promise<FetchResult> {
    const cursor = parseCursor(ctx.cursor);
    const headers: Record<string, string> = {
      accept: 'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5',
      'user-agent': 'Defuse feed reader',
    };
    if (cursor.etag) headers['if-none-match'] = cursor.etag;
    if (cursor.lastModified) headers['if-modified-since'] = cursor.lastModified;
    const res = await ctx.fetch(ctx.config.url, { headers, signal: ctx.signal, redirect: 'follow' });
    if (res.status === 304) {
      await res.body?.cancel();
      return { items: [], cursor: null };
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new Error(`the feed answered HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`);
    }
    const declared = Number(res.headers.get('content-length') ?? 0);
    if (declared > MAX_FEED_BYTES) {
      await res.body?.cancel();
      throw new Error(`the feed is too big (${declared} bytes; at most ${MAX_FEED_BYTES})`);
    }
    const body = await res.text();
    if (body.length > MAX_FEED_BYTES) throw new Error(`the feed is too big (at most ${MAX_FEED_BYTES} bytes)`);
    let parsed: { format: string; feed: unknown };
    try {
      parsed = parseFeed(body);
    } catch (err) {
      throw new Error(`not an RSS or Atom feed: ${(err as Error).message}`);
    }
    const { title, entries } = entriesOf(parsed);
    const seen = new Set(cursor.seen);
    const fresh: Entry[] = [];
    const inFeed = new Set<string>();
    for (const e of entries) {
      if (inFeed.has(e.id)) continue;
      inFeed.add(e.id);
      if (!seen.has(e.id)) fresh.push(e);
    }
    // Oldest first, so a page cut by the limit takes the earliest and the rest come on the next page.
    fresh.sort((a, b) => (a.date ?? '').localeCompare(b.date ?? ''));
    const page = fresh.slice(0, Math.max(1, ctx.limit));
    const more = fresh.length > page.length;
    // Seen: what the feed lists now, except the entries left for the next page; and what was seen before, so an
    // entry that drops out of the feed and comes back is not new (kept to SEEN_KEPT).
    const left = new Set(fresh.slice(page.length).map((e) => e.id));
    const nextSeen = [...new Set([...cursor.seen, ...[...inFeed].filter((id) => !left.has(id))])].slice(-SEEN_KEPT);
    const next: RssCursor = {
      // With entries left over, the validators are not kept: the next page must download the feed again.
      ...(more ? {} : { etag: res.headers.get('etag') ?? undefined, lastModified: res.headers.get('last-modified') ?? undefined }),
      seen: nextSeen,
    };
    return { items: page.map((e) => toItem(e, ctx.config.url, title)), cursor: JSON.stringify(next), more };
  },
};

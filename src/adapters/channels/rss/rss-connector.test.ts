/**
 * The RSS/Atom connector against a real local HTTP server (node:http) whose
 * feed changes between fetches: conditional GET with ETag and Last-Modified,
 * a feed without validators, a growing feed, paging by the limit, a broken feed.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FetchResult } from '../connector.js';
import { ConnectorRegistry } from '../registry.js';
import { rssConnector } from './rss-connector.js';

interface Served {
  status: number;
  body: string;
  type?: string;
  etag?: string;
  lastModified?: string;
}

let server: Server;
let base: string;
let served: Served;
let requests: IncomingHttpHeaders[];

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req.headers);
    const s = served;
    if (s.etag && req.headers['if-none-match'] === s.etag) {
      res.writeHead(304).end();
      return;
    }
    if (s.lastModified && req.headers['if-modified-since'] === s.lastModified) {
      res.writeHead(304).end();
      return;
    }
    res.writeHead(s.status, {
      'content-type': s.type ?? 'application/rss+xml; charset=utf-8',
      ...(s.etag ? { etag: s.etag } : {}),
      ...(s.lastModified ? { 'last-modified': s.lastModified } : {}),
    });
    res.end(s.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  requests = [];
});

const rssItem = (n: number, o: { guid?: boolean; link?: boolean; author?: boolean } = {}) => `
  <item>
    <title>Review ${n}: cold pizza &amp; late</title>
    ${o.link === false ? '' : `<link>https://reviews.test/r/${n}</link>`}
    ${o.guid === false ? '' : `<guid isPermaLink="false">review-${n}</guid>`}
    <description>&lt;p&gt;The courier was &lt;b&gt;two hours&lt;/b&gt; late.&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;</description>
    <pubDate>Mon, 05 Jan 2026 0${n % 10}:00:00 GMT</pubDate>
    ${o.author === false ? '' : `<dc:creator>Reviewer ${n}</dc:creator>`}
  </item>`;
const rss = (items: string[]) =>
  `<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Pizza reviews</title><link>https://reviews.test</link><description>d</description>${items.join('')}</channel></rss>`;
const atom = (n: number) => `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Forum</title><id>urn:forum</id><updated>2026-01-05T08:00:00Z</updated>
${Array.from(
  { length: n },
  (_, i) => `<entry><title>Thread ${i + 1}</title><id>urn:forum:${i + 1}</id><link rel="alternate" href="https://forum.test/t/${i + 1}"/>
<published>2026-01-05T0${i + 1}:00:00Z</published><author><name>user${i + 1}</name><uri>https://forum.test/u/${i + 1}</uri></author>
<content type="html">&lt;p&gt;Pizza was &lt;i&gt;awful&lt;/i&gt;&lt;/p&gt;</content></entry>`,
).join('\n')}</feed>`;

async function fetchFeed(url: string, cursor: string | null, limit = 50): Promise<FetchResult> {
  return rssConnector.fetch({ config: { url }, secrets: {}, cursor, now: new Date(), signal: AbortSignal.timeout(5000), fetch, limit });
}

describe('RSS/Atom connector', () => {
  it('reads an RSS 2.0 feed: ids, plain text (no markup, no script), author, link, date; then ETag → 304 → nothing', async () => {
    served = { status: 200, body: rss([rssItem(1), rssItem(2)]), etag: '"v1"' };
    const first = await fetchFeed(`${base}/feed`, null);
    expect(first.items.map((i) => i.externalId)).toEqual(['review-1', 'review-2']);
    const item = first.items[0]!;
    expect(item.text).toBe('Review 1: cold pizza & late\n\nThe courier was two hours late.');
    expect(item.text).not.toMatch(/<|alert/);
    expect(item.author).toEqual({ handle: 'Reviewer 1', name: 'Reviewer 1' });
    expect(item.link).toBe('https://reviews.test/r/1');
    expect(item.createdAt).toBe('2026-01-05T01:00:00.000Z');
    expect(item.public).toBe(true);
    expect(item.extra).toMatchObject({ feed_url: `${base}/feed`, feed_title: 'Pizza reviews' });
    expect(JSON.parse(first.cursor!)).toMatchObject({ etag: '"v1"' });

    const second = await fetchFeed(`${base}/feed`, first.cursor);
    expect(requests[1]!['if-none-match']).toBe('"v1"');
    expect(second).toEqual({ items: [], cursor: null });

    // The feed changes (new ETag): only the new entry comes.
    served = { status: 200, body: rss([rssItem(3), rssItem(1), rssItem(2)]), etag: '"v2"' };
    const third = await fetchFeed(`${base}/feed`, first.cursor);
    expect(third.items.map((i) => i.externalId)).toEqual(['review-3']);
  });

  it('reads Atom, with Last-Modified', async () => {
    served = { status: 200, body: atom(2), type: 'application/atom+xml', lastModified: 'Mon, 05 Jan 2026 08:00:00 GMT' };
    const first = await fetchFeed(`${base}/atom`, null);
    expect(first.items.map((i) => [i.externalId, i.text, i.author.handle, i.link, i.createdAt])).toEqual([
      ['urn:forum:1', 'Thread 1\n\nPizza was awful', 'user1', 'https://forum.test/t/1', '2026-01-05T01:00:00.000Z'],
      ['urn:forum:2', 'Thread 2\n\nPizza was awful', 'user2', 'https://forum.test/t/2', '2026-01-05T02:00:00.000Z'],
    ]);
    expect(first.items[0]!.author.url).toBe('https://forum.test/u/1');
    const again = await fetchFeed(`${base}/atom`, first.cursor);
    expect(requests[1]!['if-modified-since']).toBe('Mon, 05 Jan 2026 08:00:00 GMT');
    expect(again.items).toEqual([]);
  });

  it('yields nothing new from an unchanged feed without validators, and only the new entries when it grows', async () => {
    served = { status: 200, body: rss([rssItem(1), rssItem(2, { guid: false }), rssItem(3, { guid: false, link: false })]) };
    const first = await fetchFeed(`${base}/plain`, null);
    // No guid: the link is the id; neither: a hash of title and date.
    expect(first.items.map((i) => i.externalId)).toEqual(['review-1', 'https://reviews.test/r/2', expect.stringMatching(/^sha256:[0-9a-f]{32}$/)]);
    expect(requests[0]!['if-none-match']).toBeUndefined();
    const same = await fetchFeed(`${base}/plain`, first.cursor);
    expect(same.items).toEqual([]);
    served = { status: 200, body: rss([rssItem(4), rssItem(1), rssItem(2, { guid: false }), rssItem(3, { guid: false, link: false })]) };
    const grown = await fetchFeed(`${base}/plain`, same.cursor ?? first.cursor);
    expect(grown.items.map((i) => i.externalId)).toEqual(['review-4']);
    // The hash is stable: the same entry hashes to the same id next time.
    expect(first.items[2]!.externalId).toBe((await fetchFeed(`${base}/plain`, null)).items[2]!.externalId);
  });

  it('gives entries without an author one each, named after the feed, so one feed is not one person', async () => {
    served = { status: 200, body: rss([rssItem(1, { author: false }), rssItem(2, { author: false })]) };
    const { items } = await fetchFeed(`${base}/anonymous`, null);
    const [a, b] = items.map((i) => i.author);
    expect(a!.handle).toMatch(/^reviews\.test#[0-9a-f]{10}$/);
    expect(b!.handle).not.toBe(a!.handle);
    expect(a!.name).toBe(b!.name);
    expect(a!.name).toBeTruthy();
    // The same entry keeps its author on the next fetch (threads of the same entry stay together).
    expect((await fetchFeed(`${base}/anonymous`, null)).items[0]!.author.handle).toBe(a!.handle);
  });

  it('pages by the limit: the rest come on the next fetch, none lost', async () => {
    served = { status: 200, body: atom(5), type: 'application/atom+xml', etag: '"p"' };
    const p1 = await fetchFeed(`${base}/atom`, null, 2);
    expect(p1.more).toBe(true);
    expect(JSON.parse(p1.cursor!).etag).toBeUndefined();
    const p2 = await fetchFeed(`${base}/atom`, p1.cursor, 2);
    const p3 = await fetchFeed(`${base}/atom`, p2.cursor, 2);
    expect(p3.more).toBe(false);
    expect([...p1.items, ...p2.items, ...p3.items].map((i) => i.externalId)).toEqual([1, 2, 3, 4, 5].map((n) => `urn:forum:${n}`));
    expect((await fetchFeed(`${base}/atom`, p3.cursor, 2)).items).toEqual([]);
  });

  it('throws on an HTTP error and on a page that is no feed', async () => {
    served = { status: 500, body: 'oops' };
    await expect(fetchFeed(`${base}/broken`, null)).rejects.toThrow('the feed answered HTTP 500');
    served = { status: 200, body: '<html><body>Not a feed</body></html>', type: 'text/html' };
    await expect(fetchFeed(`${base}/broken`, null)).rejects.toThrow(/not an RSS or Atom feed/);
  });

  it('checks its config: an http(s) URL', () => {
    expect(rssConnector.configSchema.safeParse({ url: 'https://x.test/feed' }).success).toBe(true);
    expect(rssConnector.configSchema.safeParse({ url: 'file:///etc/passwd' }).success).toBe(false);
    expect(rssConnector.configSchema.safeParse({}).success).toBe(false);
    expect(rssConnector.capabilities).toEqual({ publicReply: false, privateMessage: false, webhook: false, broad: true });
    expect('send' in rssConnector).toBe(false);
  });
});

describe('connector registry', () => {
  it('holds the connectors passed to it and refuses a duplicate or an unknown type', () => {
    const reg = new ConnectorRegistry([rssConnector]);
    expect(reg.get('rss')).toBe(rssConnector);
    expect(reg.types()).toEqual(['rss']);
    expect(reg.missing()).toEqual(['email', 'telegram', 'mastodon', 'vk']);
    expect(() => reg.assertComplete()).toThrow('connector types without a connector: email, telegram, mastodon, vk');
    expect(() => new ConnectorRegistry([rssConnector, rssConnector])).toThrow('connector type "rss" has two connectors');
    expect(() => new ConnectorRegistry([{ ...rssConnector, type: 'fax' as never }])).toThrow('connector type "fax" is not in CONNECTOR_TYPES');
  });
});

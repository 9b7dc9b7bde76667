/**
 * The channel layer through the whole stack, on both databases: an RSS
 * connection added through the API, polled from a real local HTTP server
 * whose feed changes; mentions and cases in the inbox; re-polls and an
 * unchanged feed that create nothing; a fault after the mentions were stored
 * but before the cursor was (a restart mid-poll) that duplicates nothing; a
 * failing feed that shows its error, backs off and notifies once per failing
 * spell; two rounds at once that fetch a connection once; the listening
 * query's call site; secrets sealed and never shown; the webhook entry point.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { ChannelConnector } from '../src/adapters/channels/connector.js';
import { ConnectorRegistry } from '../src/adapters/channels/registry.js';
import { AesGcmSecretBox } from '../src/adapters/crypto/secret-box.js';
import { rssConnector } from '../src/adapters/channels/rss/rss-connector.js';
import { ChannelService } from '../src/services/channels/channel.service.js';
import { DIALECTS } from './support/databases.js';
import { type Harness, OPERATOR, type SignedIn, startHarness } from './support/harness.js';
import { api, getJson } from './support/requests.js';
import { ScriptedClassifier } from './support/scripted-classifier.js';
import { randomBytes } from 'node:crypto';

interface Feed {
  status: number;
  body: string;
  etag?: string;
}

/** A feed server with one feed per path, changed by the tests; counts the requests per path. */
class FeedServer {
  readonly feeds = new Map<string, Feed>();
  readonly hits = new Map<string, number>();
  private server!: Server;
  base = '';
  async start() {
    this.server = createServer((req, res) => {
      const path = req.url ?? '/';
      this.hits.set(path, (this.hits.get(path) ?? 0) + 1);
      const f = this.feeds.get(path);
      if (!f) return res.writeHead(404).end('no such feed');
      if (f.etag && req.headers['if-none-match'] === f.etag) return res.writeHead(304).end();
      res.writeHead(f.status, { 'content-type': 'application/rss+xml', ...(f.etag ? { etag: f.etag } : {}) }).end(f.body);
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  stop() {
    return new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

const item = (n: number, title: string) =>
  `<item><title>${title}</title><link>https://reviews.test/r/${n}</link><guid>review-${n}</guid><description>&lt;p&gt;Review number ${n}&lt;/p&gt;</description><pubDate>Mon, 05 Jan 2026 08:0${n}:00 GMT</pubDate><author>r${n}@reviews.test (Reviewer ${n})</author></item>`;
const rss = (...items: string[]) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>Reviews</title><link>https://reviews.test</link><description>d</description>${items.join('')}</channel></rss>`;

describe.each(DIALECTS)('channels: RSS through the whole stack on %s', (dialect) => {
  let h: Harness;
  let feeds: FeedServer;
  let brandId: string;
  let manager: SignedIn;
  let responder: SignedIn;
  let managerId: string;

  beforeAll(async () => {
    feeds = new FeedServer();
    await feeds.start();
    h = await startHarness(dialect, { DEFUSE_SECRET_KEY: randomBytes(32).toString('base64') }, new ScriptedClassifier());
    brandId = await h.createBrand('pizza');
    managerId = await h.createUser('manager@pizza.test', brandId, 'manager');
    await h.createUser('responder@pizza.test', brandId, 'responder');
    manager = await h.login('manager@pizza.test');
    responder = await h.login('responder@pizza.test');
  });
  afterAll(async () => {
    await h.close();
    await h.db.drop();
    await feeds.stop();
  });

  const mentionsOf = async (externalId: string) =>
    (await getJson(h, `/api/v1/mentions?brand=${brandId}&limit=100`, manager)).items.filter(
      (m: { external_id: string }) => m.external_id === externalId,
    );
  const connection = async (id: string) =>
    (await getJson(h, `/api/v1/brands/${brandId}/connections`, manager)).items.find((c: { id: string }) => c.id === id);
  const failingNotices = async () =>
    (await h.container.store.repos.notifications.forUser(managerId, { unreadOnly: false, limit: 100, brandIds: [brandId] })).filter(
      (n) => n.type === 'channel.failing',
    );

  it('adds an RSS connection through the API (managers; readers list), checking its config', async () => {
    const types = (await getJson(h, `/api/v1/brands/${brandId}/connector-types`, responder)).items;
    expect(types.map((t: { type: string }) => t.type)).toContain('rss');
    expect(types.find((t: { type: string }) => t.type === 'rss').capabilities.broad).toBe(true);

    const bad = await api(h, 'POST', `/api/v1/brands/${brandId}/connections`, manager, { type: 'rss', config: { url: 'ftp://x' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('config.url');
    const unknown = await api(h, 'POST', `/api/v1/brands/${brandId}/connections`, manager, { type: 'fax', config: {} });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.field).toBe('type');
    const denied = await api(h, 'POST', `/api/v1/brands/${brandId}/connections`, responder, { type: 'rss', config: { url: `${feeds.base}/x` } });
    expect(denied.statusCode).toBe(403);
    const slow = await api(h, 'POST', `/api/v1/brands/${brandId}/connections`, manager, {
      type: 'rss',
      config: { url: `${feeds.base}/x`, interval_minutes: 0 },
    });
    expect(slow.json().error.field).toBe('config.interval_minutes');

    feeds.feeds.set('/reviews.xml', {
      status: 200,
      body: rss(item(1, '#kind=constructive Cold pizza'), item(2, '#kind=impulsive Never again')),
      etag: '"a"',
    });
    const res = await api(h, 'POST', `/api/v1/brands/${brandId}/connections`, manager, {
      type: 'rss',
      name: 'Review site',
      config: { url: `${feeds.base}/reviews.xml` },
    });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json();
    expect(c).toMatchObject({
      type: 'rss',
      name: 'Review site',
      channel: 'rss',
      status: 'active',
      secrets_set: [],
      query: null,
      webhook_secret: null,
    });
    expect(c.health).toMatchObject({ state: 'new', failures: 0, last_error: null });
    expect((await getJson(h, `/api/v1/brands/${brandId}/connections`, responder)).items.map((x: { id: string }) => x.id)).toEqual([c.id]);
  });

  it('polls: the entries become mentions and cases in the inbox; a re-poll and an unchanged feed create nothing', async () => {
    const [conn] = (await getJson(h, `/api/v1/brands/${brandId}/connections`, manager)).items;
    const round = await h.container.channels.pollDue();
    expect(round.map((o) => [o.connection_id, o.created, o.duplicates, o.error])).toEqual([[conn.id, 2, 0, null]]);
    while ((await h.runJobs()) > 0);

    const [m1] = await mentionsOf('review-1');
    expect(m1).toMatchObject({ channel: 'rss', link: 'https://reviews.test/r/1', text: '#kind=constructive Cold pizza\n\nReview number 1' });
    const stored = (await h.container.store.repos.mentions.findById(m1.id))!;
    expect(stored.extra).toMatchObject({ connection_id: conn.id, feed_url: `${feeds.base}/reviews.xml` });
    const cases = (await getJson(h, `/api/v1/cases?brand=${brandId}`, manager)).items;
    expect(cases).toHaveLength(2);

    const health = (await connection(conn.id)).health;
    expect(health).toMatchObject({ state: 'ok', failures: 0, last_success_at: h.clock.now().toISOString() });
    // Lag: the newest entry (08:02) was fetched at the clock's 09:00.
    expect(health.lag_seconds).toBe(58 * 60);
    // Not due again before its interval (5 minutes).
    expect(await h.container.channels.pollDue()).toEqual([]);
    h.clock.advance(5 * 60_000);
    const again = await h.container.channels.pollDue();
    expect(again.map((o) => [o.created, o.duplicates, o.error])).toEqual([[0, 0, null]]); // 304

    // The feed without validators, unchanged: nothing new either.
    feeds.feeds.set('/reviews.xml', { status: 200, body: rss(item(1, '#kind=constructive Cold pizza'), item(2, '#kind=impulsive Never again')) });
    h.clock.advance(5 * 60_000);
    expect((await h.container.channels.pollDue()).map((o) => [o.created, o.duplicates, o.error])).toEqual([[0, 0, null]]);
    expect((await getJson(h, `/api/v1/cases?brand=${brandId}`, manager)).items).toHaveLength(2);
  });

  it('a restart mid-poll (mentions stored, cursor not) duplicates nothing', async () => {
    const [conn] = (await getJson(h, `/api/v1/brands/${brandId}/connections`, manager)).items;
    feeds.feeds.set('/reviews.xml', {
      status: 200,
      body: rss(item(3, '#kind=constructive Burnt crust'), item(1, '#kind=constructive Cold pizza'), item(2, '#kind=impulsive Never again')),
      etag: '"b"',
    });
    const spy = vi.spyOn(h.container.store.repos.connections, 'saveCursor').mockRejectedValueOnce(new Error('killed before the cursor was saved'));
    h.clock.advance(5 * 60_000);
    const crashed = await h.container.channels.pollDue();
    expect(crashed[0]).toMatchObject({ created: 1, error: 'killed before the cursor was saved' });
    spy.mockRestore();
    expect(await mentionsOf('review-3')).toHaveLength(1);

    // The next round starts from the old cursor: the entry comes again and is recognised.
    h.clock.advance(60 * 60_000);
    const redo = await h.container.channels.pollDue();
    expect(redo.map((o) => [o.connection_id, o.created, o.duplicates, o.error])).toEqual([[conn.id, 0, 1, null]]);
    expect(await mentionsOf('review-3')).toHaveLength(1);
    while ((await h.runJobs()) > 0);
    expect((await getJson(h, `/api/v1/cases?brand=${brandId}`, manager)).items).toHaveLength(3);
    // And then it is up to date.
    h.clock.advance(5 * 60_000);
    expect((await h.container.channels.pollDue()).map((o) => [o.created, o.duplicates])).toEqual([[0, 0]]);
  });

  it('a failing feed shows its error, backs off, notifies once per failing spell, then recovers', async () => {
    const [conn] = (await getJson(h, `/api/v1/brands/${brandId}/connections`, manager)).items;
    const before = (await failingNotices()).length;
    feeds.feeds.set('/reviews.xml', { status: 503, body: 'down' });
    const gaps: number[] = [];
    for (let i = 0; i < 3; i++) {
      const due = new Date((await connection(conn.id)).health.next_poll_at as string);
      h.clock.set(due);
      const [o] = await h.container.channels.pollDue();
      expect(o!.error).toBe('the feed answered HTTP 503 Service Unavailable');
      const health = (await connection(conn.id)).health;
      expect(health).toMatchObject({ state: 'failing', failures: i + 1, last_error: 'the feed answered HTTP 503 Service Unavailable' });
      gaps.push(new Date(health.next_poll_at).getTime() - h.clock.now().getTime());
    }
    // Exponential backoff from the 5-minute interval.
    expect(gaps).toEqual([5, 10, 20].map((m) => m * 60_000));
    const notices = await failingNotices();
    expect(notices).toHaveLength(before + 1);
    expect(notices[0]!.data).toMatchObject({ connection_id: conn.id, error: 'the feed answered HTTP 503 Service Unavailable' });
    // Not due yet: a poll round now leaves it alone.
    expect(await h.container.channels.pollDue()).toEqual([]);

    // Many failures later, the backoff stops at an hour.
    for (let i = 0; i < 4; i++) {
      h.clock.set(new Date((await connection(conn.id)).health.next_poll_at as string));
      await h.container.channels.pollDue();
    }
    const capped = (await connection(conn.id)).health;
    expect(new Date(capped.next_poll_at).getTime() - h.clock.now().getTime()).toBe(60 * 60_000);
    expect(await failingNotices()).toHaveLength(before + 1);

    feeds.feeds.set('/reviews.xml', { status: 200, body: rss(item(4, '#kind=constructive Back again')), etag: '"c"' });
    h.clock.set(new Date(capped.next_poll_at as string));
    const [ok] = await h.container.channels.pollDue();
    expect(ok).toMatchObject({ created: 1, error: null });
    expect((await connection(conn.id)).health).toMatchObject({ state: 'ok', failures: 0 });

    // A new failing spell is told again, once.
    feeds.feeds.set('/reviews.xml', { status: 500, body: 'down' });
    for (let i = 0; i < 2; i++) {
      h.clock.set(new Date((await connection(conn.id)).health.next_poll_at as string));
      await h.container.channels.pollDue();
    }
    expect(await failingNotices()).toHaveLength(before + 2);
    feeds.feeds.set('/reviews.xml', { status: 200, body: rss(item(4, '#kind=constructive Back again')), etag: '"c"' });
  });

  it('two poll rounds at once fetch a connection once', async () => {
    const [conn] = (await getJson(h, `/api/v1/brands/${brandId}/connections`, manager)).items;
    h.clock.set(new Date((await connection(conn.id)).health.next_poll_at as string));
    const hits = feeds.hits.get('/reviews.xml') ?? 0;
    const [a, b] = await Promise.all([h.container.channels.pollDue(), h.container.channels.pollDue()]);
    expect(a.length + b.length).toBe(1);
    expect(feeds.hits.get('/reviews.xml')).toBe(hits + 1);
  });

  it('fetch now, pause, resume, remove through the API', async () => {
    feeds.feeds.set('/alerts.xml', {
      status: 200,
      body: rss(item(5, '#kind=constructive Pizza Palace was late'), item(6, 'Weather today: sunny'), item(7, 'pizza palace again, ignore-me')),
    });
    const add = await api(h, 'POST', `/api/v1/brands/${brandId}/connections`, manager, {
      type: 'rss',
      channel: 'alerts',
      config: { url: `${feeds.base}/alerts.xml`, interval_minutes: 15 },
      query: { include: ['Pizza Palace'], exclude: ['ignore-me'] },
    });
    expect(add.statusCode, add.body).toBe(201);
    const c = add.json();
    expect(c).toMatchObject({ channel: 'alerts', config: { interval_minutes: 15 }, query: { include: ['Pizza Palace'] } });
    expect(c.name).toBe('rss: 127.0.0.1');

    const denied = await api(h, 'POST', `/api/v1/brands/${brandId}/connections/${c.id}/fetch`, responder);
    expect(denied.statusCode).toBe(403);
    const fetched = await api(h, 'POST', `/api/v1/brands/${brandId}/connections/${c.id}/fetch`, manager);
    expect(fetched.statusCode, fetched.body).toBe(200);
    const out = fetched.json();
    expect(out).toMatchObject({ created: 1, duplicates: 0, skipped: 2, error: null });
    expect(out.items.map((i: { external_id: string; status: string }) => [i.external_id, i.status])).toEqual([
      ['review-5', 'created'],
      ['review-6', 'skipped'],
      ['review-7', 'skipped'],
    ]);
    const [mention] = await mentionsOf('review-5');
    expect(mention.channel).toBe('alerts');
    expect(out.items[0].mention_id).toBe(mention.id);
    // Every item is kept for the listening preview, matched or not.
    const recent = await h.container.store.repos.connections.recentItems(brandId, 50);
    expect(recent.filter((i) => i.connectionId === c.id).map((i) => [i.externalId, i.matched])).toEqual(
      expect.arrayContaining([
        ['review-5', true],
        ['review-6', false],
        ['review-7', false],
      ]),
    );
    // Next fetch 15 minutes later (its own interval).
    expect((await connection(c.id)).health.next_poll_at).toBe(new Date(h.clock.now().getTime() + 15 * 60_000).toISOString());

    const paused = await api(h, 'PATCH', `/api/v1/brands/${brandId}/connections/${c.id}`, manager, { status: 'paused' });
    expect(paused.json()).toMatchObject({ status: 'paused', health: { state: 'paused' } });
    h.clock.advance(60 * 60_000);
    expect((await h.container.channels.pollDue(h.clock.now(), { brandId })).map((o) => o.connection_id)).not.toContain(c.id);
    await api(h, 'PATCH', `/api/v1/brands/${brandId}/connections/${c.id}`, manager, { status: 'active' });
    expect((await h.container.channels.pollDue(h.clock.now(), { brandId })).map((o) => o.connection_id)).toContain(c.id);

    expect((await api(h, 'DELETE', `/api/v1/brands/${brandId}/connections/${c.id}`, responder)).statusCode).toBe(403);
    expect((await api(h, 'DELETE', `/api/v1/brands/${brandId}/connections/${c.id}`, manager)).statusCode).toBe(204);
    expect(await connection(c.id)).toBeUndefined();
    expect(await mentionsOf('review-5')).toHaveLength(1); // mentions stay
    expect((await h.container.store.repos.connections.recentItems(brandId, 50)).some((i) => i.connectionId === c.id)).toBe(false);
  });

  it("erasing an author forgets the channel's fetched copies of their items too", async () => {
    const [m] = await mentionsOf('review-1');
    const stored = (await h.container.store.repos.mentions.findById(m.id))!;
    const handleItems = async () =>
      (await h.container.store.repos.connections.recentItems(brandId, 500)).filter((i) => i.authorHandle === 'Reviewer 1');
    expect((await handleItems()).length).toBeGreaterThan(0);
    await h.container.personalData.erase(OPERATOR, brandId, stored.authorId);
    expect(await handleItems()).toEqual([]);
    expect((await h.container.store.repos.connections.recentItems(brandId, 500)).some((i) => i.text.includes('Cold pizza'))).toBe(false);
  });

  it('keeps the newest 500 fetched items per connection', async () => {
    const many = Array.from({ length: 520 }, (_, i) => item(1000 + i, `Item ${i}`));
    feeds.feeds.set('/big.xml', { status: 200, body: rss(...many) });
    const { connection: c } = await h.container.channels.add(OPERATOR, brandId, {
      type: 'rss',
      config: { url: `${feeds.base}/big.xml` },
      query: { include: ['nothing-matches-this'] },
    });
    // Pages of 50, 5 per round: two rounds and a bit.
    for (let i = 0; i < 3; i++) {
      await h.container.channels.fetchNow(OPERATOR, brandId, c.id);
    }
    expect(await h.container.store.repos.connections.countItems(c.id)).toBe(500);
    await h.container.channels.remove(OPERATOR, brandId, c.id);
  });

  it("files a new feed's backlog without breaching it: the clock of a post from before the channel was connected starts on arrival", async () => {
    const now = h.clock.now();
    const ago = (hours: number) => new Date(now.getTime() - hours * 3_600_000).toUTCString();
    feeds.feeds.set('/backlog.xml', {
      status: 200,
      body: rss(
        `<item><title>#kind=constructive Transfer 4471 lost</title><guid>old-1</guid><pubDate>${ago(18)}</pubDate></item>`,
        `<item><title>#kind=constructive Card blocked again</title><guid>old-2</guid><pubDate>${ago(19)}</pubDate></item>`,
      ),
    });
    const res = await api(h, 'POST', `/api/v1/brands/${brandId}/connections`, manager, {
      type: 'rss',
      name: 'Bank reviews',
      config: { url: `${feeds.base}/backlog.xml` },
    });
    expect(res.statusCode, res.body).toBe(201);
    await h.container.channels.fetchNow(OPERATOR, brandId, res.json().id);
    await h.runJobs();
    const stored = [...(await mentionsOf('old-1')), ...(await mentionsOf('old-2'))];
    expect(stored).toHaveLength(2);
    const cases = await Promise.all(stored.map(async (m: { id: string }) => (await h.container.store.repos.mentions.findById(m.id))!));
    // Two entries without an author are two cases, not one "person".
    expect(new Set(cases.map((m) => m.caseId)).size).toBe(2);
    for (const m of cases) {
      expect(m.extra).toMatchObject({ backlog: true });
      const c = (await h.container.store.repos.cases.findById(m.caseId!))!;
      expect(c.responseDueAt).not.toBeNull();
      expect(new Date(c.responseDueAt!).getTime()).toBeGreaterThan(now.getTime());
    }
  });
});

describe.each(DIALECTS)('channels: secrets and webhooks on %s', (dialect) => {
  let h: Harness;
  let brandId: string;
  let service: ChannelService;
  const logs: string[] = [];
  const received: unknown[] = [];

  /** A connector with a secret and a webhook, standing in for Telegram. */
  const fake: ChannelConnector<{ chat: string }, { token: string }> = {
    type: 'telegram',
    configSchema: z.object({ chat: z.string().min(1) }),
    secretsSchema: z.object({ token: z.string().min(10) }),
    fields: [
      { name: 'chat', kind: 'text', required: true },
      { name: 'token', kind: 'secret', required: true },
    ],
    capabilities: { publicReply: true, privateMessage: true, webhook: true, broad: false },
    fetch: (ctx) => {
      received.push(ctx.secrets);
      if (ctx.config.chat === 'leaky') return Promise.reject(new Error(`GET https://api.test/bot${ctx.secrets.token}/getUpdates answered 401`));
      return Promise.resolve({ items: [], cursor: null });
    },
    receive: (_ctx, body) => {
      const b = body as { id: number; text: string; from: string };
      return [{ externalId: String(b.id), author: { handle: b.from }, text: b.text, public: true }];
    },
  };

  beforeAll(async () => {
    h = await startHarness(dialect, {}, new ScriptedClassifier());
    brandId = await h.createBrand('bot');
    const logger = pino({ level: 'debug' }, { write: (line: string) => void logs.push(line) });
    service = new ChannelService(
      h.container.store,
      new ConnectorRegistry([fake]),
      new AesGcmSecretBox(randomBytes(32)),
      h.container.ingest,
      h.container.notifier,
      h.clock,
      logger,
    );
  });
  afterAll(async () => {
    await h.close();
    await h.db.drop();
  });

  it('seals secrets, shows only their names, keeps them on a change that leaves them out, and never logs them', async () => {
    const token = 'tok-SECRET-1234567890';
    await expect(service.add(OPERATOR, brandId, { type: 'telegram', config: { chat: 'c' }, secrets: { token: 'short' } })).rejects.toMatchObject({
      status: 400,
      field: 'secrets.token',
      message: expect.not.stringContaining('short') as unknown as string,
    });
    const { connection, webhookSecret } = await service.add(OPERATOR, brandId, { type: 'telegram', config: { chat: 'c' }, secrets: { token } });
    expect(connection.secrets_set).toEqual(['token']);
    expect(JSON.stringify(connection)).not.toContain(token);
    expect(webhookSecret).toMatch(/^[\w-]{20,}$/);
    expect(connection.webhook_path).toBe(`/api/v1/hooks/connections/${connection.id}`);
    const row = (await h.container.store.repos.connections.find(connection.id))!;
    expect(row.secrets).not.toContain(token);
    expect(row.hookSecretHash).not.toBe(webhookSecret);

    await service.update(OPERATOR, brandId, connection.id, { name: 'Renamed', secrets: {} });
    await service.fetchNow(OPERATOR, brandId, connection.id);
    expect(received.at(-1)).toEqual({ token });
    const view = await service.update(OPERATOR, brandId, connection.id, { secrets: { token: 'tok-NEW-0987654321' } });
    expect(view.secrets_set).toEqual(['token']);
    await service.fetchNow(OPERATOR, brandId, connection.id);
    expect(received.at(-1)).toEqual({ token: 'tok-NEW-0987654321' });
    await expect(service.update(OPERATOR, brandId, connection.id, { secrets: { token: null } })).rejects.toMatchObject({ field: 'secrets.token' });
    expect(logs.join('\n')).not.toMatch(/tok-SECRET|tok-NEW/);
    expect(logs.length).toBeGreaterThan(0);
  });

  it("keeps a secret out of a connector's error text (health, notification, logs)", async () => {
    const token = 'tok-LEAKY-1234567890';
    const { connection } = await service.add(OPERATOR, brandId, { type: 'telegram', config: { chat: 'leaky' }, secrets: { token } });
    const out = await service.fetchNow(OPERATOR, brandId, connection.id);
    expect(out.error).toBe('GET https://api.test/bot***/getUpdates answered 401');
    const stored = (await h.container.store.repos.connections.find(connection.id))!;
    expect(stored.lastError).toBe(out.error);
    expect(logs.join('\n')).not.toContain(token);
    expect(logs.join('\n')).toContain('bot***/getUpdates');
  });

  it('takes webhook pushes with the connection secret only, and dedups them', async () => {
    const { connection, webhookSecret } = await service.add(OPERATOR, brandId, {
      type: 'telegram',
      config: { chat: 'd' },
      secrets: { token: 'tok-abcdefghijk' },
    });
    const body = { id: 77, text: '#kind=constructive the bot says hi', from: 'alice' };
    await expect(service.receive(connection.id, 'wrong', body)).rejects.toMatchObject({ status: 404 });
    await expect(service.receive(connection.id, undefined, body)).rejects.toMatchObject({ status: 404 });
    expect(await service.receive(connection.id, webhookSecret!, body)).toEqual({ created: 1, duplicates: 0, skipped: 0 });
    expect(await service.receive(connection.id, webhookSecret!, body)).toEqual({ created: 0, duplicates: 1, skipped: 0 });
  });

  it('a claim holds a connection for one fetch: a second claim fails until it is let go or its lease lapses', async () => {
    const { connection } = await service.add(OPERATOR, brandId, { type: 'telegram', config: { chat: 'e' }, secrets: { token: 'tok-abcdefghijk' } });
    const repo = h.container.store.repos.connections;
    const now = '2026-01-05T09:00:00.000Z';
    const later = '2026-01-05T09:05:00.000Z';
    expect(await repo.claim(connection.id, now, later)).toBe(true);
    expect(await repo.claim(connection.id, now, later)).toBe(false);
    expect(await repo.claim(connection.id, '2026-01-05T09:04:59.000Z', later)).toBe(false);
    // The lease lapsed (a crashed worker): the next one takes it.
    expect(await repo.claim(connection.id, later, '2026-01-05T09:10:00.000Z')).toBe(true);
    await repo.release(connection.id);
    // A poll round's claim also needs the connection due.
    await repo.update(connection.id, { nextPollAt: '2026-01-05T10:00:00.000Z', updatedAt: now });
    expect(await repo.claim(connection.id, now, later, { dueAt: now })).toBe(false);
    expect(await repo.claim(connection.id, now, later)).toBe(true);
  });

  it('aborts a fetch that takes too long and records the timeout', async () => {
    const hanging = createServer(() => undefined); // never answers
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    try {
      const quick = new ChannelService(
        h.container.store,
        new ConnectorRegistry([rssConnector]),
        new AesGcmSecretBox(randomBytes(32)),
        h.container.ingest,
        h.container.notifier,
        h.clock,
        pino({ level: 'silent' }),
        fetch,
        { pageSize: 50, maxPages: 5, timeoutMs: 200, roundSize: 10 },
      );
      const { connection } = await quick.add(OPERATOR, brandId, {
        type: 'rss',
        config: { url: `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/slow.xml` },
      });
      const started = Date.now();
      const out = await quick.fetchNow(OPERATOR, brandId, connection.id);
      expect(out.error).toBe('timed out after 200 ms');
      expect(Date.now() - started).toBeLessThan(5000);
      expect((await quick.get(OPERATOR, brandId, connection.id)).health).toMatchObject({ state: 'failing', failures: 1 });
    } finally {
      hanging.closeAllConnections();
      await new Promise<void>((resolve) => hanging.close(() => resolve()));
    }
  });

  it('the webhook route refuses a wrong secret (the container has no webhook connector yet: any id is unknown)', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/v1/hooks/connections/nope',
      headers: { 'x-defuse-hook-secret': 'x' },
      payload: { id: 1 },
    });
    expect(res.statusCode).toBe(404);
  });
});

/**
 * The case change feed across processes on PostgreSQL (LISTEN/NOTIFY): a change one process commits reaches
 * another's live inbox at once; a process does not hear its own changes twice; the listening connection comes back
 * after PostgreSQL drops it. Two feeds in this one process stand for two processes: each has its own origin and its
 * own thread channel, so only PostgreSQL carries a change from one to the other.
 */
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BroadcastCaseChangeFeed } from '../src/adapters/events/broadcast-case-feed.js';
import { brandsOfNotification, notificationPayloads, PgNotifyCaseChangeFeed } from '../src/adapters/events/pg-notify-case-feed.js';
import { loadConfig } from '../src/config/env.js';
import { createContainer } from '../src/container.js';
import { type Database, openDatabase } from '../src/db/database.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from './support/databases.js';
import { buildMention } from './support/factories.js';
import { OPERATOR } from './support/harness.js';
import { type DefuseProcess, freePort, spawnDefuse, waitHealthy } from './support/processes.js';
import { ScriptedClassifier } from './support/scripted-classifier.js';

describe('notification payloads', () => {
  it('name each brand once, stay under PostgreSQL’s 8,000 bytes, and skip the sender’s own', () => {
    const brands = Array.from({ length: 500 }, (_, i) => `brand-${String(i).padStart(32, '0')}`);
    const payloads = notificationPayloads([...brands, ...brands], 'here:1');
    expect(payloads.length).toBeGreaterThan(1);
    for (const p of payloads) expect(Buffer.byteLength(p)).toBeLessThan(8000);
    expect(payloads.flatMap((p) => brandsOfNotification(p, 'there:2') ?? [])).toEqual(brands);
    expect(brandsOfNotification(payloads[0], 'here:1')).toBeNull();
    expect(brandsOfNotification('not json', 'there:2')).toBeNull();
    expect(brandsOfNotification(undefined, 'there:2')).toBeNull();
  });
});

describe.runIf(DIALECTS.includes('postgres'))('case changes across processes on PostgreSQL', () => {
  let tdb: TestDatabase;
  let dbA: Database;
  let dbB: Database;
  let a: PgNotifyCaseChangeFeed;
  let b: PgNotifyCaseChangeFeed;
  const heardByA: string[] = [];
  const logger = pino({ level: 'silent' });

  beforeAll(async () => {
    tdb = await createTestDatabase('postgres');
    if (tdb.config.dialect !== 'postgres') throw new Error('postgres expected');
    dbA = openDatabase(tdb.config);
    dbB = openDatabase(tdb.config);
    const unique = Math.random().toString(36).slice(2);
    a = new PgNotifyCaseChangeFeed(new BroadcastCaseChangeFeed(`a-${unique}`), dbA.db, tdb.url, logger, 'server:1');
    b = new PgNotifyCaseChangeFeed(new BroadcastCaseChangeFeed(`b-${unique}`), dbB.db, tdb.url, logger, 'worker:2');
    a.subscribe((c) => heardByA.push(c.brandId));
    await a.ready;
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await dbA.close();
    await dbB.close();
    await tdb.drop();
  });

  it('tells a server the brands whose cases a worker changed', async () => {
    b.casesChanged([
      { brandId: 'acme', caseIds: ['c1', 'c2'] },
      { brandId: 'globex', caseIds: ['c3'] },
    ]);
    await b.sent;
    await expect.poll(() => heardByA.filter((x) => x === 'acme' || x === 'globex').sort()).toEqual(['acme', 'globex']);
  });

  it('does not tell a process its own changes a second time', async () => {
    a.casesChanged([{ brandId: 'own', caseIds: ['c4'] }]);
    await a.sent;
    // Notifications reach a listener in commit order: once the worker's later one is heard, the own one was read.
    b.casesChanged([{ brandId: 'marker', caseIds: ['c5'] }]);
    await b.sent;
    await expect.poll(() => heardByA.includes('marker')).toBe(true);
    expect(heardByA.filter((x) => x === 'own')).toHaveLength(1); // the local, in-process telling only
  });

  it('listens again after PostgreSQL drops the listening connection', async () => {
    const admin = new pg.Client({ connectionString: tdb.url });
    await admin.connect();
    try {
      const dropped = await admin.query<{ n: string }>(
        "select count(pg_terminate_backend(pid)) as n from pg_stat_activity where datname = current_database() and query ilike 'LISTEN%'",
      );
      expect(Number(dropped.rows[0]!.n)).toBe(1);
      // Until it listens again a notification may be missed (the inbox's poll covers that): send until one is heard.
      await expect
        .poll(
          async () => {
            b.casesChanged([{ brandId: 'after-drop', caseIds: ['c6'] }]);
            await b.sent;
            return heardByA.includes('after-drop');
          },
          { timeout: 10_000, interval: 200 },
        )
        .toBe(true);
    } finally {
      await admin.end();
    }
  });
});

describe.runIf(DIALECTS.includes('postgres'))('a live inbox beside a separate worker process on PostgreSQL', () => {
  let tdb: TestDatabase | undefined;
  const live: DefuseProcess[] = [];
  afterAll(async () => {
    await Promise.all(live.map((p) => p.kill9()));
    await tdb?.drop();
  });

  it('hears the cases `defuse worker` processed at once, though its own poll waits ten minutes', async () => {
    tdb = await createTestDatabase('postgres');
    const setup = await createContainer(loadConfig({ DATABASE_URL: tdb.url, LOG_LEVEL: 'silent' }), {
      logger: pino({ level: 'silent' }),
      classifier: new ScriptedClassifier(),
    });
    const brand = await setup.brands.createBrand(OPERATOR, { slug: 'live', name: 'Live' });
    const token = (await setup.brands.createToken(OPERATOR, brand.id, 'live-client')).token;
    const user = await setup.brands.createUser(OPERATOR, { email: 'r@live.test', name: 'R', password: 'a-long-test-password' });
    await setup.brands.setMember(OPERATOR, brand.id, { userId: user.id, role: 'responder' });
    await setup.close();

    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const env = { DATABASE_URL: tdb.url, PORT: String(port), HOST: '127.0.0.1', DEFUSE_EVENTS_POLL_MS: '600000', DEFUSE_JOB_POLL_MS: '200' };
    const server = spawnDefuse(['serve', '--no-worker'], env);
    live.push(server);
    await waitHealthy(server, `${base}/healthz`);
    live.push(spawnDefuse(['worker'], env));

    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'r@live.test', password: 'a-long-test-password' }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const events = await fetch(`${base}/api/v1/events?brand=${brand.id}`, { headers: { cookie }, signal: AbortSignal.timeout(30_000) });
    const reader = events.body!.getReader();
    let text = new TextDecoder().decode((await reader.read()).value); // ": connected"

    const ingest = await fetch(`${base}/api/v1/mentions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ mentions: [buildMention({ text: '#kind=constructive parcel lost' })] }),
    });
    expect(ingest.status).toBeLessThan(300);
    await ingest.arrayBuffer();
    while (!/event: cases\ndata: .*\n\n/.test(text)) text += new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
    const ids = (JSON.parse(/event: cases\ndata: (.*)\n/.exec(text)![1]!) as { ids: string[] }).ids;
    expect(ids).toHaveLength(1);
  }, 60_000);
});

/**
 * `defuse channel add/list/poll --once/pause/resume/remove`, spawned as the
 * compiled CLI over a SQLite file, against a local feed server in this
 * process (so the CLI is run asynchronously, never blocking the server).
 */
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '../../bin/defuse.js');

describe('defuse channel', { timeout: 120_000 }, () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let server: Server;
  let base: string;
  let feed = { status: 200, body: '' };

  const run = (args: string[]) =>
    new Promise<{ code: number; out: string; err: string }>((resolve) => {
      execFile(process.execPath, [BIN, ...args], { env, encoding: 'utf8', timeout: 60_000 }, (error, out, err) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 3) : 0, out, err }),
      );
    });
  const rss = (...titles: string[]) =>
    `<?xml version="1.0"?><rss version="2.0"><channel><title>Alerts</title><link>https://a.test</link><description>d</description>${titles
      .map((t, i) => `<item><title>${t}</title><guid>alert-${i + 1}</guid><link>https://a.test/${i + 1}</link></item>`)
      .join('')}</channel></rss>`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'defuse-channel-cli-'));
    env = { ...process.env, DATABASE_URL: `sqlite:${join(dir, 'cli.db')}`, LOG_LEVEL: 'silent' };
    server = createServer((_req, res) => res.writeHead(feed.status, { 'content-type': 'application/rss+xml' }).end(feed.body));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('adds an RSS channel with a query, lists it, polls once (mentions in, then nothing new), fails with exit 1, pauses and removes', async () => {
    expect((await run(['brand', 'add', '--slug', 'pizza', '--name', 'Pizza'])).code).toBe(0);
    expect((await run(['channel', 'list'])).out).toMatch(/^no channel connections yet/);
    const bad = await run(['channel', 'add', '--brand', 'pizza', '--type', 'rss', '--url', 'not a url']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/config\.url/);

    const add = await run([
      'channel',
      'add',
      '--brand',
      'pizza',
      '--type',
      'rss',
      '--url',
      `${base}/alerts.xml`,
      '--name',
      'Alerts',
      '--interval',
      '10',
      '--query',
      'pizza, Pizzeria ',
    ]);
    expect(add.code, add.err).toBe(0);
    const id = /connection (\S+) added: rss "Alerts" → channel rss/.exec(add.out)?.[1];
    expect(id).toBeTruthy();

    const list = await run(['channel', 'list', '--brand', 'pizza']);
    // A header row names the columns.
    expect(list.out.split('\n')[0]).toBe('id\tbrand\ttype\tchannel\tname\tstatus\thealth\tnext poll');
    expect(list.out).toContain(`${id}\tpizza\trss\trss\tAlerts\tactive\tnew`);

    feed = { status: 200, body: rss('Cold pizza again', 'The weather', 'Best pizzeria in town') };
    const poll = await run(['channel', 'poll', '--once']);
    expect(poll.code, poll.err).toBe(0);
    expect(poll.out).toContain(`${id}\tAlerts\t2 created, 0 duplicates, 1 skipped`);
    // Not due again for 10 minutes.
    expect((await run(['channel', 'poll', '--once', '--brand', 'pizza'])).out).toContain('no connection due');
    expect((await run(['channel', 'list'])).out).toMatch(/\tok\tnext /);

    feed = { status: 500, body: 'down' };
    // Resume brings the connection forward to the next round.
    await run(['channel', 'pause', id!]);
    expect((await run(['channel', 'resume', id!])).out).toContain(`connection ${id} active`);
    const failing = await run(['channel', 'poll', '--once']);
    expect(failing.code).toBe(1);
    expect(failing.out).toContain('error: the feed answered HTTP 500');
    expect(failing.err).toContain('1 channel failed');
    expect((await run(['channel', 'list'])).out).toContain('failing ×1: the feed answered HTTP 500');

    expect((await run(['channel', 'pause', id!])).out).toContain(`connection ${id} paused`);
    expect((await run(['channel', 'remove', id!])).out).toContain('removed');
    expect((await run(['channel', 'remove', id!])).code).toBe(2);
    expect((await run(['channel', 'poll'])).code).toBe(2);
  });
});

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '../../bin/defuse.js');

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

describe('defuse serve', () => {
  const dir = mkdtempSync(join(tmpdir(), 'defuse-serve-'));
  let child: ChildProcess | undefined;
  afterAll(() => {
    child?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates the database and first admin, serves the API and docs, and shuts down on SIGTERM', { timeout: 90_000 }, async () => {
    const port = await freePort();
    child = spawn(process.execPath, [BIN, 'serve'], {
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: `sqlite:${join(dir, 'defuse.db')}`, LOG_LEVEL: 'warn' },
    });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    const base = `http://127.0.0.1:${port}`;
    await expect.poll(async () => (await fetch(`${base}/healthz`).catch(() => undefined))?.status, { timeout: 30_000, interval: 200 }).toBe(200);

    const password = /password: (\S+)/.exec(out)?.[1];
    expect(out).toContain('e-mail:   admin@defuse.local');
    expect(out).toContain(`open:     http://localhost:${port} and sign in`);
    expect(password).toMatch(/^[\w-]{23}$/);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    expect((await fetch(`${base}/api/docs/json`).then((r) => r.json())).paths).toHaveProperty('/api/v1/mentions');
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@defuse.local', password }),
    });
    expect(login.status).toBe(200);
    expect((await login.json()).brands[0].slug).toBe('default');

    // A CLI write next to the running server (its in-process worker writing too) waits its turn: it used to
    // fail with "database is locked" (SQLITE_BUSY_SNAPSHOT) in most runs. Three runs, each on a fresh brand.
    for (const brand of ['demo-1', 'demo-2', 'demo-3']) {
      const demo = spawnSync(process.execPath, [BIN, 'demo', '--slug', brand], {
        env: { ...process.env, DATABASE_URL: `sqlite:${join(dir, 'defuse.db')}`, LOG_LEVEL: 'warn' },
        encoding: 'utf8',
      });
      expect(demo.stderr).not.toContain('locked');
      expect(demo.stdout).toContain(`demo brand ${brand}: 16 mentions`);
      expect(demo.status).toBe(0);
    }

    // The server's jobs run in its worker thread: a mention sent to the API is processed there (woken by the
    // enqueue, not a poll), and the thread's processing shows in the server's /metrics.
    const created = spawnSync(process.execPath, [BIN, 'token', 'create', '--brand', 'default', '--name', 'test'], {
      env: { ...process.env, DATABASE_URL: `sqlite:${join(dir, 'defuse.db')}`, LOG_LEVEL: 'warn' },
      encoding: 'utf8',
    });
    const token = /(dfs_\S+|[A-Za-z0-9_-]{32,})/.exec(created.stdout)?.[1];
    expect(token, created.stdout + created.stderr).toBeTruthy();
    const ingest = await fetch(`${base}/api/v1/mentions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ channel: 'twitter', external_id: 'thread-1', author: { handle: 'ana' }, text: 'My order never arrived' }),
    });
    expect(ingest.status).toBeLessThan(300);
    const metric = async () => {
      const text = await (await fetch(`${base}/metrics`)).text();
      return Number(/defuse_mentions_processed_total\{outcome="processed"\} (\d+)/.exec(text)?.[1] ?? 0);
    };
    await expect.poll(metric, { timeout: 20_000, interval: 200 }).toBeGreaterThanOrEqual(1);

    const exited = new Promise<number | null>((resolve) => child!.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);

    // A SIGTERM as soon as /healthz answers, while the job thread may still be loading: a clean exit 0, not a
    // process killed by the signal (the handlers used to be installed only once the thread was up).
    const again = spawn(process.execPath, [BIN, 'serve'], {
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: `sqlite:${join(dir, 'defuse.db')}`, LOG_LEVEL: 'warn' },
    });
    child = again;
    const ended = new Promise<number | string | null>((resolve) => again.on('exit', (code, signal) => resolve(code ?? signal)));
    await expect.poll(async () => (await fetch(`${base}/healthz`).catch(() => undefined))?.status, { timeout: 30_000, interval: 20 }).toBe(200);
    again.kill('SIGTERM');
    expect(await ended).toBe(0);
  });
});

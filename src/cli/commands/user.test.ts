/** `defuse user …` and `defuse brand add`, run as an operator would: a separate process over the desk's database, printing no log lines. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/env.js';
import { createContainer } from '../../container.js';
import { sha256 } from '../../services/secrets.js';

const BIN = join(import.meta.dirname, '../../../bin/defuse.js');

describe('defuse user and brand commands', { timeout: 240_000 }, () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  /** Runs the CLI with no LOG_LEVEL set, as an operator would: anything that looks like a JSON log line fails the test. */
  const run = (args: string[]) => {
    const r = spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', timeout: 60_000 });
    for (const stream of [r.stdout, r.stderr]) expect(stream, `${args.join(' ')} printed a log line`).not.toMatch(/^\{"level"/m);
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  const open = () => createContainer(loadConfig(env), { logger: pino({ level: 'silent' }), queue: 'sql' });

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'defuse-user-'));
    env = { ...process.env, DATABASE_URL: `sqlite:${join(dir, 'users.db')}` };
    delete env.LOG_LEVEL;
    delete env.DEFUSE_LOG_LEVEL;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('makes a brand usable by its creator: --owner, or else the first installation admin', async () => {
    expect(run(['user', 'add', '--email', 'root@x.test', '--name', 'Root', '--admin']).code).toBe(0);
    expect(run(['user', 'add', '--email', 'ops@x.test', '--name', 'Ops']).code).toBe(0);
    const plain = run(['brand', 'add', '--slug', 'acme', '--name', 'Acme']);
    expect(plain.code, plain.err).toBe(0);
    expect(plain.out).toMatch(/root@x\.test is its admin/);
    const owned = run(['brand', 'add', '--slug', 'beta', '--name', 'Beta', '--owner', 'ops@x.test']);
    expect(owned.code, owned.err).toBe(0);
    expect(run(['brand', 'add', '--slug', 'gamma', '--name', 'G', '--owner', 'nobody@x.test']).code).toBe(2);
    const c = await open();
    const [acme, beta] = [(await c.store.repos.brands.findBySlug('acme'))!, (await c.store.repos.brands.findBySlug('beta'))!];
    const root = (await c.store.repos.users.findByEmail('root@x.test'))!;
    const ops = (await c.store.repos.users.findByEmail('ops@x.test'))!;
    expect(await c.store.repos.users.findMembership(root.id, acme.id)).toMatchObject({ role: 'admin' });
    expect(await c.store.repos.users.findMembership(ops.id, beta.id)).toMatchObject({ role: 'admin' });
    expect(await c.store.repos.brands.findBySlug('gamma')).toBeUndefined();
    await c.close();
  });

  it('adds a user to a brand, invites, prints a reset link, deactivates and reactivates', async () => {
    const added = run(['user', 'add-to-brand', '--email', 'OPS@x.test', '--brand', 'acme', '--role', 'reviewer']);
    expect(added.code, added.err).toBe(0);
    expect(added.out).toMatch(/ops@x\.test is reviewer in acme/);
    const unknown = run(['user', 'add-to-brand', '--email', 'who@x.test', '--brand', 'acme', '--role', 'reviewer']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/no user who@x\.test/);
    expect(run(['user', 'add-to-brand', '--email', 'ops@x.test', '--brand', 'acme']).code).toBe(2);

    const invited = run(['user', 'invite', '--email', 'new@x.test', '--brand', 'acme', '--role', 'responder']);
    expect(invited.code, invited.err).toBe(0);
    const inviteLink = /http:\/\/localhost:8080\/welcome#([\w-]+)/.exec(invited.out)!;
    const reset = run(['user', 'reset-password', '--email', 'ops@x.test']);
    expect(reset.code, reset.err).toBe(0);
    const resetLink = /http:\/\/localhost:8080\/reset-password#([\w-]+)/.exec(reset.out)!;

    const c = await open();
    const acme = (await c.store.repos.brands.findBySlug('acme'))!;
    const ops = (await c.store.repos.users.findByEmail('ops@x.test'))!;
    expect(await c.store.repos.users.findMembership(ops.id, acme.id)).toMatchObject({ role: 'reviewer' });
    expect(await c.store.repos.accountLinks.findByHash(sha256(inviteLink[1]!))).toMatchObject({ email: 'new@x.test', role: 'responder' });
    expect(await c.store.repos.accountLinks.findByHash(sha256(resetLink[1]!))).toMatchObject({ userId: ops.id, purpose: 'reset' });
    await c.store.repos.sessions.create({ id: 'live-session', userId: ops.id, createdAt: '2026-01-01T00:00:00Z', expiresAt: '2999-01-01T00:00:00Z' });
    await c.close();

    const off = run(['user', 'deactivate', '--email', 'ops@x.test']);
    expect(off.code, off.err).toBe(0);
    expect(off.out).toMatch(/ops@x\.test deactivated/);
    const listed = run(['user', 'list']);
    expect(listed.out.split('\n')[0]).toBe('email\tname\tadmin\tstatus\tbrands');
    expect(listed.out).toMatch(
      /ops@x\.test\tOps\t\tDEACTIVATED\tbeta:admin, acme:reviewer|ops@x\.test\tOps\t\tDEACTIVATED\tacme:reviewer, beta:admin/,
    );
    const after = await open();
    expect((await after.store.repos.users.findById(ops.id))!.disabled).toBe(true);
    expect(await after.store.repos.sessions.countForUser(ops.id)).toBe(0);
    await after.close();
    expect(run(['user', 'reactivate', '--email', 'ops@x.test']).code).toBe(0);
    const back = await open();
    expect((await back.store.repos.users.findById(ops.id))!.disabled).toBe(false);
    await back.close();
  });
});

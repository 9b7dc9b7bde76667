/** `defuse train --brand B`, run as the operator would: a separate process over the desk's database. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMention } from '../../../test/support/factories.js';
import { loadConfig } from '../../config/env.js';
import { createContainer } from '../../container.js';
import { MentionInputSchema } from '../../domain/mentions/mention-input.js';
import type { SqlJobQueue } from '../../jobs/sql-job-queue.js';
import type { Actor } from '../../services/access.js';

const BIN = join(import.meta.dirname, '../../../bin/defuse.js');
const OPERATOR: Actor = { type: 'system', name: 'test' };

// Four spawns of the CLI (tsx compiles on each start): slow on a busy machine.
describe('defuse train', { timeout: 240_000 }, () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const run = (args: string[]) => {
    const r = spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', timeout: 60_000 });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  const open = async () => createContainer(loadConfig(env), { logger: pino({ level: 'silent' }), queue: 'sql' });

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'defuse-train-'));
    env = { ...process.env, DATABASE_URL: `sqlite:${join(dir, 'train.db')}`, LOG_LEVEL: 'silent' };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('trains the brand layer from its corrections; refuses with too few or an unknown brand', async () => {
    const c = await open();
    const brand = await c.brands.createBrand(OPERATOR, { slug: 'acme', name: 'Acme' });
    await c.brands.updateSettings(OPERATOR, brand.id, { learning: { enabled: true, retrainEvery: 0 } });
    const u = await c.brands.createUser(OPERATOR, { email: 'lead@acme.test', name: 'Lead', password: 'correct-horse-battery' });
    await c.brands.setMember(OPERATOR, brand.id, { userId: u.id, role: 'manager' });
    const lead: Actor = { type: 'user', userId: u.id, isAdmin: false, roles: new Map([[brand.id, 'manager']]) };
    const texts = [
      'Ждём уже неделю, когда вы ответите',
      'ждем уже неделю доставку',
      'уже неделю ждём возврат',
      'Ждём уже неделю, никто не звонит',
      'ждём уже неделю курьера',
      'Ждём уже неделю мастера',
    ];
    const { items } = await c.ingest.ingest(
      OPERATOR,
      brand.id,
      texts.map((text) => MentionInputSchema.parse(buildMention({ text }))),
    );
    const queue = c.queue as SqlJobQueue;
    queue.useRegistry(c.jobRegistry());
    await queue.runDue(4);
    for (const m of items.slice(0, 4)) await c.corrections.correct(lead, m.id, { kind: 'impulsive' });
    await c.close();

    const few = run(['train', '--brand', 'acme']);
    expect(few.code).toBe(1);
    expect(few.err).toMatch(/not trained: 4 corrected mention\(s\): at least 5 are needed; nothing changed/);
    expect(run(['train', '--brand', 'nope']).code).toBe(2);

    const again = await open();
    for (const m of items.slice(4)) await again.corrections.correct(lead, m.id, { kind: 'impulsive' });
    await again.close();
    const ok = run(['train', '--brand', 'acme']);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toMatch(/brand layer v1 trained on 6 corrections/);
    const json = run(['train', '--brand', 'acme', '--json']);
    expect(JSON.parse(json.out)).toMatchObject({ trained: true, version: 2, corrections: 6 });

    // As an operator runs it, with no LOG_LEVEL: only the command's own output, no JSON log lines; --verbose adds them on stderr.
    const operatorEnv = { ...env };
    delete operatorEnv.LOG_LEVEL;
    const plain = spawnSync(process.execPath, [BIN, 'train', '--brand', 'acme', '--json'], { env: operatorEnv, encoding: 'utf8', timeout: 60_000 });
    expect(plain.status, plain.stderr).toBe(0);
    expect(JSON.parse(plain.stdout)).toMatchObject({ trained: true, version: 3 });
    expect(plain.stderr).not.toMatch(/"level"/);
    const verbose = spawnSync(process.execPath, [BIN, 'train', '--brand', 'acme', '--json', '--verbose'], {
      env: operatorEnv,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(JSON.parse(verbose.stdout)).toMatchObject({ trained: true, version: 4 });
    expect(verbose.stderr).toMatch(/^\{"level":30,.*"msg":"brand layer retrained/m);

    const after = await open();
    expect(await after.store.repos.brandModels.version(brand.id)).toBe(4);
    await after.close();
  });
});

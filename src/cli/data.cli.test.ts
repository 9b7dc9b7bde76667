/** `defuse backup`, `restore` and `author export|erase`, as an operator runs them (the compiled CLI, on SQLite). */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '../../bin/defuse.js');

describe("defuse backup, restore and people's data", { timeout: 120_000 }, () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const run = (args: string[]) => {
    const r = spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', timeout: 60_000 });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'defuse-data-cli-'));
    env = { ...process.env, DATABASE_URL: `sqlite:${join(dir, 'desk.db')}`, LOG_LEVEL: 'silent' };
    expect(run(['migrate']).code).toBe(0);
    expect(run(['brand', 'add', '--slug', 'acme', '--name', 'Acme']).code).toBe(0);
    const lines = [
      {
        channel: 'twitter',
        external_id: '1',
        author: { handle: 'mike', name: 'Mike M' },
        text: 'Card blocked again, call me on 0700',
        created_at: '2026-03-01T10:00:00Z',
      },
      { channel: 'facebook', external_id: '2', author: { handle: 'mike' }, text: 'Same on facebook', created_at: '2026-03-01T11:00:00Z' },
      { channel: 'twitter', external_id: '3', author: { handle: 'olga' }, text: 'Fine here', created_at: '2026-03-01T12:00:00Z' },
    ];
    writeFileSync(join(dir, 'in.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n'));
    expect(run(['import', join(dir, 'in.jsonl'), '--brand', 'acme', '--no-progress']).code).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('backs up, erases and exports an author, then restores the backup', () => {
    const file = join(dir, 'before.db');
    const b = run(['backup', '--output', file]);
    expect(b.code, b.err).toBe(0);
    expect(b.out).toMatch(/backed up .* to .*before\.db/);
    expect(run(['backup', '--output', file]).code).toBe(2);

    const ambiguous = run(['author', 'export', '--brand', 'acme', '--handle', 'mike']);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.err).toContain('several channels (facebook, twitter): give --channel');
    const exported = run(['author', 'export', '--brand', 'acme', '--handle', 'mike', '--channel', 'twitter']);
    expect(exported.code, exported.err).toBe(0);
    const doc = JSON.parse(exported.out);
    expect(doc.author).toMatchObject({ handle: 'mike', display_name: 'Mike M', channel: 'twitter' });
    expect(doc.mentions.map((m: { text: string }) => m.text)).toEqual(['Card blocked again, call me on 0700']);
    expect(run(['author', 'export', '--brand', 'acme', '--handle', 'nobody']).code).toBe(2);

    const unconfirmed = run(['author', 'erase', '--brand', 'acme', '--handle', 'mike', '--channel', 'twitter']);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.err).toContain('--yes');
    const erased = run(['author', 'erase', '--brand', 'acme', '--handle', 'mike', '--channel', 'twitter', '--yes']);
    expect(erased.code, erased.err).toBe(0);
    expect(erased.out).toMatch(/erased mike \(now erased-[0-9a-f]{12}\): 1 mentions/);
    // Gone under its handle; the facebook author of the same handle is someone else's record and stays.
    expect(run(['author', 'export', '--brand', 'acme', '--handle', 'mike', '--channel', 'twitter']).code).toBe(2);
    expect(run(['author', 'export', '--brand', 'acme', '--handle', 'mike', '--channel', 'facebook']).code).toBe(0);

    const r = run(['restore', file]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/restored .*before\.db \(at \d{4}-[\w-]+\)/);
    const back = run(['author', 'export', '--brand', 'acme', '--handle', 'mike', '--channel', 'twitter', '--output', join(dir, 'mike.json')]);
    expect(back.code, back.err).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'mike.json'), 'utf8')).mentions[0].text).toBe('Card blocked again, call me on 0700');

    writeFileSync(join(dir, 'junk.db'), 'junk');
    const junk = run(['restore', join(dir, 'junk.db')]);
    expect(junk.code).toBe(2);
    expect(junk.err).toContain('is not a SQLite database');
    expect(existsSync(join(dir, 'desk.db'))).toBe(true);
  });
});

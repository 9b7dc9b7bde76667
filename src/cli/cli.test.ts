import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/env.js';
import { createContainer } from '../container.js';

const BIN = join(import.meta.dirname, '../../bin/defuse.js');

// Every step spawns the compiled CLI (dist/, built by test/setup/build.ts); a longer timeout for a busy machine.
describe('defuse CLI', { timeout: 120_000 }, () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;

  const run = (args: string[], input?: string) => {
    const r = spawnSync(process.execPath, [BIN, ...args], { env, input, encoding: 'utf8', timeout: 60_000 });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'defuse-cli-'));
    env = { ...process.env, DATABASE_URL: `sqlite:${join(dir, 'cli.db')}`, LOG_LEVEL: 'silent' };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('migrates, adds a brand, a user and a token', () => {
    expect(run(['migrate']).out).toMatch(/applied: 0001-initial/);
    expect(run(['migrate']).out).toMatch(/up to date/);
    expect(run(['brand', 'list']).out).toMatch(/^no brands yet/);
    const brand = run(['brand', 'add', '--slug', 'acme', '--name', 'Acme Bank']);
    expect(brand.code).toBe(0);
    expect(brand.out).toMatch(/brand acme created/);
    const dup = run(['brand', 'add', '--slug', 'acme', '--name', 'Again']);
    expect(dup.code).toBe(2);
    expect(dup.err).toMatch(/slug: a brand with slug "acme" exists/);
    const brands = run(['brand', 'list']).out.split('\n');
    expect(brands[0]).toBe('slug\tid\tname');
    expect(brands[1]).toMatch(/^acme\t\S+\tAcme Bank$/);
    const user = run(['user', 'add', '--email', 'Ops@Acme.test', '--name', 'Ops', '--brand', 'acme', '--role', 'manager']);
    expect(user.code).toBe(0);
    expect(user.out).toMatch(/user ops@acme.test created/);
    expect(user.out).toMatch(/password: \S{23}/);
    const token = run(['token', 'create', '--brand', 'acme', '--name', 'zapier']);
    expect(token.out.trim()).toMatch(/^dfs_[\w-]{40,}$/);
    expect(run(['token', 'create', '--brand', 'nope', '--name', 'x']).code).toBe(2);
  });

  it('imports CSV with a column mapping, reporting bad rows by line and keeping the rest', async () => {
    const csv = [
      'id,body,user,when,network',
      '1,"Card blocked again, second time this week",mike,2026-03-01T10:00:00Z,twitter',
      '2,,anna,2026-03-01T11:00:00Z,twitter',
      '3,"Line with ""quotes"", commas and',
      'a newline inside",olga,2026-03-01T12:00:00Z,facebook',
      '4,Fine text,petr,not-a-date,twitter',
      '5,"Аплікація падає при оплаті",ivan,2026-03-01T13:00:00Z,',
    ].join('\n');
    const file = join(dir, 'in.csv');
    writeFileSync(file, csv);
    const r = run([
      'import',
      file,
      '--brand',
      'acme',
      '--map',
      'external_id=id',
      'text=body',
      'author.handle=user',
      'created_at=when',
      'channel=network',
      '--channel',
      'email',
    ]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('line 3: text: must not be empty');
    expect(r.err).toContain('line 6: created_at: must be an ISO-8601 date-time');
    expect(r.out).toContain('5 rows: 3 new, 0 already stored, 2 rejected');
    const again = run([
      'import',
      file,
      '--brand',
      'acme',
      '--map',
      'external_id=id',
      'text=body',
      'author.handle=user',
      'created_at=when',
      'channel=network',
      '--channel',
      'email',
    ]);
    expect(again.out).toContain('3 already stored');

    const c = await createContainer(loadConfig(env));
    const brand = (await c.store.repos.brands.findBySlug('acme'))!;
    const list = await c.store.repos.mentions.list({ brandId: brand.id }, 10);
    expect(list.items.map((m) => m.text).sort()).toEqual([
      'Card blocked again, second time this week',
      'Line with "quotes", commas and\na newline inside',
      'Аплікація падає при оплаті',
    ]);
    expect(list.items.find((m) => m.authorHandle === 'ivan')?.channelKey).toBe('email');
    await c.close();
  });

  it('marks every row of `import --history` as history, and no other import', async () => {
    const file = join(dir, 'history.csv');
    writeFileSync(file, ['channel,external_id,handle,text', 'twitter,h1,old1,Refund took a month', 'twitter,h2,old2,Courier never came'].join('\n'));
    const r = run(['import', file, '--brand', 'acme', '--map', 'author.handle=handle', '--history']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('2 rows: 2 new');
    const c = await createContainer(loadConfig(env));
    const brand = (await c.store.repos.brands.findBySlug('acme'))!;
    const list = await c.store.repos.mentions.list({ brandId: brand.id }, 50);
    const flagged = new Map(
      await Promise.all(list.items.map(async (m) => [m.externalId, (await c.store.repos.mentions.findById(m.id))!.history] as const)),
    );
    expect(flagged.get('h1')).toBe(true);
    expect(flagged.get('h2')).toBe(true);
    expect([...flagged].filter(([id]) => !id.startsWith('h')).every(([, h]) => h === false)).toBe(true);
    await c.close();
  });

  it('imports CSV with malformed quotes: each bad record reported by line, the rest imported (issue 15.5)', async () => {
    const csv = [
      'channel,external_id,handle,text',
      'twitter,q1,mike,Card blocked again',
      'twitter,q2,anna,My 5" screen cracked on delivery',
      'twitter,q3,olga,"Quoted, fine"',
      'twitter,q4,petr,"closed" then more text',
      'twitter,q5,ivan,"Line two',
      'of a good quoted field"',
      'twitter,q6,lena,"never closed at the end',
      'twitter,q7,dan,swallowed by the open quote',
    ].join('\n');
    const file = join(dir, 'quotes.csv');
    writeFileSync(file, csv);
    const r = run(['import', file, '--brand', 'acme', '--map', 'author.handle=handle']);
    expect(r.err).not.toMatch(/CsvError|at .*node_modules|Invalid Opening Quote/);
    expect(r.code).toBe(1);
    expect(r.err).toContain('line 3: a quote inside a field that does not start with one');
    expect(r.err).toContain('line 5: text after a closing quote');
    expect(r.err).toContain('line 8: a quote opened here is never closed: lines 8-9 were not imported');
    expect(r.out).toMatch(/rows: 3 new, 0 already stored, 3 rejected/);

    const c = await createContainer(loadConfig(env));
    const brand = (await c.store.repos.brands.findBySlug('acme'))!;
    const list = await c.store.repos.mentions.list({ brandId: brand.id }, 50);
    expect(
      list.items
        .filter((m) => /^q\d$/.test(m.externalId))
        .map((m) => `${m.externalId} ${m.text}`)
        .sort(),
    ).toEqual(['q1 Card blocked again', 'q3 Quoted, fine', 'q5 Line two\nof a good quoted field']);
    await c.close();
  });

  it('imports JSONL; with --strict nothing goes in if a row is bad', () => {
    const good = JSON.stringify({ channel: 'reviews', external_id: 'r1', author: { handle: 'x' }, text: 'Good' });
    const file = join(dir, 'in.jsonl');
    writeFileSync(
      file,
      `${good}\n{broken json\n${JSON.stringify({ channel: 'reviews', external_id: 'r2', author: { handle: 'y' }, text: 'Also good' })}\n`,
    );
    const strict = run(['import', file, '--brand', 'acme', '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.err).toContain('line 2: not valid JSON');
    expect(strict.err).toContain('nothing imported');
    const loose = run(['import', file, '--brand', 'acme']);
    expect(loose.out).toContain('3 rows: 2 new');
  });

  it('explains usage errors with exit code 2', () => {
    const r = run(['import', 'x.txt', '--brand', 'acme']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/cannot tell the format/);
    expect(run(['import', 'x.csv', '--brand', 'acme', '--map', 'colour=c']).err).toMatch(/unknown field "colour"/);
    expect(run(['nonsense']).code).toBe(2);
    const badEnv = spawnSync(process.execPath, [BIN, 'migrate'], { env: { ...env, PORT: 'x', DATABASE_URL: 'mysql://' }, encoding: 'utf8' });
    expect(badEnv.status).toBe(2);
    expect(badEnv.stderr).toMatch(/PORT/);
    expect(badEnv.stderr).toMatch(/DATABASE_URL/);
  });

  it('classifies JSON lines per the contract, reporting bad lines and going on', () => {
    const input = [
      JSON.stringify({ id: 'a', text: 'Where is my parcel?' }),
      'not json',
      JSON.stringify({ id: 'b' }),
      JSON.stringify({ id: 'c', text: 'Merci', lang: 'fr' }),
    ].join('\n');
    const r = run(['classify'], input);
    const lines = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(4);
    expect(Object.keys(lines[0]).sort()).toEqual([
      'confidence',
      'id',
      'kind',
      'lang',
      'reasons',
      'review',
      'sentiment',
      'signals',
      'situation',
      'topics',
    ]);
    expect(typeof lines[0].review).toBe('boolean');
    expect(lines[1]).toMatchObject({ id: null, error: expect.stringContaining('line 2') });
    expect(lines[2]).toEqual({ id: 'b', error: 'no text' });
    expect(lines[3]).toMatchObject({ id: 'c', lang: 'fr' });

    const smear = run(
      ['classify', '--competitors', 'BankPlus'],
      JSON.stringify({ id: 'd', text: 'Everyone knows FastBank steals. Go to BankPlus instead, share this!' }),
    );
    expect(JSON.parse(smear.out)).toMatchObject({ id: 'd', kind: 'black_pr', signals: expect.arrayContaining(['competitor_mention']) });

    const inFile = join(dir, 'c.jsonl');
    const outFile = join(dir, 'c.out.jsonl');
    writeFileSync(inFile, `${JSON.stringify({ id: 1, text: 'x' })}\n`);
    expect(run(['classify', '--input', inFile, '--output', outFile]).code).toBe(0);
    expect(JSON.parse(readFileSync(outFile, 'utf8'))).toMatchObject({ id: 1, kind: 'neutral' });
  });

  it('checks a reply from stdin: findings as text or JSON, exit code 1 on a problem, 2 on bad usage', () => {
    const bad = run(['check-reply', '--lang', 'ro', '--kind', 'constructive'], 'Ne cerem scuze pentru eventualele neplăceri. Vom rezolva în curând.');
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/error stock_phrase at 0-43 "Ne cerem scuze pentru eventualele neplăceri"/);
    expect(bad.out).toMatch(/error vague_promise/);
    const json = run(
      ['check-reply', '--lang', 'ar', '--kind', 'constructive', '--json'],
      'شكراً لأنك أخبرتنا، ونأسف على التأخير. سيصلك الطلب غداً قبل الساعة 6.',
    );
    expect(json.code).toBe(0);
    expect(JSON.parse(json.out)).toMatchObject({ lang: 'ar', findings: [] });
    expect(run(['check-reply', '--lang', 'de'], 'Hallo').code).toBe(2);
    expect(run(['check-reply', '--lang', 'en'], '   ').code).toBe(2);
  });

  it('checks many replies from a JSON-lines file: one line of findings per reply, bad lines reported by number', () => {
    const input = join(dir, 'replies.jsonl');
    const output = join(dir, 'findings.jsonl');
    writeFileSync(
      input,
      [
        JSON.stringify({
          id: 'a',
          text: 'Надо было внимательнее читать условия акции',
          mention_text: 'Мне не начислили бонусы по акции, хотя я всё выполнил',
        }),
        '{"id": "b", "text": ',
        JSON.stringify({ id: 7, text: 'Thank you for the idea! We will discuss it with the team on Friday.', kind: 'idea', lang: 'en' }),
      ].join('\n'),
    );
    const r = run(['check-reply', '--input', input, '--output', output]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/line 2: not JSON/);
    const lines = readFileSync(output, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual(['a', 7]);
    expect(lines[0]).toMatchObject({
      lang: 'ru',
      findings: expect.arrayContaining([expect.objectContaining({ rule: 'blames_customer', severity: 'error', start: 0 })]),
    });
    expect(Object.keys(lines[0].findings[0]).sort()).toEqual(['end', 'explanation', 'rule', 'severity', 'start', 'suggestion']);
    expect(lines[1]).toEqual({ id: 7, lang: 'en', findings: [] });
  });

  it('renders the quarterly report as HTML, CSV and PDF', () => {
    const html = run(['report', '--brand', 'acme', '--period', '2026-Q1', '--format', 'html']);
    expect(html.code).toBe(0);
    expect(html.out).toContain('<svg');
    expect(html.out).toContain('Q1 2026');
    const csv = run(['report', '--brand', 'acme', '--period', '2026-Q1', '--format', 'csv']);
    expect(csv.out.split('\n')[0]).toBe('table,key,subkey,value,label');
    expect(run(['report', '--brand', 'acme', '--period', 'Q1']).code).toBe(2);
    expect(run(['report', '--brand', 'acme', '--period', '2026-Q1', '--format', 'pdf']).code).toBe(2); // needs --output
    if (existsSync(process.env.DEFUSE_CHROMIUM ?? '/usr/bin/chromium')) {
      const file = join(dir, 'q1.pdf');
      expect(run(['report', '--brand', 'acme', '--period', '2026-Q1', '--format', 'pdf', '--output', file]).code).toBe(0);
      expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
    }
  });
});

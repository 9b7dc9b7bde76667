import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { type CheckReplyOptions, runCheckReply } from './check-reply.js';

const dir = mkdtempSync(join(tmpdir(), 'check-reply-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(o: CheckReplyOptions, stdin = '') {
  const input = new PassThrough();
  input.end(stdin);
  const out: string[] = [];
  const err: string[] = [];
  const sink = (into: string[]) => {
    const s = new PassThrough();
    s.on('data', (d) => into.push(String(d)));
    return s;
  };
  const code = await runCheckReply(o, { stdin: input, stdout: sink(out), stderr: sink(err) });
  return { code, out: out.join(''), err: err.join('') };
}

describe('defuse check-reply', () => {
  it('detects the language when --lang is absent and classifies the mention when --kind is absent', async () => {
    const complaint = await run(
      { mention: 'Заказ 5512 не пришёл, курьер не отвечает уже неделю', json: true },
      'Ваш заказ приедет в пятницу до 12:00.',
    );
    const r = JSON.parse(complaint.out);
    expect(r.lang).toBe('ru');
    expect(r.context.complaint).toBe(true);
    expect(r.findings.map((f: { rule: string }) => f.rule)).toContain('missing_thanks_or_apology');
    expect(complaint.code).toBe(1);
    const file = join(dir, 'mention.txt');
    writeFileSync(file, 'Mulțumesc mult, livrarea a fost super rapidă!');
    const praise = await run({ mentionFile: file, json: true }, 'Ne bucurăm mult, vă mulțumim că ne-ați scris!');
    expect(JSON.parse(praise.out)).toMatchObject({ lang: 'ro', findings: [] });
    expect(praise.code).toBe(0);
  });

  it('rejects bad usage with exit code 2', async () => {
    expect((await run({ lang: 'de' }, 'Hallo')).code).toBe(2);
    expect((await run({ kind: 'angry' }, 'Hallo')).code).toBe(2);
    expect((await run({ mention: 'a', mentionFile: 'b' }, 'Hallo')).code).toBe(2);
    expect((await run({ mentionFile: join(dir, 'missing.txt') }, 'Hallo')).code).toBe(2);
    expect((await run({ output: join(dir, 'x.jsonl') }, 'Hallo')).code).toBe(2);
    expect((await run({ input: join(dir, 'missing.jsonl') })).code).toBe(2);
  });

  it('batch: every good line gets a line of findings, every bad one is reported with its number', async () => {
    const input = join(dir, 'in.jsonl');
    const output = join(dir, 'out.jsonl');
    writeFileSync(
      input,
      [
        JSON.stringify({ id: 1, text: 'Trebuia să verificați adresa înainte de comandă', kind: 'constructive', first_reply: true }),
        'not json',
        JSON.stringify({ id: 2 }),
        JSON.stringify({ id: 3, text: 'OK', lang: 'de' }),
        '',
        JSON.stringify({
          id: 4,
          text: 'We apologize for any inconvenience.',
          mention_text: 'Where is my parcel? It was due yesterday and nobody answers.',
          lang: 'en',
        }),
        JSON.stringify({ id: 5, text: 'Sorry! Please send me the order number.', kind: 'constructive', first_reply: 'no' }),
        JSON.stringify({ id: 6, text: 'شكراً لتواصلك ونعتذر عن التأخير. سيصلك الطلب غداً قبل الساعة 2.', kind: 'constructive' }),
      ].join('\r\n'),
    );
    const r = await run({ input, output });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/line 2: not JSON/);
    expect(r.err).toMatch(/line 3: "text" must be a non-empty string/);
    expect(r.err).toMatch(/line 4: "lang" must be one of/);
    expect(r.err).toMatch(/line 7: "first_reply" must be true or false/);
    expect(r.err).toMatch(/checked 3 replies, 4 bad lines skipped/);
    const lines = readFileSync(output, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual([1, 4, 6]);
    const first = lines[0];
    expect(first.lang).toBe('ro');
    const blame = first.findings.find((f: { rule: string }) => f.rule === 'blames_customer');
    expect(blame).toEqual({
      rule: 'blames_customer',
      severity: 'error',
      start: 0,
      end: expect.any(Number),
      explanation: expect.any(String),
      suggestion: expect.any(String),
    });
    const whole = first.findings.find((f: { rule: string }) => f.rule === 'missing_thanks_or_apology');
    expect([whole.start, whole.end]).toEqual([0, 'Trebuia să verificați adresa înainte de comandă'.length]);
    expect(lines[1].findings.map((f: { rule: string }) => f.rule)).toContain('stock_phrase');
    expect(lines[2]).toEqual({ id: 6, lang: 'ar', findings: [] });
  });

  it('batch reads stdin with --input - and writes stdout without --output', async () => {
    const r = await run(
      { input: '-' },
      `${JSON.stringify({ id: 'x', text: 'Приносим извинения за причинённые неудобства', kind: 'constructive' })}\n`,
    );
    expect(r.code).toBe(0);
    const line = JSON.parse(r.out.trim());
    expect(line.id).toBe('x');
    expect(line.findings.map((f: { rule: string }) => f.rule)).toContain('stock_phrase');
  });
  it('batch over 1 MB: worker threads give the same lines, in input order, as checking in one thread', async () => {
    const replies = [
      { text: 'Trebuia să verificați adresa înainte de comandă', kind: 'constructive' },
      { text: 'Sorry for the wait! Your order ships today and arrives by Friday.', mention_text: 'Where is my order? Two weeks now.' },
      { text: 'Приносим извинения за причинённые неудобства', kind: 'constructive' },
      { text: 'شكراً لتواصلك ونعتذر عن التأخير. سيصل الطلب غداً.', kind: 'constructive', first_reply: false },
      { text: 'Please be patient, we will fix it soon!!!', mention_text: 'Your app crashes every time I pay' },
    ];
    // Padded with a field the checker ignores, so that a few hundred lines make a file past the worker threshold.
    const pad = 'x'.repeat(1500);
    const lines = Array.from({ length: 720 }, (_, i) =>
      i === 300 ? '{"id": 300, "text": ' : JSON.stringify({ id: i, ...replies[i % replies.length], pad }),
    );
    const input = join(dir, 'big.jsonl');
    writeFileSync(input, `${lines.join('\n')}\n`);
    expect(statSync(input).size).toBeGreaterThan(1_000_000);
    const output = join(dir, 'big-out.jsonl');
    const threads = await run({ input, output });
    const one = await run({ input: '-' }, readFileSync(input, 'utf8'));
    expect(threads.code).toBe(1);
    expect(threads.err).toMatch(/line 301: not JSON/);
    expect(threads.err).toMatch(/checked 719 replies, 1 bad line skipped/);
    const got = readFileSync(output, 'utf8');
    expect(got).toBe(one.out);
    expect(
      got
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).id),
    ).toEqual([...Array(720).keys()].filter((i) => i !== 300));
  });
});

/**
 * `defuse check-reply`: the reply checker from the command line.
 *
 * One reply from stdin:
 *   defuse check-reply [--lang L] [--mention "text" | --mention-file F] [--kind K] [--sentiment S] [--not-first] [--json]
 * The reply's language is detected when --lang is absent; the mention's kind
 * and sentiment come from the desk's classifier when --kind is absent.
 * Exit code 1 when an error-level finding is reported.
 *
 * Many replies, one JSON object a line:
 *   defuse check-reply --input replies.jsonl --output findings.jsonl
 * Input lines: {"id", "text", "lang"?, "mention_text"?, "kind"?, "sentiment"?, "first_reply"?}.
 * Output lines: {"id", "lang", "findings": [{"rule", "severity", "start", "end", "explanation", "suggestion"}]},
 * where start/end are UTF-16 offsets in the text and a finding about the whole
 * reply spans [0, text length). Bad lines are reported on stderr with their
 * line numbers and skipped; the rest is processed; the exit code is then 1.
 */
import { createReadStream, createWriteStream, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { createInterface } from 'node:readline';
import { Worker } from 'node:worker_threads';
import { KINDS, SENTIMENTS } from '../../domain/labels.js';
// The languages' names only: the checker itself is loaded where replies are checked (a big file's main thread only reads and writes).
import { CHECK_LANGUAGES, isCheckLanguage } from '../../domain/replies/languages.js';
import type { InputLine } from './check-reply-core.js';

const CHUNK = 250;
/** Past this size an input file is checked by worker threads (starting one costs about as much as checking a thousand replies). */
const WORKER_THRESHOLD_BYTES = 1_000_000;

/**
 * Worker threads that check chunks of lines. A chunk goes to whichever worker is free (not in turn: chunks differ in
 * cost, an Arabic or a long one takes several times a short English one), and its answer comes back to its own promise.
 */
class Pool {
  private readonly idle: Worker[] = [];
  private readonly queue: Job[] = [];
  private readonly busy = new Map<Worker, Job>();
  private failed: Error | null = null;
  constructor(readonly size: number) {
    for (let i = 0; i < size; i++) {
      // Built (dist/, plain JavaScript): the compiled worker. Run from src/ through tsx: an entry that registers tsx first.
      const entry = import.meta.url.endsWith('.ts') ? './check-reply-worker.mjs' : './check-reply-worker.js';
      const w = new Worker(new URL(entry, import.meta.url));
      w.on('message', (out: string[]) => {
        const job = this.busy.get(w);
        this.busy.delete(w);
        this.idle.push(w);
        job?.resolve(out);
        this.next();
      });
      w.on('error', (e) => {
        this.failed = e;
        for (const job of [...this.busy.values(), ...this.queue]) job.reject(e);
        this.busy.clear();
        this.queue.length = 0;
      });
      this.idle.push(w);
    }
  }
  run(lines: InputLine[]): Promise<string[]> {
    return new Promise((resolve, reject) => {
      if (this.failed) return reject(this.failed);
      this.queue.push({ lines, resolve, reject });
      this.next();
    });
  }
  private next(): void {
    while (this.idle.length && this.queue.length) {
      const w = this.idle.pop()!;
      const job = this.queue.shift()!;
      this.busy.set(w, job);
      w.postMessage(job.lines);
    }
  }
  async close(): Promise<void> {
    await Promise.all([...this.idle, ...this.busy.keys()].map((w) => w.terminate()));
  }
}

interface Job {
  lines: InputLine[];
  resolve: (out: string[]) => void;
  reject: (e: Error) => void;
}

export interface CheckReplyOptions {
  lang?: string;
  kind?: string;
  sentiment?: string;
  notFirst?: boolean;
  mention?: string;
  mentionFile?: string;
  json?: boolean;
  input?: string;
  output?: string;
}

export interface CheckReplyIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

class UsageError extends Error {}

function validate(o: { lang?: unknown; kind?: unknown; sentiment?: unknown }, name = (field: string) => `--${field}`): void {
  if (o.lang !== undefined && o.lang !== null && !isCheckLanguage(o.lang as string))
    throw new UsageError(`${name('lang')} must be one of ${CHECK_LANGUAGES.join(', ')}`);
  if (o.kind !== undefined && o.kind !== null && !(KINDS as readonly string[]).includes(o.kind as string))
    throw new UsageError(`${name('kind')} must be one of ${KINDS.join(', ')}`);
  if (o.sentiment !== undefined && o.sentiment !== null && !(SENTIMENTS as readonly string[]).includes(o.sentiment as string)) {
    throw new UsageError(`${name('sentiment')} must be one of ${SENTIMENTS.join(', ')}`);
  }
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** Runs the command; returns the exit code (0 clean, 1 problems found or bad input lines, 2 usage error). */
export async function runCheckReply(
  o: CheckReplyOptions,
  io: CheckReplyIo = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  try {
    validate(o);
    if (o.mention !== undefined && o.mentionFile !== undefined) throw new UsageError('give --mention or --mention-file, not both');
    if (o.output && !o.input) throw new UsageError('--output goes with --input');
    return o.input ? await batch(o, io) : await single(o, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`defuse: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

async function single(o: CheckReplyOptions, io: CheckReplyIo): Promise<number> {
  const text = (await readAll(io.stdin)).trim();
  if (!text) throw new UsageError('no reply on stdin');
  let mentionText: string | undefined = o.mention;
  if (o.mentionFile !== undefined) {
    try {
      mentionText = readFileSync(o.mentionFile, 'utf8');
    } catch (err) {
      throw new UsageError(`cannot read --mention-file: ${(err as Error).message}`);
    }
  }
  const { checkReplyFull, mentionClassifier } = await import('./check-reply-core.js');
  const mentions = mentionClassifier();
  if (mentionText?.trim() && !o.kind) await mentions.load();
  const r = checkReplyFull(text, {
    lang: isCheckLanguage(o.lang) ? o.lang : null,
    kind: o.kind ?? null,
    sentiment: o.sentiment ?? null,
    firstReply: !o.notFirst,
    mentionText: mentionText ?? null,
    classifyMention: (text: string) => mentions.classify(text),
  });
  const { findings } = r;
  if (o.json) io.stdout.write(`${JSON.stringify({ lang: r.lang, languages: r.languages, context: r.context, findings }, null, 2)}\n`);
  else {
    if (r.languages.length > 1 || !o.lang || o.lang !== r.lang) io.stdout.write(`checked in: ${r.languages.join(', ')}\n`);
    if (!findings.length) io.stdout.write('no problems found\n');
    for (const f of findings) {
      const where = f.span ? ` at ${f.span[0]}-${f.span[1]} "${f.quote}"` : '';
      io.stdout.write(`${f.severity} ${f.rule}${where}\n  why: ${f.explanation}\n  better: ${f.suggestion}\n`);
    }
  }
  return findings.some((f) => f.severity === 'error') ? 1 : 0;
}

function parseLine(raw: string): InputLine {
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch (err) {
    throw new UsageError(`not JSON (${(err as Error).message})`);
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new UsageError('not a JSON object');
  const x = v as Record<string, unknown>;
  if (typeof x.id !== 'string' && typeof x.id !== 'number') throw new UsageError('"id" must be a string or a number');
  if (typeof x.text !== 'string' || !x.text.trim()) throw new UsageError('"text" must be a non-empty string');
  if (x.mention_text !== undefined && x.mention_text !== null && typeof x.mention_text !== 'string')
    throw new UsageError('"mention_text" must be a string');
  if (x.first_reply !== undefined && x.first_reply !== null && typeof x.first_reply !== 'boolean')
    throw new UsageError('"first_reply" must be true or false');
  validate({ lang: x.lang, kind: x.kind, sentiment: x.sentiment }, (field) => `"${field}"`);
  return x as unknown as InputLine;
}

async function batch(o: CheckReplyOptions, io: CheckReplyIo): Promise<number> {
  let input: NodeJS.ReadableStream;
  if (o.input === '-') input = io.stdin;
  else {
    input = createReadStream(o.input!, 'utf8');
    await new Promise<void>((resolve, reject) => {
      (input as ReturnType<typeof createReadStream>)
        .once('open', () => resolve())
        .once('error', (e) => reject(new UsageError(`cannot read --input: ${e.message}`)));
    });
  }
  const file = o.output && o.output !== '-' ? createWriteStream(o.output, 'utf8') : null;
  if (file)
    await new Promise<void>((resolve, reject) =>
      file.once('open', () => resolve()).once('error', (e) => reject(new UsageError(`cannot write --output: ${e.message}`))),
    );
  const out: NodeJS.WritableStream = file ?? io.stdout;
  // A big file is checked by worker threads, one per core; a small input (or stdin) right here.
  const big = o.input !== '-' && statSync(o.input!).size > WORKER_THRESHOLD_BYTES;
  const pool = big ? new Pool(Math.max(1, Math.min(availableParallelism(), 4))) : null;
  const here = pool ? null : await import('./check-reply-core.js');
  const mentions = here?.mentionClassifier();
  const pending: Promise<string[]>[] = [];
  let chunk: InputLine[] = [];
  let buffer: string[] = [];
  const flush = async () => {
    if (!buffer.length) return;
    const text = buffer.join('');
    buffer = [];
    if (!out.write(text)) await new Promise<void>((r) => out.once('drain', () => r()));
  };
  const send = async () => {
    if (!chunk.length) return;
    const lines = chunk;
    chunk = [];
    if (pool) {
      const answer = pool.run(lines);
      answer.catch(() => {}); // awaited in order below; a failed worker fails the command there
      pending.push(answer);
      // Keep a few chunks in flight per worker, and write the oldest as it comes back (in input order).
      while (pending.length > pool.size * 3) {
        buffer.push(...(await pending.shift()!));
        await flush();
      }
    } else {
      if (lines.some((l) => l.mention_text?.trim() && !l.kind)) await mentions!.load();
      for (const l of lines) buffer.push(here!.checkLine(l, (text) => mentions!.classify(text)));
      await flush();
    }
  };
  let n = 0;
  let bad = 0;
  let done = 0;
  try {
    for await (const raw of createInterface({ input, crlfDelay: Infinity })) {
      n++;
      if (!raw.trim()) continue;
      try {
        chunk.push(parseLine(raw));
      } catch (err) {
        bad++;
        io.stderr.write(`defuse: line ${n}: ${(err as Error).message}\n`);
        continue;
      }
      done++;
      if (chunk.length >= CHUNK) await send();
    }
    await send();
    for (const p of pending) buffer.push(...(await p));
  } finally {
    await pool?.close();
  }
  await flush();
  if (file) await new Promise<void>((resolve, reject) => file.end((e?: Error | null) => (e ? reject(e) : resolve())));
  io.stderr.write(`defuse: checked ${done} replies${bad ? `, ${bad} bad line${bad > 1 ? 's' : ''} skipped` : ''}\n`);
  return bad ? 1 : 0;
}

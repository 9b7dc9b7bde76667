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
import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Classifier } from '../../domain/classification/classifier.js';
import { KINDS, SENTIMENTS } from '../../domain/labels.js';
import { CHECK_LANGUAGES, type CheckOptions, checkReplyFull, type Finding, isCheckLanguage } from '../../domain/replies/reply-checker.js';

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

/** The mention's kind and sentiment by the desk's classifier, loaded only when a mention without a kind comes up. */
function mentionClassifier() {
  let classifier: Classifier | null = null;
  let loading: Promise<void> | null = null;
  const cache = new Map<string, { kind: string; sentiment: string }>();
  return {
    async load(): Promise<void> {
      loading ??= import('../../adapters/classifier-models.js').then((m) => {
        classifier = m.loadDefaultClassifier();
      });
      await loading;
    },
    classify(text: string): { kind: string; sentiment: string } {
      const hit = cache.get(text);
      if (hit) return hit;
      if (!classifier) throw new Error('the classifier is not loaded');
      const c = classifier.classify({ text });
      const out = { kind: c.kind, sentiment: c.sentiment };
      if (cache.size > 10_000) cache.clear();
      cache.set(text, out);
      return out;
    },
  };
}

function validate(o: { lang?: unknown; kind?: unknown; sentiment?: unknown }, name = (field: string) => `--${field}`): void {
  if (o.lang !== undefined && o.lang !== null && !isCheckLanguage(o.lang as string)) throw new UsageError(`${name('lang')} must be one of ${CHECK_LANGUAGES.join(', ')}`);
  if (o.kind !== undefined && o.kind !== null && !(KINDS as readonly string[]).includes(o.kind as string)) throw new UsageError(`${name('kind')} must be one of ${KINDS.join(', ')}`);
  if (o.sentiment !== undefined && o.sentiment !== null && !(SENTIMENTS as readonly string[]).includes(o.sentiment as string)) {
    throw new UsageError(`${name('sentiment')} must be one of ${SENTIMENTS.join(', ')}`);
  }
}

const toLine = (f: Finding, length: number) => ({
  rule: f.rule,
  severity: f.severity,
  start: f.span ? f.span[0] : 0,
  end: f.span ? f.span[1] : length,
  explanation: f.explanation,
  suggestion: f.suggestion,
});

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** Runs the command; returns the exit code (0 clean, 1 problems found or bad input lines, 2 usage error). */
export async function runCheckReply(o: CheckReplyOptions, io: CheckReplyIo = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }): Promise<number> {
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
  const mentions = mentionClassifier();
  if (mentionText?.trim() && !o.kind) await mentions.load();
  const r = checkReplyFull(text, {
    lang: isCheckLanguage(o.lang) ? o.lang : null,
    kind: o.kind ?? null,
    sentiment: o.sentiment ?? null,
    firstReply: !o.notFirst,
    mentionText: mentionText ?? null,
    classifyMention: mentions.classify,
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

interface InputLine {
  id: string | number;
  text: string;
  lang?: string | null;
  mention_text?: string | null;
  kind?: string | null;
  sentiment?: string | null;
  first_reply?: boolean | null;
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
  if (x.mention_text !== undefined && x.mention_text !== null && typeof x.mention_text !== 'string') throw new UsageError('"mention_text" must be a string');
  if (x.first_reply !== undefined && x.first_reply !== null && typeof x.first_reply !== 'boolean') throw new UsageError('"first_reply" must be true or false');
  validate({ lang: x.lang, kind: x.kind, sentiment: x.sentiment }, (field) => `"${field}"`);
  return x as unknown as InputLine;
}

async function batch(o: CheckReplyOptions, io: CheckReplyIo): Promise<number> {
  let input: NodeJS.ReadableStream;
  if (o.input === '-') input = io.stdin;
  else {
    input = createReadStream(o.input!, 'utf8');
    await new Promise<void>((resolve, reject) => {
      (input as ReturnType<typeof createReadStream>).once('open', () => resolve()).once('error', (e) => reject(new UsageError(`cannot read --input: ${e.message}`)));
    });
  }
  const file = o.output && o.output !== '-' ? createWriteStream(o.output, 'utf8') : null;
  if (file) await new Promise<void>((resolve, reject) => file.once('open', () => resolve()).once('error', (e) => reject(new UsageError(`cannot write --output: ${e.message}`))));
  const out: NodeJS.WritableStream = file ?? io.stdout;
  const mentions = mentionClassifier();
  let buffer: string[] = [];
  const flush = async () => {
    if (!buffer.length) return;
    const chunk = buffer.join('');
    buffer = [];
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
  };
  let n = 0;
  let bad = 0;
  let done = 0;
  for await (const raw of createInterface({ input, crlfDelay: Infinity })) {
    n++;
    if (!raw.trim()) continue;
    let line: InputLine;
    try {
      line = parseLine(raw);
    } catch (err) {
      bad++;
      io.stderr.write(`defuse: line ${n}: ${(err as Error).message}\n`);
      continue;
    }
    const opts: CheckOptions = {
      lang: isCheckLanguage(line.lang ?? undefined) ? (line.lang as CheckOptions['lang']) : null,
      kind: line.kind ?? null,
      sentiment: line.sentiment ?? null,
      firstReply: line.first_reply !== false,
      mentionText: line.mention_text ?? null,
      classifyMention: mentions.classify,
    };
    if (opts.mentionText?.trim() && !opts.kind) await mentions.load();
    const r = checkReplyFull(line.text, opts);
    buffer.push(`${JSON.stringify({ id: line.id, lang: r.lang, findings: r.findings.map((f) => toLine(f, line.text.length)) })}\n`);
    done++;
    if (buffer.length >= 500) await flush();
  }
  await flush();
  if (file) await new Promise<void>((resolve, reject) => file.end((e?: Error | null) => (e ? reject(e) : resolve())));
  io.stderr.write(`defuse: checked ${done} replies${bad ? `, ${bad} bad line${bad > 1 ? 's' : ''} skipped` : ''}\n`);
  return bad ? 1 : 0;
}

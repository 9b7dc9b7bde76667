/** `defuse check-reply`: the reply checker over a reply read from stdin; exit code 1 when it finds an error. */
import { KINDS } from '../../domain/labels.js';
import { CHECK_LANGUAGES, checkReply, isCheckLanguage } from '../../domain/replies/reply-checker.js';
import { ExitError } from '../exit-error.js';

export interface CheckReplyOptions {
  lang: string;
  kind?: string;
  sentiment?: string;
  notFirst?: boolean;
  json?: boolean;
}

export async function checkReplyCommand(o: CheckReplyOptions): Promise<void> {
  if (!isCheckLanguage(o.lang)) throw new ExitError(2, `--lang must be one of ${CHECK_LANGUAGES.join(', ')}`);
  if (o.kind && !(KINDS as readonly string[]).includes(o.kind)) throw new ExitError(2, `--kind must be one of ${KINDS.join(', ')}`);
  const text = (await readAll(process.stdin)).trim();
  if (!text) throw new ExitError(2, 'no reply on stdin');
  const findings = checkReply(text, o.lang, { kind: o.kind ?? null, sentiment: o.sentiment ?? null, firstReply: !o.notFirst });
  if (o.json) process.stdout.write(`${JSON.stringify({ lang: o.lang, findings }, null, 2)}\n`);
  else if (!findings.length) process.stdout.write('no problems found\n');
  else {
    for (const f of findings) {
      const where = f.span ? ` at ${f.span[0]}-${f.span[1]} "${f.quote}"` : '';
      process.stdout.write(`${f.severity} ${f.rule}${where}\n  why: ${f.explanation}\n  better: ${f.suggestion}\n`);
    }
  }
  if (findings.some((f) => f.severity === 'error')) process.exitCode = 1;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Streams the rows of a CSV (with a header line) or JSONL file, each with the
 * line it starts on, without loading the whole file. A malformed CSV record (a
 * quote inside an unquoted field, text after a closing quote, a quote never
 * closed) comes out as an error with its line, and reading goes on.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

export type FileFormat = 'csv' | 'jsonl';

export type FileRow = { line: number; row: Record<string, unknown> } | { line: number; error: string };

export function formatOf(path: string, explicit?: string): FileFormat {
  const f = (explicit ?? path.split('.').pop() ?? '').toLowerCase();
  if (f === 'csv') return 'csv';
  if (f === 'jsonl' || f === 'ndjson' || f === 'json') return 'jsonl';
  throw new Error(`cannot tell the format of ${path}: use --format csv or --format jsonl`);
}

export async function* readRows(path: string, format: FileFormat, onBytes?: (bytes: number) => void): AsyncGenerator<FileRow> {
  const stream = createReadStream(path);
  if (onBytes) stream.on('data', () => onBytes(stream.bytesRead));
  if (format === 'jsonl') {
    let line = 0;
    for await (const text of createInterface({ input: stream, crlfDelay: Infinity })) {
      line++;
      if (!text.trim()) continue;
      try {
        const value: unknown = JSON.parse(text);
        if (value === null || typeof value !== 'object' || Array.isArray(value)) yield { line, error: 'not a JSON object' };
        else yield { line, row: value as Record<string, unknown> };
      } catch {
        yield { line, error: 'not valid JSON' };
      }
    }
    return;
  }
  yield* csvRows(createInterface({ input: stream, crlfDelay: Infinity }));
}

/**
 * CSV (RFC 4180: `,` between fields, `"` around a field, `""` for a quote in
 * one, a quoted field may span lines) read a line at a time. A record that
 * breaks the quoting rules is an error on the line it starts, and reading
 * starts again on the next line, so one stray quote costs one record (csv-parse,
 * used before, either threw or, told to skip bad records, lost its place and
 * swallowed the good ones after it). A quote never closed can only be reported:
 * the lines from it to the end of the file are not imported.
 */
export async function* csvRows(lines: AsyncIterable<string> | Iterable<string>): AsyncGenerator<FileRow> {
  let header: string[] | undefined;
  let fields: string[] = [];
  let field = '';
  let quoted = false; // inside a quoted field
  let closed = false; // just after the closing quote of a field
  let start = 0;
  let line = 0;
  const reset = () => {
    fields = [];
    field = '';
    quoted = closed = false;
  };
  for await (let text of lines) {
    line++;
    if (line === 1 && text.startsWith('\uFEFF')) text = text.slice(1);
    const continuing = quoted;
    if (!continuing) {
      if (text === '') continue;
      start = line;
    }
    let bad: string | undefined;
    for (let i = 0; i < text.length && !bad; i++) {
      const c = text[i]!;
      if (quoted) {
        if (c !== '"') field += c;
        else if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
          closed = true;
        }
      } else if (c === ',') {
        fields.push(field);
        field = '';
        closed = false;
      } else if (closed) bad = 'text after a closing quote (a quote inside a quoted field must be doubled: "")';
      else if (c === '"' && field === '') quoted = true;
      else if (c === '"') bad = 'a quote inside a field that does not start with one (quote the whole field and double the quote: "5"" screen")';
      else field += c;
    }
    if (bad) {
      yield { line: start, error: bad };
      reset();
      continue;
    }
    if (quoted) {
      field += '\n';
      continue;
    }
    fields.push(field);
    const record = fields;
    reset();
    if (!header) {
      header = record;
      continue;
    }
    const row: Record<string, string> = {};
    header.forEach((name, i) => {
      if (i < record.length) row[name] = record[i]!;
    });
    yield { line: start, row };
  }
  if (quoted) {
    yield {
      line: start,
      error: line > start ? `a quote opened here is never closed: lines ${start}-${line} were not imported` : 'a quote opened here is never closed',
    };
  }
}

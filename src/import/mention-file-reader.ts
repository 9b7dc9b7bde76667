/**
 * Streams the rows of a CSV (with a header line) or JSONL file, each with the
 * line it starts on, without loading the whole file.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';

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
  const parser = stream.pipe(parse({ columns: true, bom: true, skip_empty_lines: true, relax_column_count: true, info: true }));
  for await (const record of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
    yield { line: record.info.lines, row: record.record };
  }
}

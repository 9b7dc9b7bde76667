/**
 * Imports mentions from a CSV or JSONL file through the same ingestion as the
 * API. A bad row is reported with its line number and the rest goes in; with
 * `strict`, the whole file is checked first and nothing goes in if any row is bad.
 */
import { statSync } from 'node:fs';
import { type ColumnMapping, mapRow } from '../import/column-mapping.js';
import { type FileFormat, readRows } from '../import/mention-file-reader.js';
import { type MentionInput, MentionInputSchema } from '../domain/mentions/mention-input.js';
import type { Actor } from './access.js';
import type { IngestService } from './ingest.service.js';

export interface ImportOptions {
  path: string;
  format: FileFormat;
  brandId: string;
  mapping: ColumnMapping;
  defaultChannel?: string;
  strict: boolean;
  /** File every imported mention as history: counted in reports, its case without deadline (domain/cases/history.ts). */
  history?: boolean;
  batchSize: number;
  /** Called with (bytes read, total bytes) as the file is read. */
  onProgress?: (done: number, total: number) => void;
}

export interface RejectedRow {
  line: number;
  message: string;
}

export interface ImportResult {
  rows: number;
  created: number;
  duplicates: number;
  rejected: RejectedRow[];
  /** True when strict mode found bad rows and stored nothing. */
  aborted: boolean;
}

export class ImportService {
  constructor(private readonly ingest: IngestService) {}

  async importFile(actor: Actor, o: ImportOptions): Promise<ImportResult> {
    const total = statSync(o.path).size;
    const result: ImportResult = { rows: 0, created: 0, duplicates: 0, rejected: [], aborted: false };

    if (o.strict) {
      for await (const parsed of this.validRows(o, result.rejected)) void parsed;
      if (result.rejected.length) return { ...result, aborted: true };
      result.rejected = [];
    }

    let batch: MentionInput[] = [];
    const flush = async () => {
      if (!batch.length) return;
      const r = await this.ingest.ingest(actor, o.brandId, batch, { history: o.history === true });
      result.created += r.created;
      result.duplicates += r.duplicates;
      batch = [];
    };
    for await (const mention of this.validRows(o, result.rejected, (bytes) => o.onProgress?.(bytes, total))) {
      result.rows++;
      batch.push(mention);
      if (batch.length >= o.batchSize) await flush();
    }
    await flush();
    result.rows += result.rejected.length;
    o.onProgress?.(total, total);
    return result;
  }

  private async *validRows(o: ImportOptions, rejected: RejectedRow[], onBytes?: (n: number) => void): AsyncGenerator<MentionInput> {
    for await (const item of readRows(o.path, o.format, onBytes)) {
      if ('error' in item) {
        rejected.push({ line: item.line, message: item.error });
        continue;
      }
      const parsed = MentionInputSchema.safeParse(mapRow(item.row, o.mapping, { channel: o.defaultChannel }));
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        rejected.push({ line: item.line, message: `${issue.path.join('.') || 'row'}: ${issue.message}` });
        continue;
      }
      yield parsed.data;
    }
  }
}

/** `defuse import FILE --brand B`: mentions from CSV or JSONL; bad rows reported by line, the rest imported (or nothing with --strict). */
import cliProgress from 'cli-progress';
import { parseMapping } from '../../import/column-mapping.js';
import { formatOf } from '../../import/mention-file-reader.js';
import { ExitError } from '../exit-error.js';
import { OPERATOR, brandIdOf, withContainer } from './shared.js';

export interface ImportOptions {
  brand: string;
  format?: string;
  map: string[];
  channel?: string;
  strict: boolean;
  /** File every row as history (no deadlines). */
  history: boolean;
  batch: number;
  progress: boolean;
}

export async function importMentions(file: string, o: ImportOptions): Promise<void> {
  let mapping;
  let format;
  try {
    mapping = parseMapping(o.map);
    format = formatOf(file, o.format);
  } catch (e) {
    throw new ExitError(2, (e as Error).message);
  }
  if (!Number.isInteger(o.batch) || o.batch < 1 || o.batch > 1000) throw new ExitError(2, '--batch must be 1 to 1000');
  await withContainer(async (c) => {
    const brandId = await brandIdOf(c, o.brand);
    const bar =
      o.progress && process.stderr.isTTY
        ? new cliProgress.SingleBar(
            { stream: process.stderr, format: 'importing [{bar}] {percentage}% | {value}/{total} bytes' },
            cliProgress.Presets.shades_classic,
          )
        : undefined;
    let started = false;
    const r = await c.importer.importFile(OPERATOR, {
      path: file,
      format,
      brandId,
      mapping,
      defaultChannel: o.channel,
      strict: o.strict,
      history: o.history,
      batchSize: o.batch,
      onProgress: (done, total) => {
        if (!bar) return;
        if (!started) bar.start(total, 0);
        started = true;
        bar.update(done);
      },
    });
    bar?.stop();
    for (const bad of r.rejected) console.error(`line ${bad.line}: ${bad.message}`);
    if (r.aborted) throw new ExitError(1, `--strict: ${r.rejected.length} bad row(s), nothing imported`);
    console.log(`${r.rows} rows: ${r.created} new, ${r.duplicates} already stored, ${r.rejected.length} rejected`);
    if (r.rejected.length) process.exitCode = 1;
  });
}

/**
 * eld's own data, read from the installed package's files (its package exports only the ready detectors): the
 * `small` n-gram table, the byte dictionary and the separators. For scripts/training/language-table.ts, which packs
 * them, and ngram-language.test.ts, which checks the packed copy against them.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { EldNgramsData } from '../../src/domain/classification/ngram-language.js';

export async function eldInternals(): Promise<{ version: string; ngramsData: EldNgramsData; dictionary: string[]; separators: RegExp }> {
  // .../eld/src/entries/static.small.js → .../eld
  const root = join(dirname(fileURLToPath(import.meta.resolve('eld/small'))), '../..');
  const load = (path: string) => import(pathToFileURL(join(root, path)).href) as Promise<Record<string, unknown>>;
  const [{ ngramsData }, { dictionary }, { separators }] = await Promise.all([load('src/ngrams/small.js'), load('src/dictionary.js'), load('src/regexPatterns.js')]);
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  return { version, ngramsData: ngramsData as EldNgramsData, dictionary: dictionary as string[], separators: separators as RegExp };
}

/**
 * Writes src/domain/classification/ngram-language.json, the packed copy of eld's `small` n-gram table that
 * ngram-language.ts detects languages with (eld's answers, without importing its 1.6 MB object literal at every
 * start). Run after upgrading eld: `npx tsx scripts/training/language-table.ts`; ngram-language.test.ts fails until
 * the table matches the installed eld.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packNgrams } from '../../src/domain/classification/ngram-language.js';
import { eldInternals } from './eld-internals.js';

export const LANGUAGE_TABLE_PATH = join(import.meta.dirname, '../../src/domain/classification/ngram-language.json');

const eld = await eldInternals();
writeFileSync(LANGUAGE_TABLE_PATH, `${JSON.stringify(packNgrams(eld.ngramsData, eld.dictionary, eld.separators, eld.version), null, 1)}\n`);
console.log(`wrote ${LANGUAGE_TABLE_PATH}: ${Object.keys(eld.ngramsData.ngrams).length} n-grams from eld ${eld.version}`);

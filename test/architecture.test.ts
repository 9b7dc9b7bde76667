/**
 * The house rules that a reader of one file cannot see: who may write a case,
 * and which layers may know the storage rows. Each rule greps src/.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..', 'src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}

const files = sources(SRC).map((path) => ({ path: relative(SRC, path).replaceAll('\\', '/'), text: readFileSync(path, 'utf8') }));

/** Lines of `text` matching `re`, as "file:line: text". */
function hits(file: { path: string; text: string }, re: RegExp): string[] {
  return file.text.split('\n').flatMap((line, i) => (re.test(line) ? [`${file.path}:${i + 1}: ${line.trim()}`] : []));
}

/** The case repository's write methods. */
const CASE_WRITE = /\bcases\s*\.\s*(create|update|addEvent|addNote)\s*\(/;
const CASE_WRITER = 'services/cases/case-writer.ts';

describe('architecture', () => {
  it('sees the source tree', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(files.some((f) => f.path === CASE_WRITER)).toBe(true);
  });

  it('lets only the case writer write cases and their events', () => {
    const offenders = files.filter((f) => f.path !== CASE_WRITER && f.path !== 'repositories/case.repository.ts').flatMap((f) => hits(f, CASE_WRITE));
    expect(offenders).toEqual([]);
    // The rule would catch a write: the writer itself is caught by it.
    expect(
      hits(
        files.find((f) => f.path === CASE_WRITER)!,
        CASE_WRITE,
      ).length,
    ).toBeGreaterThan(0);
  });

  it('keeps the storage rows (db/schema) out of services, the HTTP edge and the CLI', () => {
    const IMPORTS_SCHEMA = /from\s+['"][./]*(\.\.\/)*db\/schema(\.js)?['"]/;
    const offenders = files.filter((f) => /^(services|http|cli)\//.test(f.path)).flatMap((f) => hits(f, IMPORTS_SCHEMA));
    expect(offenders).toEqual([]);
    // The rule would catch an import: the repositories are caught by it.
    expect(
      hits(
        files.find((f) => f.path === 'repositories/case.repository.ts')!,
        IMPORTS_SCHEMA,
      ).length,
    ).toBeGreaterThan(0);
  });
});

/**
 * The house rules that a reader of one file cannot see: who may write a case,
 * which layers may know the storage rows, and where stored columns are
 * decoded (JSON text, 0/1 booleans: in the repositories only). Each rule greps src/.
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

/** The case repository's write methods, and the tag repository's (a case's tags change with their event). */
const CASE_WRITE = /\bcases\s*\.\s*(create|update|addEvent|addNote)\s*\(|\brepos\.tags\s*\.\s*(add|remove)\s*\(|\br\.tags\s*\.\s*(add|remove)\s*\(/;
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
    // Tags too: putting one on or taking it off is a change to the case, recorded with its event.
    expect(CASE_WRITE.test('await this.store.repos.tags.add([tag]);')).toBe(true);
    expect(CASE_WRITE.test('await r.tags.remove(c.id, ["vip"]);')).toBe(true);
    expect(CASE_WRITE.test('const tags = await r.tags.ofCase(id);')).toBe(false);
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
  it('decodes stored columns only in the repositories: no JSON or 0/1 conversions in services and the HTTP edge', () => {
    /** JSON decoding or encoding, the repositories' JSON helpers, and booleans turned into 0/1 or read back from them. */
    const STORAGE_CONVERSION = [
      /\bJSON\.(parse|stringify)\s*\(/,
      /\b(parseJson|encodeJson)\b/,
      /from\s+['"][./]*repositories\/json(\.js)?['"]/,
      /\?\s*1\s*:\s*0\b/,
      /[!=]==?\s*1\b(?!\s*[.\d])/,
    ];
    /** Uses that are not storage, each with why it may stay: [file, a text on the line, reason]. */
    const ALLOWED: Array<[string, string, string]> = [
      ['http/routes/events/events.ts', 'JSON.stringify({ ids:', 'encodes a server-sent event for the desk, not a stored column'],
      [
        'services/reports/report-export.ts',
        'JSON.stringify(report, null, 2)',
        "the report's JSON export (a file for the reader), not a stored column",
      ],
      [
        'services/cases/evidence.service.ts',
        'JSON.stringify(v) ??',
        "shows a non-text value of an event's data (already decoded by the repository) in the evidence PDF's timeline",
      ],
      [
        'services/reports/report.service.ts',
        'JSON.stringify(data.reason)',
        "shows a non-text reason (event data already decoded by the repository) as text in the report's table",
      ],
    ];
    const isAllowed = (path: string, line: string) => ALLOWED.some(([f, text]) => f === path && line.includes(text));
    const scoped = files.filter((f) => /^(services|http)\//.test(f.path));
    const offenders = scoped.flatMap((f) =>
      f.text
        .split('\n')
        .flatMap((line, i) =>
          STORAGE_CONVERSION.some((re) => re.test(line)) && !isAllowed(f.path, line) ? [`${f.path}:${i + 1}: ${line.trim()}`] : [],
        ),
    );
    expect(offenders).toEqual([]);
    // Every allowance still names a line that exists (a stale one is removed, not kept as a blank cheque).
    for (const [path, text, reason] of ALLOWED) {
      expect(reason.length, path).toBeGreaterThan(10);
      expect(scoped.find((f) => f.path === path)?.text.includes(text), `${path}: ${text}`).toBe(true);
    }
    // The rule would catch a conversion: the repositories, where they belong, are caught by it.
    const caught = (path: string) =>
      files
        .find((f) => f.path === path)!
        .text.split('\n')
        .filter((l) => STORAGE_CONVERSION.some((re) => re.test(l))).length;
    expect(caught('repositories/mention.repository.ts')).toBeGreaterThan(0);
    expect(caught('repositories/user.repository.ts')).toBeGreaterThan(0);
    expect(STORAGE_CONVERSION.some((re) => re.test('is_admin: input.isAdmin ? 1 : 0,'))).toBe(true);
    expect(STORAGE_CONVERSION.some((re) => re.test('available: r.available === 1,'))).toBe(true);
    expect(STORAGE_CONVERSION.some((re) => re.test("import { parseJson } from '../../repositories/json.js';"))).toBe(true);
    expect(STORAGE_CONVERSION.some((re) => re.test('v.length === 10 ? a : b'))).toBe(false);
  });
});

/**
 * Rows to objects and back. Columns are snake_case; the objects repositories
 * hand services are camelCase, with JSON decoded and 0/1 read as booleans by
 * each repository's own mapper (these helpers only rename keys).
 */

type CamelName<S extends string> = S extends `${infer H}_${infer T}` ? `${H}${Capitalize<CamelName<T>>}` : S;
type SnakeName<S extends string> = S extends `${infer H}${infer T}` ? `${H extends Lowercase<H> ? H : `_${Lowercase<H>}`}${SnakeName<T>}` : S;

/** A row type with its keys in camelCase. */
export type Camel<T> = { [K in keyof T as CamelName<K & string>]: T[K] };
/** An object type with its keys in snake_case. */
export type Snake<T> = { [K in keyof T as SnakeName<K & string>]: T[K] };

/** Renamed keys, remembered: the same few hundred column names come back in every row (a page renamed them 2,000 times). */
function remembered(rename: (k: string) => string): (k: string) => string {
  const known = new Map<string, string>();
  return (k) => {
    let out = known.get(k);
    if (out === undefined) {
      out = rename(k);
      if (known.size < 10_000) known.set(k, out);
    }
    return out;
  };
}
const toCamelKey = remembered((k) => k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()));
const toSnakeKey = remembered((k) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`));

/** The row's keys in camelCase (values untouched). */
export function camelKeys<T extends object>(row: T): Camel<T> {
  const out: Record<string, unknown> = {};
  for (const k in row) if (Object.hasOwn(row, k)) out[toCamelKey(k)] = row[k];
  return out as Camel<T>;
}

/** The object's keys in snake_case, leaving out undefined values (values untouched). */
export function snakeKeys<T extends object>(o: T): Snake<T> {
  const out: Record<string, unknown> = {};
  for (const k in o) if (Object.hasOwn(o, k) && o[k] !== undefined) out[toSnakeKey(k)] = o[k];
  return out as Snake<T>;
}

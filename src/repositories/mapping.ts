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

const toCamelKey = (k: string) => k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const toSnakeKey = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The row's keys in camelCase (values untouched). */
export function camelKeys<T extends object>(row: T): Camel<T> {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [toCamelKey(k), v])) as Camel<T>;
}

/** The object's keys in snake_case, leaving out undefined values (values untouched). */
export function snakeKeys<T extends object>(o: T): Snake<T> {
  return Object.fromEntries(
    Object.entries(o)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [toSnakeKey(k), v]),
  ) as Snake<T>;
}

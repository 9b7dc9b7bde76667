/**
 * JSON columns are text on both dialects. Repositories decode them here and
 * hand services parsed values; text that does not parse is a fault in the
 * stored data, so it fails loudly (CorruptJsonError names the column) instead
 * of quietly reading as empty.
 */
export class CorruptJsonError extends Error {
  override name = 'CorruptJsonError';
  constructor(
    /** Which column held it: "cases.flags". */
    readonly column: string,
    cause: unknown,
  ) {
    super(`corrupt JSON in ${column}: ${(cause as Error).message}`, { cause });
  }
}

/** Decodes a JSON column; null or empty reads as `fallback`, anything unparseable throws CorruptJsonError. */
export function parseJson<T>(text: string | null | undefined, fallback: T, column = 'a JSON column'): T {
  if (text == null || text === '') return fallback;
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    throw new CorruptJsonError(column, err);
  }
}

/** Encodes a value for a JSON column. */
export const encodeJson = (value: unknown): string => JSON.stringify(value);

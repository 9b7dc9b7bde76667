/**
 * Opaque keyset cursors: the sort value and id of the last row served,
 * base64url-encoded. A tampered cursor is rejected, not trusted.
 */
import { validationError } from '../errors.js';

export interface Cursor {
  at: string;
  id: string;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.at, c.id]), 'utf8').toString('base64url');
}

export function decodeCursor(raw: string | undefined): Cursor | undefined {
  if (!raw) return undefined;
  try {
    const v: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string') return { at: v[0], id: v[1] };
  } catch {
    // fall through to the error below
  }
  throw validationError('cursor is not valid', 'cursor');
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

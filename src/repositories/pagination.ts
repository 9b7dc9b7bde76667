/**
 * Opaque keyset cursors: the sort value and id of the last row served,
 * base64url-encoded. A tampered cursor is rejected, not trusted.
 */
import { validationError } from '../errors.js';

export interface Cursor {
  at: string;
  id: string;
  /** The order the cursor was made for, when not the default (most recent first). */
  sort?: 'due';
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c.sort ? [c.at, c.id, c.sort] : [c.at, c.id]), 'utf8').toString('base64url');
}

export function decodeCursor(raw: string | undefined): Cursor | undefined {
  if (!raw) return undefined;
  try {
    const v: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (Array.isArray(v) && typeof v[0] === 'string' && typeof v[1] === 'string') {
      if (v.length === 2) return { at: v[0], id: v[1] };
      if (v.length === 3 && v[2] === 'due') return { at: v[0], id: v[1], sort: 'due' };
    }
  } catch {
    // fall through to the error below
  }
  throw validationError('cursor is not valid', 'cursor');
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

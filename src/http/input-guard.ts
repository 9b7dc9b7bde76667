/**
 * Refuses, before any route validates it, a request whose path, query or
 * JSON body holds a NUL character (U+0000) in a string or a key: PostgreSQL
 * text cannot store one (every route answered 500 there), and no field of
 * Defuse means it. The 400 names the field as the validator does (`text`,
 * `mentions.3.author.handle`, `brand`). The body is walked with an explicit
 * stack, never recursion, so no nesting can overflow the call stack.
 */
import type { FastifyInstance } from 'fastify';
import { validationError } from '../errors.js';

export const NUL_MESSAGE = 'must not contain a NUL character (U+0000)';

/** The path of the first string or key holding U+0000 (`''` for the value itself), or null. */
export function nulAt(value: unknown): string | null {
  const stack: { value: unknown; at: string }[] = [{ value, at: '' }];
  while (stack.length > 0) {
    const { value: v, at } = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return at;
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    const entries: [string, unknown][] = Array.isArray(v) ? v.map((c, i) => [String(i), c]) : Object.entries(v);
    // Pushed in reverse, so the first field in the request is the one named.
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i]!;
      const path = at ? `${at}.${key}` : key;
      if (key.includes('\u0000')) return path;
      stack.push({ value: child, at: path });
    }
  }
  return null;
}

export function installInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', (req, _reply, done) => {
    for (const [where, value] of [
      ['params', req.params],
      ['querystring', req.query],
      ['body', req.body],
    ] as const) {
      const at = nulAt(value);
      if (at !== null) {
        // A path through thousands of levels is cut short: the start says where it went.
        const field = (at.length > 200 ? `${at.slice(0, 200)}…` : at) || where;
        done(validationError(`${field}: ${NUL_MESSAGE}`, field));
        return;
      }
    }
    done();
  });
}

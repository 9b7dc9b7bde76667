/**
 * Refuses, before any route validates it, a request whose path, query or
 * JSON body holds a NUL character (U+0000) or a lone UTF-16 surrogate in a
 * string or a key: PostgreSQL text cannot store a NUL (every route answered
 * 500 there), a lone surrogate is stored altered (as U+FFFD) by both
 * databases, and no field of Defuse means either. The 400 names the field as the validator does (`text`,
 * `mentions.3.author.handle`, `brand`). The body is walked with an explicit
 * stack, never recursion, so no nesting can overflow the call stack.
 */
import type { FastifyInstance } from 'fastify';
import { isWellFormed, LONE_SURROGATE } from '../domain/mentions/mention-input.js';
import { validationError } from '../errors.js';

export const NUL_MESSAGE = 'must not contain a NUL character (U+0000)';

/** What is wrong with a string or key, if anything: a NUL, or a lone surrogate. */
const problemOf = (s: string): string | null => (s.includes('\u0000') ? NUL_MESSAGE : isWellFormed(s) ? null : LONE_SURROGATE);

/** The first string or key holding U+0000 or a lone surrogate: its path (`''` for the value itself) and the problem; or null. */
export function badTextAt(value: unknown): { at: string; problem: string } | null {
  const stack: { value: unknown; at: string }[] = [{ value, at: '' }];
  while (stack.length > 0) {
    const { value: v, at } = stack.pop()!;
    if (typeof v === 'string') {
      const problem = problemOf(v);
      if (problem) return { at, problem };
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    const entries: [string, unknown][] = Array.isArray(v) ? v.map((c, i) => [String(i), c]) : Object.entries(v);
    // Pushed in reverse, so the first field in the request is the one named.
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i]!;
      const path = at ? `${at}.${key}` : key;
      const problem = problemOf(key);
      if (problem) return { at: path, problem };
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
      const bad = badTextAt(value);
      if (bad) {
        // A path through thousands of levels is cut short: the start says where it went.
        const field = (bad.at.length > 200 ? `${bad.at.slice(0, 200)}…` : bad.at) || where;
        done(validationError(`${field}: ${bad.problem}`, field));
        return;
      }
    }
    done();
  });
}

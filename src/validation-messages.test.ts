import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { issueReport, usePlainValidationMessages } from './validation-messages.js';

usePlainValidationMessages();

/** The first issue's report, as a 400 would carry it. */
const report = (schema: z.ZodType, value: unknown, whole = 'body') => {
  const r = schema.safeParse(value);
  if (r.success) throw new Error('expected a failure');
  return issueReport(r.error.issues[0]!, whole).message;
};

describe('plain validation messages', () => {
  it('names what is missing, what type is wanted and what was sent', () => {
    expect(report(z.object({ name: z.string() }), {})).toBe('name: is required (text)');
    expect(report(z.object({ n: z.number().int() }), { n: 1.5 })).toBe('n: must be a whole number, not a decimal number');
    expect(report(z.object({ on: z.boolean() }), { on: 'yes' })).toBe('on: must be true or false, not text');
    expect(report(z.object({ tags: z.union([z.string(), z.array(z.string())]) }), { tags: 5 })).toBe('tags: must be text or a list, not a number');
    expect(report(z.object({ limit: z.coerce.number() }), { limit: 'abc' })).toBe('limit: must be a number');
  });

  it('lists the accepted choices and says the limits with the size sent', () => {
    expect(report(z.object({ sort: z.enum(['recent', 'due']) }), { sort: 'old' })).toBe('sort: must be one of recent, due ("old" is not)');
    expect(report(z.object({ s: z.string().max(5) }), { s: 'abcdefgh' })).toBe('s: must be at most 5 characters long (this one has 8)');
    expect(report(z.object({ s: z.string().min(1) }), { s: '' })).toBe('s: must not be empty');
    expect(report(z.object({ ids: z.array(z.string()).max(2) }), { ids: ['a', 'b', 'c'] })).toBe('ids: must have at most 2 items (this one has 3)');
    expect(report(z.object({ n: z.number().positive() }), { n: 0 })).toBe('n: must be more than 0 (got 0)');
    expect(report(z.object({ e: z.email() }), { e: 'x' })).toBe('e: must be an e-mail address (name@example.com)');
  });

  it('names an unknown field itself, keeps a schema-given message, and reports a whole-value issue on the whole', () => {
    expect(report(z.object({ a: z.string() }).strict(), { a: 'x', b: 1, c: 2 })).toBe('b: is not a field this request accepts (nor are c)');
    expect(report(z.object({ a: z.string().min(3, 'too short for a name') }), { a: 'x' })).toBe('a: too short for a name');
    expect(report(z.object({ a: z.string() }), [], 'query')).toBe('query: must be an object, not a list');
  });
});

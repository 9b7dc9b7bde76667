import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { issueReport, usePlainValidationMessages } from './validation-messages.js';
import { TagSchema } from './domain/cases/tags.js';

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

describe('problem codes', () => {
  const problem = (schema: z.ZodType, value: unknown) => {
    const r = schema.safeParse(value);
    if (r.success) throw new Error('expected a failure');
    return issueReport(r.error.issues[0]!, 'body').problem;
  };

  it('names what is wrong by a stable code with the numbers a translation needs', () => {
    expect(problem(z.object({ name: z.string() }), {})).toEqual({ problem: 'required' });
    expect(problem(z.object({ n: z.number() }), { n: 'x' })).toEqual({ problem: 'wrong_type', params: { expected: 'number' } });
    expect(problem(z.object({ s: z.enum(['a', 'b']) }), { s: 'c' })).toEqual({ problem: 'not_one_of', params: { values: 'a, b' } });
    expect(problem(z.object({ s: z.string().min(1) }), { s: '' })).toEqual({ problem: 'empty' });
    expect(problem(z.object({ s: z.string().min(12) }), { s: 'short' })).toEqual({ problem: 'too_short', params: { min: 12 } });
    expect(problem(z.object({ s: z.string().max(5) }), { s: 'toolong' })).toEqual({ problem: 'too_long', params: { max: 5 } });
    expect(problem(z.object({ l: z.array(z.string()).max(2) }), { l: ['a', 'b', 'c'] })).toEqual({ problem: 'too_many_items', params: { max: 2 } });
    expect(problem(z.object({ n: z.number().max(100) }), { n: 101 })).toEqual({ problem: 'too_big', params: { max: 100 } });
    expect(problem(z.object({ n: z.number().positive() }), { n: 0 })).toEqual({ problem: 'must_exceed', params: { min: 0 } });
    expect(problem(z.object({ e: z.email() }), { e: 'x' })).toEqual({ problem: 'bad_format', params: { format: 'email' } });
    expect(problem(z.object({ a: z.string() }).strict(), { a: 'x', b: 1 })).toEqual({ problem: 'unknown_field' });
  });

  it('leaves a pattern or an unnamed custom check without a code (the English message is shown), and keeps a named one', () => {
    expect(problem(z.object({ k: z.string().regex(/^a+$/, 'only a') }), { k: 'b' })).toBeUndefined();
    expect(problem(z.object({ k: z.string().refine((v) => v === 'a', 'only a') }), { k: 'b' })).toBeUndefined();
    expect(problem(z.object({ tag: TagSchema }), { tag: 'a,b' })).toEqual({ problem: 'tag_comma' });
    expect(problem(z.object({ tag: TagSchema }), { tag: 'x'.repeat(41) })).toEqual({ problem: 'too_long', params: { max: 40 } });
  });
});

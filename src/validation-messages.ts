/**
 * Plain-words messages for failed input checks. Zod's own wording ("Invalid
 * input: expected string, received number", "Invalid option: expected one of
 * …") reads like a stack trace to an API user; these say what is wrong and what
 * is accepted: "must be one of new, open, resolved", "is required (text)",
 * "must be at most 200 characters long (this one has 250)". A schema's own
 * message (`.refine(…, { message })`, `z.string({ error })`) still wins: this
 * map only replaces Zod's defaults. The field name is added by whoever reports
 * the issue (`status: must be one of …`).
 */
import { z } from 'zod';
import type * as core from 'zod/v4/core';

type RawIssue = core.$ZodRawIssue;

/** What a value of a Zod type is called in a message. */
const TYPE_NAMES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  bigint: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  tuple: 'a list',
  object: 'an object',
  record: 'an object',
  map: 'an object',
  set: 'a list',
  date: 'a date',
  null: 'null',
  undefined: 'nothing',
  literal: 'a fixed value',
  file: 'a file',
  nan: 'NaN',
  symbol: 'a symbol',
  function: 'a function',
};

const typeName = (expected: string) => TYPE_NAMES[expected] ?? expected;

/** What was sent instead, in the same words. */
export function receivedName(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'number') return Number.isInteger(input) ? 'a number' : 'a decimal number';
  if (typeof input === 'string') return 'text';
  if (typeof input === 'boolean') return input ? 'true' : 'false';
  if (typeof input === 'object') return 'an object';
  return typeof input;
}

const shown = (v: unknown) => (typeof v === 'string' ? v : String(v));
/** A number as a person writes it: 10,000. */
const num = (n: number | bigint) => n.toLocaleString('en-US');
const plural = (n: number | bigint, one: string, many = `${one}s`) => `${num(n)} ${Number(n) === 1 ? one : many}`;

const FORMATS: Record<string, string> = {
  email: 'an e-mail address (name@example.com)',
  url: 'a URL (https://…)',
  uuid: 'a UUID',
  guid: 'a UUID',
  datetime: 'an ISO-8601 date-time with an offset (2026-07-01T09:30:00Z)',
  date: 'a date (YYYY-MM-DD)',
  time: 'a time (HH:MM)',
  duration: 'an ISO-8601 duration (PT1H)',
  ipv4: 'an IPv4 address',
  ipv6: 'an IPv6 address',
  e164: 'a phone number in E.164 form (+37312345678)',
  base64: 'base64 text',
  hex: 'hexadecimal text',
};

function sizeMessage(issue: RawIssue & { code: 'too_big' | 'too_small' }): string {
  const big = issue.code === 'too_big';
  const limit = big ? (issue as { maximum: number | bigint }).maximum : (issue as { minimum: number | bigint }).minimum;
  const inclusive = issue.inclusive !== false;
  const input = issue.input;
  switch (issue.origin) {
    case 'string': {
      const length = typeof input === 'string' ? ` (this one has ${num(input.length)})` : '';
      if (!big && Number(limit) === 1) return 'must not be empty';
      if (issue.exact) return `must be exactly ${plural(limit, 'character')} long${length}`;
      return `must be ${big ? 'at most' : 'at least'} ${plural(limit, 'character')} long${length}`;
    }
    case 'array':
    case 'set': {
      const count = Array.isArray(input) ? ` (this one has ${num(input.length)})` : '';
      if (!big && Number(limit) === 1) return 'must not be empty (give at least one item)';
      if (issue.exact) return `must have exactly ${plural(limit, 'item')}${count}`;
      return `must have ${big ? 'at most' : 'at least'} ${plural(limit, 'item')}${count}`;
    }
    case 'date':
      return `must be ${big ? 'on or before' : 'on or after'} ${new Date(Number(limit)).toISOString()}`;
    default: {
      const got = typeof input === 'number' || typeof input === 'bigint' ? ` (got ${num(input)})` : '';
      if (inclusive) return `must be ${big ? 'at most' : 'at least'} ${num(limit)}${got}`;
      return `must be ${big ? 'less' : 'more'} than ${num(limit)}${got}`;
    }
  }
}

/** The plain message for one issue Zod found, without the field name. */
export function plainIssueMessage(issue: RawIssue): string {
  switch (issue.code) {
    case 'invalid_type': {
      const expected = typeName(issue.expected);
      if (issue.input === undefined) return `is required (${expected})`;
      // A query value coerced to a number arrives as NaN: what was sent was not a number at all.
      if (typeof issue.input === 'number' && Number.isNaN(issue.input)) return `must be ${expected}`;
      return `must be ${expected}, not ${receivedName(issue.input)}`;
    }
    case 'invalid_value': {
      const values = issue.values.map(shown);
      if (values.length === 1) return `must be ${values[0]}`;
      const got = typeof issue.input === 'string' && issue.input.length <= 40 ? ` ("${issue.input}" is not)` : '';
      return `must be one of ${values.join(', ')}${got}`;
    }
    case 'too_big':
    case 'too_small':
      return sizeMessage(issue);
    case 'invalid_format': {
      if (issue.format === 'starts_with') return `must start with "${(issue as { prefix?: string }).prefix ?? ''}"`;
      if (issue.format === 'ends_with') return `must end with "${(issue as { suffix?: string }).suffix ?? ''}"`;
      if (issue.format === 'includes') return `must contain "${(issue as { includes?: string }).includes ?? ''}"`;
      if (issue.format === 'regex') return `is not in the accepted form (it must match ${issue.pattern ?? 'the pattern'})`;
      return `must be ${FORMATS[issue.format] ?? `a valid ${issue.format}`}`;
    }
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    case 'unrecognized_keys':
      return `${issue.keys.length === 1 ? 'has a field' : 'has fields'} that ${issue.keys.length === 1 ? 'is' : 'are'} not accepted here: ${issue.keys.join(', ')}`;
    case 'invalid_union': {
      // Name the forms each branch wanted when they all failed on the type ("text or a list").
      const wanted = issue.errors.map((branch) => branch[0]).filter((i) => i?.code === 'invalid_type');
      if (wanted.length === issue.errors.length && wanted.length > 0) {
        const names = [...new Set(wanted.map((i) => typeName((i as { expected: string }).expected)))];
        if (issue.input === undefined) return `is required (${names.join(' or ')})`;
        return `must be ${names.join(' or ')}, not ${receivedName(issue.input)}`;
      }
      return 'is not in any of the accepted forms';
    }
    case 'invalid_key':
      return 'has a key that is not accepted';
    case 'invalid_element':
      return 'has an item that is not accepted';
    default:
      return 'is not valid';
  }
}

let installed = false;

/** Makes every Zod schema in this process report with `plainIssueMessage` (idempotent). */
export function usePlainValidationMessages(): void {
  if (installed) return;
  z.config({ customError: (issue) => plainIssueMessage(issue) });
  installed = true;
}

/**
 * One reported issue as the field it concerns and the line that says so:
 * `status: must be one of new, open, …`. An issue with no path concerns the
 * `whole` (body, query); an unknown field is named itself.
 */
export function issueReport(
  issue: { path: readonly PropertyKey[]; message: string; code?: string; keys?: readonly string[] },
  whole: string,
): { field: string; message: string; problem?: Problem } {
  const path = issue.path.map(String);
  const problem = issueProblem(issue);
  const withProblem = problem ? { problem } : {};
  if (issue.code === 'unrecognized_keys' && issue.keys?.length) {
    const field = [...path, issue.keys[0]!].join('.');
    const more = issue.keys.length > 1 ? ` (nor are ${issue.keys.slice(1).join(', ')})` : '';
    return { field, message: `${field}: is not a field this request accepts${more}`, ...withProblem };
  }
  const field = path.join('.') || whole;
  return { field, message: `${field}: ${issue.message}`, ...withProblem };
}

/**
 * What is wrong, as a stable code with its numbers, for clients that show the
 * message in their own language (the web desk): `required`, `wrong_type`
 * {expected}, `not_one_of` {values}, `empty`, `too_short` {min}, `too_long`
 * {max}, `too_few_items` {min}, `too_many_items` {max}, `too_small` {min}, `too_big`
 * {max}, `must_exceed` {min}, `must_be_under` {max}, `bad_format` {format},
 * `unknown_field`, `not_multiple_of` {divisor}, `invalid`; services add their
 * own (`wrong_password`, `not_member`…). The English `message` stays the
 * reference for API users and the CLI.
 */
export interface Problem {
  problem: string;
  params?: Record<string, string | number>;
}

/** A Zod issue (or Fastify's copy of one) as far as its problem code needs it. */
type IssueFacts = { code?: string; message: string } & Record<string, unknown>;

const limitOf = (v: unknown) => (typeof v === 'bigint' ? Number(v) : typeof v === 'number' ? v : Number.NaN);

/**
 * The problem code of one issue. None for a pattern (the schema's own message says what it wants) or a custom check
 * that names no `problem` in its params: the client shows the English message then.
 */
export function issueProblem(issue: IssueFacts): Problem | undefined {
  switch (issue.code) {
    case 'invalid_type':
      // "is required" is this module's own wording for a missing value (the issue no longer carries the input).
      if (issue.message.startsWith('is required')) return { problem: 'required' };
      return { problem: 'wrong_type', params: { expected: String(issue.expected) } };
    case 'invalid_union':
      return issue.message.startsWith('is required') ? { problem: 'required' } : { problem: 'invalid' };
    case 'invalid_value': {
      const values = Array.isArray(issue.values) ? issue.values.map(String) : [];
      return { problem: 'not_one_of', params: { values: values.join(', ') } };
    }
    case 'too_big':
    case 'too_small': {
      const big = issue.code === 'too_big';
      const limit = limitOf(big ? issue.maximum : issue.minimum);
      if (!Number.isFinite(limit)) return { problem: 'invalid' };
      const bound: Record<string, number> = big ? { max: limit } : { min: limit };
      if (issue.origin === 'string') return !big && limit === 1 ? { problem: 'empty' } : { problem: big ? 'too_long' : 'too_short', params: bound };
      if (issue.origin === 'array' || issue.origin === 'set')
        return !big && limit === 1 ? { problem: 'empty' } : { problem: big ? 'too_many_items' : 'too_few_items', params: bound };
      if (issue.origin === 'date') return { problem: 'invalid' };
      if (issue.inclusive === false) return { problem: big ? 'must_be_under' : 'must_exceed', params: bound };
      return { problem: big ? 'too_big' : 'too_small', params: bound };
    }
    case 'invalid_format':
      if (typeof issue.format !== 'string' || ['regex', 'starts_with', 'ends_with', 'includes'].includes(issue.format)) return undefined;
      return { problem: 'bad_format', params: { format: issue.format } };
    case 'unrecognized_keys':
      return { problem: 'unknown_field' };
    case 'not_multiple_of':
      return { problem: 'not_multiple_of', params: { divisor: limitOf(issue.divisor) } };
    case 'custom': {
      const params = (issue.params ?? {}) as Record<string, unknown>;
      if (typeof params.problem !== 'string') return undefined;
      const { problem, ...rest } = params;
      const kept = Object.entries(rest).filter((e): e is [string, string | number] => typeof e[1] === 'string' || typeof e[1] === 'number');
      return { problem, ...(kept.length ? { params: Object.fromEntries(kept) } : {}) };
    }
    default:
      return { problem: 'invalid' };
  }
}

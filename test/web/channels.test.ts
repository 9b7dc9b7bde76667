/** Settings → Channels' helpers (web/src/channel-form.ts): the listening query's draft and errors by field. */
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../web/src/api.js';
import { fieldError, queryDraft, queryOf } from '../../web/src/channel-form.js';

describe('the listening query draft', () => {
  it('reads a stored query into comma lists and back, blanks dropped', () => {
    const d = queryDraft({ include: ['Acme', 'Acme Bank'], exclude: ['vacancies'], languages: ['ro'] });
    expect(d).toEqual({ include: 'Acme, Acme Bank', exclude: 'vacancies', languages: ['ro'] });
    expect(queryOf({ ...d, include: ' Acme ,, Acme Bank\nАкме ' })).toEqual({
      include: ['Acme', 'Acme Bank', 'Акме'],
      exclude: ['vacancies'],
      languages: ['ro'],
    });
  });
  it('an empty draft is no query (every item comes in); junk in a stored query is ignored', () => {
    expect(queryOf(queryDraft(null))).toBeNull();
    expect(queryOf({ include: ' , ', exclude: '', languages: [] })).toBeNull();
    expect(queryDraft({ include: 'Acme', exclude: [1, 'x1'] })).toEqual({ include: '', exclude: 'x1', languages: [] });
  });
});

describe('an API error beside its field', () => {
  const known = (f: string) => ['url', 'bot_token', 'query.include'].includes(f);
  it('maps config.<name>, secrets.<name> and query.<part>.<n> to the form field', () => {
    expect(fieldError(new ApiError(400, 'config.url: an http:// or https:// feed URL', 'config.url'), known)).toEqual({
      field: 'url',
      message: 'config.url: an http:// or https:// feed URL',
    });
    expect(fieldError(new ApiError(400, 'secrets.bot_token: missing or not valid', 'secrets.bot_token'), known).field).toBe('bot_token');
    expect(fieldError(new ApiError(400, 'query.include.1: a term has at least 2 characters', 'query.include.1'), known).field).toBe('query.include');
  });
  it('leaves an error about no field the form has, or without a field, for the form as a whole', () => {
    expect(fieldError(new ApiError(400, 'config.interval_minutes: too big', 'config.interval_minutes'), known).field).toBeNull();
    expect(fieldError(new ApiError(403, 'not allowed'), known)).toEqual({ field: null, message: 'not allowed' });
    expect(fieldError(new Error('network down'), known)).toEqual({ field: null, message: 'network down' });
  });
});

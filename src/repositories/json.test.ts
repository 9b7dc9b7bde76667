import { describe, expect, it } from 'vitest';
import { CorruptJsonError, encodeJson, parseJson } from './json.js';

describe('JSON columns', () => {
  it('decodes stored JSON and reads null or empty as the fallback', () => {
    expect(parseJson<string[]>('["threat"]', [])).toEqual(['threat']);
    expect(parseJson<string[]>(null, [])).toEqual([]);
    expect(parseJson<string[]>('', ['x'])).toEqual(['x']);
    expect(parseJson(encodeJson({ a: [1, null] }), {})).toEqual({ a: [1, null] });
  });

  it('refuses corrupt JSON with a named error that says which column', () => {
    expect(() => parseJson('{"half":', {}, 'cases.flags')).toThrow(CorruptJsonError);
    expect(() => parseJson('{"half":', {}, 'cases.flags')).toThrow(/corrupt JSON in cases\.flags/);
  });
});

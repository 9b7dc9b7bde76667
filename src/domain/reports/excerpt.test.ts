import { describe, expect, it } from 'vitest';
import { EXCERPT_CHARS, excerpt } from './excerpt.js';

describe('a report’s example excerpt', () => {
  it('keeps a short text as it is', () => {
    expect(excerpt('  The app logs me out.  ')).toBe('The app logs me out.');
    const exact = 'a'.repeat(EXCERPT_CHARS);
    expect(excerpt(exact)).toBe(exact);
  });

  it('cuts a long text to at most 280 characters, at a word when one ends near the end, with “…”', () => {
    const long = 'the courier lost my parcel again '.repeat(600);
    const out = excerpt(long);
    expect([...out].length).toBeLessThanOrEqual(EXCERPT_CHARS);
    expect(out.endsWith('…')).toBe(true);
    expect(out.slice(0, -1)).toMatch(/\S$/);
    expect(long.startsWith(out.slice(0, -1))).toBe(true);
    expect(long.charAt(out.length - 1)).toBe(' '); // cut where a word ended
  });

  it('cuts one long word mid-word and never splits an emoji', () => {
    expect(excerpt('L'.repeat(19_910))).toBe(`${'L'.repeat(EXCERPT_CHARS - 1)}…`);
    const emoji = excerpt('😡'.repeat(400));
    expect([...emoji]).toHaveLength(EXCERPT_CHARS);
    expect(emoji).toBe(`${'😡'.repeat(EXCERPT_CHARS - 1)}…`);
  });
});

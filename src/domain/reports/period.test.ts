import { describe, expect, it } from 'vitest';
import { parsePeriod, weekStarts } from './period.js';

describe('report periods', () => {
  it('parses quarters, months, years and ranges, each with the period before', () => {
    expect(parsePeriod('2026-Q3')).toEqual({
      label: '2026-Q3',
      from: '2026-07-01T00:00:00.000Z',
      to: '2026-10-01T00:00:00.000Z',
      previous: { from: '2026-04-01T00:00:00.000Z', to: '2026-07-01T00:00:00.000Z' },
    });
    expect(parsePeriod('2026-01').previous).toEqual({ from: '2025-12-01T00:00:00.000Z', to: '2026-01-01T00:00:00.000Z' });
    expect(parsePeriod('2026-Q1').previous.from).toBe('2025-10-01T00:00:00.000Z');
    expect(parsePeriod('2026-12-01..2026-12-07')).toMatchObject({
      from: '2026-12-01T00:00:00.000Z',
      to: '2026-12-08T00:00:00.000Z',
      previous: { from: '2026-11-24T00:00:00.000Z' },
    });
    expect(() => parsePeriod('Q3')).toThrow(/2026-Q3/);
  });

  it('lists the weeks of a period from Monday', () => {
    expect(weekStarts('2026-12-01T00:00:00.000Z', '2026-12-15T00:00:00.000Z')).toEqual(['2026-11-30', '2026-12-07', '2026-12-14']);
  });
});

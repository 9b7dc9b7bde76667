import { describe, expect, it } from 'vitest';
import { parseDay, parsePeriod, rangeProblem, sentimentByWeek, weekStarts } from './period.js';

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

  it('reads only calendar dates that exist', () => {
    expect(parseDay('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
    expect(parseDay('0001-01-01')).toBe(Date.parse('0001-01-01T00:00:00Z'));
    for (const bad of ['2026-02-29', '2026-02-30', '2026-04-31', '2026-13-01', '2026-00-10', '2026-01-00', '2026-1-01', '20260101'])
      expect(parseDay(bad), bad).toBeNull();
    expect(() => parsePeriod('2026-02-31..2026-03-31')).toThrow('2026-02-31 is not a date');
    expect(() => parsePeriod('2026-03-01..2026-02-30')).toThrow('2026-02-30 is not a date');
    expect(parsePeriod('0050').from).toBe('0050-01-01T00:00:00.000Z');
  });

  it('caps a range at five years and refuses one that ends before it starts', () => {
    expect(parsePeriod('2022-01-01..2026-12-31').to).toBe('2027-01-01T00:00:00.000Z');
    expect(() => parsePeriod('2022-01-01..2027-01-01')).toThrow('at most 5 years');
    expect(() => parsePeriod('1000-01-01..2999-12-31')).toThrow('at most 5 years');
    expect(() => parsePeriod('2026-03-02..2026-03-01')).toThrow('before it starts');
    expect(parsePeriod('2026-03-01..2026-03-01').to).toBe('2026-03-02T00:00:00.000Z');
    expect(rangeProblem(Date.UTC(2026, 0, 1), Date.UTC(2025, 0, 1))).toBe('reversed');
    expect(rangeProblem(Date.UTC(2024, 1, 29), Date.UTC(2029, 1, 28))).toBeNull();
    expect(rangeProblem(Date.UTC(2020, 0, 1), Date.UTC(2025, 0, 2))).toBe('too_long');
  });

  it("sums each day's sentiment into its Monday's week", () => {
    const weeks = sentimentByWeek(
      [
        { day: '2026-12-01', sentiment: 'negative', n: 2 },
        { day: '2026-12-06', sentiment: 'negative', n: 1 },
        { day: '2026-12-07', sentiment: 'positive', n: 4 },
        { day: '2026-12-14', sentiment: 'neutral', n: 3 },
        { day: '2026-12-14', sentiment: 'unknown', n: 9 },
      ],
      '2026-12-01T00:00:00.000Z',
      '2026-12-15T00:00:00.000Z',
    );
    expect(weeks).toEqual([
      { week: '2026-11-30', negative: 3, neutral: 0, positive: 0 },
      { week: '2026-12-07', negative: 0, neutral: 0, positive: 4 },
      { week: '2026-12-14', negative: 0, neutral: 3, positive: 0 },
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { DEFAULT_RESPONSE_POLICY, deadlineState, dueAt, dueSoonAt, ResponsePolicySchema, targetMinutes } from './response-policy.js';

describe('response policy', () => {
  it('defaults: public negative one hour, private four, praise none', () => {
    const p = DEFAULT_RESPONSE_POLICY;
    expect(targetMinutes(p, { channel: 'twitter', kind: 'impulsive', isPublic: true }, 'first')).toBe(60);
    expect(targetMinutes(p, { channel: 'email', kind: 'constructive', isPublic: false }, 'first')).toBe(240);
    expect(targetMinutes(p, { channel: 'twitter', kind: 'praise', isPublic: true }, 'first')).toBeNull();
    expect(targetMinutes(p, { channel: 'twitter', kind: 'constructive', isPublic: true }, 'next')).toBe(60);
  });

  it('the most specific rule wins: a channel rule beats a kind rule', () => {
    const p = ResponsePolicySchema.parse({
      targets: [
        { kinds: ['constructive'], firstResponseMinutes: 120, nextResponseMinutes: 30 },
        { channels: ['appstore'], firstResponseMinutes: 1440 },
      ],
    });
    expect(targetMinutes(p, { channel: 'appstore', kind: 'constructive', isPublic: true }, 'first')).toBe(1440);
    expect(targetMinutes(p, { channel: 'twitter', kind: 'constructive', isPublic: true }, 'next')).toBe(30);
    expect(targetMinutes(p, { channel: 'twitter', kind: 'question', isPublic: true }, 'first')).toBeNull();
  });

  it('tells ok, due soon and breached in business minutes', () => {
    const p = DEFAULT_RESPONSE_POLICY; // Mon-Fri 09-18 UTC, due soon at 15 minutes left
    const from = new Date('2026-12-01T10:00:00Z');
    const due = dueAt(p, from, 60);
    expect(due.toISOString()).toBe('2026-12-01T11:00:00.000Z');
    expect(deadlineState(p, new Date('2026-12-01T10:30:00Z'), due)).toBe('ok');
    expect(deadlineState(p, new Date('2026-12-01T10:50:00Z'), due)).toBe('due_soon');
    expect(deadlineState(p, new Date('2026-12-01T11:00:00Z'), due)).toBe('breached');
    expect(dueSoonAt(p, due, from).toISOString()).toBe('2026-12-01T10:45:00.000Z');
  });

  it('a deadline across the night becomes due soon in the morning, not in the evening', () => {
    const p = DEFAULT_RESPONSE_POLICY;
    const from = new Date('2026-12-01T17:30:00Z');
    const due = dueAt(p, from, 60); // 30 today, 30 tomorrow
    expect(due.toISOString()).toBe('2026-12-02T09:30:00.000Z');
    expect(dueSoonAt(p, due, from).toISOString()).toBe('2026-12-02T09:15:00.000Z');
    expect(deadlineState(p, new Date('2026-12-01T23:00:00Z'), due)).toBe('ok');
  });

  it('clock time when business hours are off', () => {
    const p = ResponsePolicySchema.parse({ businessHours: false });
    expect(dueAt(p, new Date('2026-12-05T23:30:00Z'), 60).toISOString()).toBe('2026-12-06T00:30:00.000Z');
  });
});

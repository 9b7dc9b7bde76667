import { describe, expect, it } from 'vitest';
import { checkResolution, resolutionNeedsReason } from './resolution.js';

describe('resolving an unanswered complaint', () => {
  const unanswered = { kind: 'constructive', firstResponseAt: null };
  it('needs a reason only for constructive and impulsive cases with no reply sent', () => {
    expect(resolutionNeedsReason(unanswered)).toBe(true);
    expect(resolutionNeedsReason({ kind: 'impulsive', firstResponseAt: null })).toBe(true);
    expect(resolutionNeedsReason({ kind: 'constructive', firstResponseAt: '2026-12-01T10:00:00Z' })).toBe(false);
    expect(resolutionNeedsReason({ kind: 'praise', firstResponseAt: null })).toBe(false);
    expect(resolutionNeedsReason({ kind: null, firstResponseAt: null })).toBe(false);
  });
  it('takes a reason from the list and a few words', () => {
    expect(checkResolution(unanswered, undefined, 'x')).toMatchObject({ ok: false, field: 'reason_code' });
    expect(checkResolution(unanswered, 'because', 'called her')).toMatchObject({ ok: false, field: 'reason_code' });
    expect(checkResolution(unanswered, 'answered_elsewhere', ' ')).toMatchObject({ ok: false, field: 'reason' });
    expect(checkResolution(unanswered, 'answered_elsewhere', 'called her on the phone')).toEqual({ ok: true });
    expect(checkResolution({ kind: 'praise', firstResponseAt: null }, undefined, undefined)).toEqual({ ok: true });
  });
});

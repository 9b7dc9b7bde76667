import { describe, expect, it } from 'vitest';
import { checkTransition, statusOnNewMention } from './case-status.js';

describe('case status', () => {
  it('requires a reason to stop engaging', () => {
    expect(checkTransition('new', 'not_engaging')).toEqual({ ok: false, reason: 'not engaging needs a reason' });
    expect(checkTransition('new', 'not_engaging', '   ')).toMatchObject({ ok: false });
    expect(checkTransition('new', 'not_engaging', 'troll, policy 3')).toEqual({ ok: true });
  });

  it('refuses moves that skip the process and no-op moves', () => {
    expect(checkTransition('closed', 'replied').ok).toBe(false);
    expect(checkTransition('awaiting_approval', 'resolved').ok).toBe(false);
    expect(checkTransition('new', 'new').ok).toBe(false);
    expect(checkTransition('replied', 'resolved').ok).toBe(true);
  });

  it('reopens finished or answered cases when the customer writes again', () => {
    expect(statusOnNewMention('resolved')).toBe('in_progress');
    expect(statusOnNewMention('replied')).toBe('in_progress');
    expect(statusOnNewMention('closed')).toBe('in_progress');
    expect(statusOnNewMention('new')).toBeNull();
    expect(statusOnNewMention('not_engaging')).toBeNull();
  });
});

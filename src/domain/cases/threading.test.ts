import { describe, expect, it } from 'vitest';
import { decideThread } from './threading.js';

const at = (s: string) => new Date(s);

describe('decideThread', () => {
  it('joins the case of the message replied to, whatever its age', () => {
    const d = decideThread({
      postedAt: at('2026-03-01T00:00:00Z'),
      parentCase: { id: 'parent', status: 'resolved', lastMentionAt: at('2026-01-01T00:00:00Z') },
      authorLatestCase: { id: 'other', status: 'new', lastMentionAt: at('2026-02-28T23:00:00Z') },
      windowHours: 72,
    });
    expect(d).toEqual({ action: 'join', caseId: 'parent', rule: 'reply_in_thread' });
  });

  it("joins the author's open case within the window", () => {
    const d = decideThread({
      postedAt: at('2026-01-03T23:00:00Z'),
      parentCase: null,
      authorLatestCase: { id: 'c1', status: 'in_progress', lastMentionAt: at('2026-01-01T00:00:00Z') },
      windowHours: 72,
    });
    expect(d).toEqual({ action: 'join', caseId: 'c1', rule: 'same_author_window' });
  });

  it('opens a new case after the window', () => {
    const d = decideThread({
      postedAt: at('2026-01-04T00:00:01Z'),
      parentCase: null,
      authorLatestCase: { id: 'c1', status: 'new', lastMentionAt: at('2026-01-01T00:00:00Z') },
      windowHours: 72,
    });
    expect(d.action).toBe('open');
  });

  it('opens a new case when the latest one is finished', () => {
    for (const status of ['resolved', 'closed', 'not_engaging'] as const) {
      const d = decideThread({
        postedAt: at('2026-01-01T01:00:00Z'),
        parentCase: null,
        authorLatestCase: { id: 'c1', status, lastMentionAt: at('2026-01-01T00:00:00Z') },
        windowHours: 72,
      });
      expect(d.action, status).toBe('open');
    }
  });
});

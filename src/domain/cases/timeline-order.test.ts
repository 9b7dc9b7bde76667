import { describe, expect, it } from 'vitest';
import { inCausalOrder } from './timeline-order.js';

const at = '2026-12-01T10:00:00.000Z';
const ev = (type: string, data: Record<string, unknown> = {}, createdAt = at) => ({ type, data, createdAt });
const types = (events: { type: string }[]) => events.map((e) => e.type);

describe('inCausalOrder', () => {
  it("moves a mention's classification up to right after its arrival, before what it caused", () => {
    const stored = [
      ev('case_opened', { mention_id: 'm1' }),
      ev('cooldown_started'),
      ev('flagged', { mention_id: 'm1' }),
      ev('classified', { mention_id: 'm1' }),
    ];
    expect(types(inCausalOrder(stored))).toEqual(['case_opened', 'classified', 'cooldown_started', 'flagged']);
    expect(types(stored)).toEqual(['case_opened', 'cooldown_started', 'flagged', 'classified']); // not changed in place
  });

  it('keeps a reopening with its mention, and leaves events in the right order alone', () => {
    const joined = [
      ev('mention_added', { mention_id: 'm2' }),
      ev('reopened', { mention_id: 'm2' }),
      ev('flagged'),
      ev('classified', { mention_id: 'm2' }),
    ];
    expect(types(inCausalOrder(joined))).toEqual(['mention_added', 'reopened', 'classified', 'flagged']);
    const right = [ev('case_opened', { mention_id: 'm1' }), ev('classified', { mention_id: 'm1' }), ev('cooldown_started')];
    expect(inCausalOrder(right)).toEqual(right);
  });

  it('moves nothing across moments or mentions', () => {
    const later = [
      ev('case_opened', { mention_id: 'm1' }),
      ev('assigned', {}, '2026-12-01T10:05:00.000Z'),
      ev('classified', { mention_id: 'm1' }, '2026-12-01T10:05:00.000Z'),
    ];
    expect(types(inCausalOrder(later))).toEqual(['case_opened', 'assigned', 'classified']);
    const other = [ev('case_opened', { mention_id: 'm1' }), ev('flagged'), ev('classified', { mention_id: 'm9' })];
    expect(types(inCausalOrder(other))).toEqual(['case_opened', 'flagged', 'classified']);
  });
});

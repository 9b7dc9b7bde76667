/** Builders for test data, with sensible defaults and overrides. */
import type { MentionInputRaw } from '../../src/domain/mentions/mention-input.js';

let seq = 0;

export function buildMention(overrides: Partial<MentionInputRaw> = {}): MentionInputRaw {
  seq++;
  return {
    channel: 'twitter',
    external_id: `ext-${seq}-${Math.random().toString(36).slice(2, 8)}`,
    author: { handle: `user${seq}`, name: `User ${seq}` },
    text: `My order #${1000 + seq} has not arrived after two weeks, nobody answers the phone.`,
    created_at: '2026-01-05T10:00:00.000Z',
    public: true,
    ...overrides,
  };
}

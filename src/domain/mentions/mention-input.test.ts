import { describe, expect, it } from 'vitest';
import { buildMention } from '../../../test/support/factories.js';
import { MentionInputSchema } from './mention-input.js';

describe('MentionInputSchema', () => {
  // An import file reaches the schema without the HTTP edge's guard; PostgreSQL text cannot hold U+0000.
  it('refuses a NUL in any string, naming the field', () => {
    for (const [mention, field] of [
      [buildMention({ text: 'late\u0000order' }), 'text'],
      [buildMention({ external_id: '\u0000' }), 'external_id'],
      [buildMention({ author: { handle: 'a\u0000b' } }), 'author.handle'],
      [buildMention({ in_reply_to: 'x\u0000' }), 'in_reply_to'],
    ] as const) {
      const parsed = MentionInputSchema.safeParse(mention);
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]).toMatchObject({ path: field.split('.'), message: 'must not contain a NUL character (U+0000)' });
    }
    expect(MentionInputSchema.safeParse(buildMention({ text: 'no NUL, just text' })).success).toBe(true);
  });
});

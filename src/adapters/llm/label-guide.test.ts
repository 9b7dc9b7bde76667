import { describe, expect, it } from 'vitest';
import { KINDS, SENTIMENTS, SIGNALS, SITUATIONS, TOPICS } from '../../domain/labels.js';
import { labelGuide } from './label-guide.js';

describe('the label guide shipped for the second opinion', () => {
  it('is LABELS.md, with every label value the desk knows and the hard cases', () => {
    const guide = labelGuide();
    expect(guide).toContain('## Hard cases');
    for (const value of [...KINDS, ...SENTIMENTS, ...SITUATIONS, ...TOPICS, ...SIGNALS]) expect(guide, value).toContain(`\`${value}\``);
  });
});

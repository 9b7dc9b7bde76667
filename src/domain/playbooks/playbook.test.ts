import { describe, expect, it } from 'vitest';
import { SITUATIONS } from '../labels.js';
import { DEFAULT_PLAYBOOKS } from './default-playbooks.js';
import { localize, PlaybookStepsSchema, playbookProgress } from './playbook.js';

describe('playbooks', () => {
  it('has a valid default for every situation, in all four languages', () => {
    for (const s of SITUATIONS) {
      const steps = DEFAULT_PLAYBOOKS[s];
      expect(PlaybookStepsSchema.safeParse(steps).success, s).toBe(true);
      for (const step of steps)
        for (const lang of ['en', 'ru', 'ro', 'ar'] as const)
          expect(step.title[lang] && step.guidance[lang], `${s}/${step.key}/${lang}`).toBeTruthy();
    }
  });

  it('follows PRODUCT.md: a service complaint starts with a personal apology and never asks to remove a post', () => {
    expect(DEFAULT_PLAYBOOKS.service_complaint[0]!.key).toBe('apologise');
    expect(DEFAULT_PLAYBOOKS.public_negative_comment.at(-1)!.guidance.en).toContain('Never ask them to remove the post');
    expect(DEFAULT_PLAYBOOKS.conflict_for_conflict[0]!.key).toBe('let_go');
  });

  it('shows the first step not done as the current one', () => {
    const p = playbookProgress({ situation: 'idea', steps: DEFAULT_PLAYBOOKS.idea, isDefault: true }, [
      { stepKey: 'thank', doneBy: 'u1', doneAt: '2026-12-01T10:00:00Z' },
    ]);
    expect(p.currentStep).toBe('discuss');
    expect(p.steps[0]).toMatchObject({ done: true, doneBy: 'u1' });
  });

  it('refuses duplicate keys and empty texts; falls back to English', () => {
    expect(
      PlaybookStepsSchema.safeParse([
        { key: 'a', title: { en: 'A' }, guidance: { en: 'g' } },
        { key: 'a', title: { en: 'B' }, guidance: { en: 'g' } },
      ]).success,
    ).toBe(false);
    expect(PlaybookStepsSchema.safeParse([{ key: 'a', title: {}, guidance: { en: 'g' } }]).success).toBe(false);
    expect(localize({ en: 'Hello', ro: 'Salut' }, 'ro')).toBe('Salut');
    expect(localize({ en: 'Hello' }, 'ar')).toBe('Hello');
  });
});

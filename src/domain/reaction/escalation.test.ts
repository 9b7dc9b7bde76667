import { describe, expect, it } from 'vitest';
import { DEFAULT_PLAYBOOKS, RETENTION_STEP } from '../playbooks/default-playbooks.js';
import { playbookKeyFor, stepsForCase } from '../playbooks/playbook.js';
import { escalationMail } from './escalation-mail.js';
import { casePriority, escalationNeedsLegal, isChurnThreat, planReaction } from './kind-policy.js';

describe('black PR, threats and churn', () => {
  it('picks black PR’s and a threat’s own playbooks over the situation', () => {
    expect(playbookKeyFor({ kind: 'black_pr', situation: 'public_negative_comment', flags: ['threat'] })).toBe('black_pr');
    expect(playbookKeyFor({ kind: 'impulsive', situation: 'public_negative_comment', flags: ['legal_threat'] })).toBe('threat');
    expect(playbookKeyFor({ kind: 'constructive', situation: 'service_complaint', flags: ['churn'] })).toBe('service_complaint');
    expect(playbookKeyFor({ kind: null, situation: 'nonsense', flags: [] })).toBe('other');
  });

  it('tells churn from a smear pushing people to a rival', () => {
    expect(isChurnThreat('constructive', ['churn_threat'])).toBe(true);
    expect(isChurnThreat('impulsive', ['competitor_mention'])).toBe(true);
    expect(isChurnThreat('black_pr', ['competitor_mention', 'churn_threat'])).toBe(false);
    expect(isChurnThreat('question', ['competitor_mention'])).toBe(false);
    expect(planReaction({ kind: 'constructive', signals: ['churn_threat'], postedAt: new Date(), cooldownMinutes: 0 }).flags).toEqual(['churn']);
  });

  it('ranks priority from the flags and loops legal in for black PR and every threat', () => {
    expect(casePriority(['threat', 'churn'])).toBe('urgent');
    expect(casePriority(['churn'])).toBe('high');
    expect(casePriority(['legal_threat'])).toBe('high');
    expect(casePriority(['insult'])).toBe('normal');
    expect(escalationNeedsLegal(['threat'])).toBe(true);
    expect(escalationNeedsLegal(['legal_threat'])).toBe(true);
    expect(escalationNeedsLegal(['black_pr'])).toBe(true);
    expect(escalationNeedsLegal(['due_soon'])).toBe(false);
  });

  it('adds the retention step before the last step, once', () => {
    const pb = { situation: 'service_complaint' as const, steps: DEFAULT_PLAYBOOKS.service_complaint, isDefault: true };
    const keys = stepsForCase(pb, ['churn'], RETENTION_STEP).map((s) => s.key);
    expect(keys.at(-2)).toBe('retain');
    expect(keys.filter((k) => k === 'retain')).toHaveLength(1);
    expect(stepsForCase(pb, [], RETENTION_STEP)).toBe(pb.steps);
  });

  it('e-mails legal every message as evidence, in plain text', () => {
    const mail = escalationMail({
      brandName: 'Acme',
      caseId: 'c1',
      caseUrl: null,
      reasons: ['threat'],
      signals: ['threat'],
      evidence: [
        { author: 'Bob (bob)', channel: 'twitter', postedAt: '2026-12-01T09:00:00.000Z', link: 'https://x.test/1', text: 'first\nsecond line' },
        { author: 'Bob (bob)', channel: 'twitter', postedAt: '2026-12-01T09:10:00.000Z', link: null, text: '<b>you will pay</b>' },
      ],
    });
    expect(mail.subject).toBe('[Acme] For legal: a threat of harm (case c1)');
    expect(mail.text).toContain('1. Bob (bob) on twitter, 2026-12-01T09:00:00.000Z');
    expect(mail.text).toContain('   > second line');
    expect(mail.text).toContain('   Link: (none)');
    expect(mail.text).toContain('> <b>you will pay</b>');
  });
});

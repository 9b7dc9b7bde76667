import { describe, expect, it } from 'vitest';
import { approvalReason, pickLeastLoaded, ReviewPolicySchema, RoutingRuleSchema, routeMention } from './routing.js';

const rules = [
  RoutingRuleSchema.parse({ name: 'Arabic delivery', topics: ['delivery'], languages: ['ar'], teamId: 'team-ar' }),
  RoutingRuleSchema.parse({ name: 'Black PR to the manager', kinds: ['black_pr'], userId: 'boss' }),
  RoutingRuleSchema.parse({ name: 'Email', channels: ['email'], teamId: 'team-mail' }),
];
const m = { channel: 'twitter', topics: ['delivery'], kind: 'constructive', situation: 'service_complaint', language: 'ar' };

describe('routing', () => {
  it('takes the first rule that matches every condition it sets', () => {
    expect(routeMention(rules, m)?.rule.teamId).toBe('team-ar');
    expect(routeMention(rules, { ...m, language: 'ru' })).toBeNull();
    expect(routeMention(rules, { ...m, language: 'ru', channel: 'email' })?.index).toBe(2);
    expect(routeMention(rules, { ...m, language: 'en', kind: 'black_pr' })?.rule.userId).toBe('boss');
  });

  it('a rule names a team or a person, not both', () => {
    expect(RoutingRuleSchema.safeParse({ name: 'x', teamId: 'a', userId: 'b' }).success).toBe(false);
    expect(RoutingRuleSchema.safeParse({ name: 'x' }).success).toBe(false);
  });

  it('gives the case to the available responder with the fewest open cases', () => {
    const pick = pickLeastLoaded([
      { userId: 'a', available: true, openCases: 3, lastAssignedAt: null },
      { userId: 'b', available: false, openCases: 0, lastAssignedAt: null },
      { userId: 'c', available: true, openCases: 1, lastAssignedAt: '2026-12-01T10:00:00Z' },
      { userId: 'd', available: true, openCases: 1, lastAssignedAt: '2026-12-01T09:00:00Z' },
    ]);
    expect(pick).toBe('d');
    expect(pickLeastLoaded([{ userId: 'b', available: false, openCases: 0, lastAssignedAt: null }])).toBeNull();
  });

  it('says why a reply needs approval', () => {
    const p = ReviewPolicySchema.parse({});
    expect(approvalReason(p, { caseKind: 'black_pr', caseNeedsApproval: false, authorIsNew: false })).toContain('black_pr');
    expect(approvalReason(p, { caseKind: 'constructive', caseNeedsApproval: false, authorIsNew: true })).toContain('new responder');
    expect(approvalReason(p, { caseKind: 'constructive', caseNeedsApproval: false, authorIsNew: false })).toBeNull();
    expect(approvalReason({ ...p, newResponders: false }, { caseKind: 'constructive', caseNeedsApproval: false, authorIsNew: true })).toBeNull();
  });
});

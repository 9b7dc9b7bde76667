import { describe, expect, it } from 'vitest';
import { checkTrollReply, mergeFlags, planReaction, TROLL_REPLY_MAX_CHARS } from './kind-policy.js';

const postedAt = new Date('2026-12-01T10:00:00Z');

describe('kind policy', () => {
  it('holds the first reply to an impulsive poster for the cool-down', () => {
    const plan = planReaction({ kind: 'impulsive', signals: [], postedAt, cooldownMinutes: 180 });
    expect(plan.holdUntil?.toISOString()).toBe('2026-12-01T13:00:00.000Z');
    expect(plan.notEngagingReason).toBeNull();
    expect(planReaction({ kind: 'impulsive', signals: [], postedAt, cooldownMinutes: 0 }).holdUntil).toBeNull();
  });

  it('puts trolls on "not engaging" by policy, with the reason', () => {
    const plan = planReaction({ kind: 'trolling', signals: ['insult'], postedAt, cooldownMinutes: 180 });
    expect(plan.notEngagingReason).toContain('trolling');
    expect(plan.flags).toEqual(['insult']);
    expect(plan.holdUntil).toBeNull();
  });

  it('escalates black PR and requires approval; flags threats', () => {
    const plan = planReaction({ kind: 'black_pr', signals: ['legal_threat', 'threat'], postedAt, cooldownMinutes: 180 });
    expect(plan.repliesNeedApproval).toBe(true);
    expect(plan.escalations.sort()).toEqual(['black_pr', 'legal_threat', 'threat']);
    expect(plan.flags).toEqual(['threat', 'legal_threat', 'black_pr']);
    expect(planReaction({ kind: 'constructive', signals: [], postedAt, cooldownMinutes: 180 }).escalations).toEqual([]);
  });

  it('takes no automatic action when the classifier was not sure enough: no silence, no hold, no black-PR escalation', () => {
    const troll = planReaction({ kind: 'trolling', signals: [], postedAt, cooldownMinutes: 180, automatic: false });
    expect(troll.notEngagingReason).toBeNull();
    expect(planReaction({ kind: 'impulsive', signals: [], postedAt, cooldownMinutes: 180, automatic: false }).holdUntil).toBeNull();
    const smear = planReaction({ kind: 'black_pr', signals: ['threat'], postedAt, cooldownMinutes: 180, automatic: false });
    // A threat is a signal, not a guess about the kind: it still escalates.
    expect(smear.escalations).toEqual(['threat']);
    expect(smear.flags).toEqual(['threat', 'black_pr']);
  });

  it('never drops a flag', () => {
    expect(mergeFlags(['threat'], ['insult'])).toEqual(['threat', 'insult']);
    expect(mergeFlags(['threat', 'bogus'], [])).toEqual(['threat']);
  });

  it('allows a troll one short public reaction', () => {
    expect(checkTrollReply({ kind: 'trolling', isPublic: true, body: 'We hear you.', publicRepliesSent: 0 }).ok).toBe(true);
    expect(checkTrollReply({ kind: 'trolling', isPublic: true, body: 'We hear you.', publicRepliesSent: 1 }).ok).toBe(false);
    expect(checkTrollReply({ kind: 'trolling', isPublic: true, body: 'x'.repeat(TROLL_REPLY_MAX_CHARS + 1), publicRepliesSent: 0 }).ok).toBe(false);
    expect(checkTrollReply({ kind: 'constructive', isPublic: true, body: 'x'.repeat(1000), publicRepliesSent: 5 }).ok).toBe(true);
  });
});

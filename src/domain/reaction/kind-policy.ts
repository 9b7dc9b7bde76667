/**
 * What each kind of negativity calls for (PRODUCT.md rules 2, 3 and 9):
 * impulsive posters get a cool-down before the first reply; trolls get "not
 * engaging" by policy and at most one short public reaction; black PR goes to
 * a manager and legal with the evidence, and its replies need approval;
 * threats flag the case and notify the manager.
 */
import type { Kind, Signal } from '../labels.js';

/** `history`: filed as history (posted before the brand's horizon, or imported with --history): no deadline. */
export const CASE_FLAGS = ['threat', 'legal_threat', 'black_pr', 'insult', 'churn', 'campaign', 'needs_review', 'history'] as const;
export type CaseFlag = (typeof CASE_FLAGS)[number];

export type EscalationReason = 'black_pr' | 'threat' | 'legal_threat' | 'due_soon' | 'breached';

export interface ReactionInput {
  kind: Kind;
  signals: readonly Signal[];
  postedAt: Date;
  cooldownMinutes: number;
  /**
   * Whether the kind's automatic action (trolling → not engaging, impulsive →
   * cool-down, black PR → escalation) may happen: false when the classifier
   * was not sure enough, and the case is then handled as if the kind's
   * policy did not apply (see classification/automatic-action.ts). Default true.
   */
  automatic?: boolean;
}

export interface ReactionPlan {
  /** Impulsive: the first reply waits until then (scheduled, not ignored). */
  holdUntil: Date | null;
  /** Trolling: the case goes to "not engaging" with this reason, unless a person overrides it. */
  notEngagingReason: string | null;
  /** Who must hear of it at once, and why. */
  escalations: EscalationReason[];
  flags: CaseFlag[];
  /** Replies on this case need a reviewer's approval whoever writes them. */
  repliesNeedApproval: boolean;
}

export const TROLL_POLICY_REASON = 'policy: trolling — do not feed trolls (at most one short, calm public reaction)';

export function planReaction(input: ReactionInput): ReactionPlan {
  const flags = new Set<CaseFlag>();
  const escalations = new Set<EscalationReason>();
  if (input.signals.includes('threat')) {
    flags.add('threat');
    escalations.add('threat');
  }
  if (input.signals.includes('legal_threat')) {
    flags.add('legal_threat');
    escalations.add('legal_threat');
  }
  if (input.signals.includes('insult') || input.signals.includes('profanity')) flags.add('insult');
  if (isChurnThreat(input.kind, input.signals)) flags.add('churn');
  const automatic = input.automatic ?? true;
  if (input.kind === 'black_pr') {
    flags.add('black_pr');
    if (automatic) escalations.add('black_pr');
  }
  return {
    holdUntil:
      automatic && input.kind === 'impulsive' && input.cooldownMinutes > 0
        ? new Date(input.postedAt.getTime() + input.cooldownMinutes * 60_000)
        : null,
    notEngagingReason: automatic && input.kind === 'trolling' ? TROLL_POLICY_REASON : null,
    escalations: [...escalations],
    flags: [...flags],
    repliesNeedApproval: input.kind === 'black_pr',
  };
}

/**
 * A customer who says they are leaving: "I'm leaving / cancelling" (the
 * churn signal), or a complaint that names a competitor ("going to RivalCo").
 * A smear pushing people to a rival is black PR, not churn.
 */
export function isChurnThreat(kind: Kind, signals: readonly Signal[]): boolean {
  if (kind === 'black_pr' || kind === 'trolling') return false;
  if (signals.includes('churn_threat')) return true;
  return signals.includes('competitor_mention') && (kind === 'constructive' || kind === 'impulsive');
}

/** Who must hear of an escalation besides the managers: legal, for black PR and for any threat (of harm or legal). */
export const escalationNeedsLegal = (reasons: readonly EscalationReason[]): boolean =>
  reasons.includes('black_pr') || reasons.includes('threat') || reasons.includes('legal_threat');

export type CasePriority = 'urgent' | 'high' | 'normal';

/**
 * A case's priority, from its flags: a threat of harm is urgent; a legal
 * threat, black PR or a customer about to leave is high; the rest normal.
 */
export function casePriority(flags: readonly string[]): CasePriority {
  if (flags.includes('threat')) return 'urgent';
  if (flags.includes('legal_threat') || flags.includes('black_pr') || flags.includes('churn')) return 'high';
  return 'normal';
}

/** Merges a new mention's flags into a case's: flags are never dropped by a calmer message. */
export function mergeFlags(current: readonly string[], added: readonly CaseFlag[]): CaseFlag[] {
  const all = new Set<CaseFlag>([...(current.filter((f) => (CASE_FLAGS as readonly string[]).includes(f)) as CaseFlag[]), ...added]);
  return CASE_FLAGS.filter((f) => all.has(f));
}

/** "At most one calm, short public reaction" to a troll. */
export const TROLL_REPLY_MAX_CHARS = 280;

export type ReplyCheck = { ok: true } | { ok: false; reason: string };

export function checkTrollReply(input: { kind: string | null; isPublic: boolean; body: string; publicRepliesSent: number }): ReplyCheck {
  if (input.kind !== 'trolling' || !input.isPublic) return { ok: true };
  if (input.publicRepliesSent >= 1) return { ok: false, reason: 'a troll gets at most one public reaction, and it has been given' };
  if (input.body.trim().length > TROLL_REPLY_MAX_CHARS) {
    return { ok: false, reason: `a reaction to a troll stays short: at most ${TROLL_REPLY_MAX_CHARS} characters` };
  }
  return { ok: true };
}

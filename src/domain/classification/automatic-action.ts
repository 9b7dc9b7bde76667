/**
 * Which automatic actions the desk may take on a classified mention. Three
 * kinds trigger one — trolling → "not engaging" (no reply, no deadline),
 * impulsive → the cool-down hold, black PR → escalation — and each only when
 * the calibrated confidence of that kind reaches the brand's threshold.
 * Below it the mention is handled normally and flagged for review, so a
 * misread complaint is never silenced on a guess.
 */
import type { Kind } from '../labels.js';
import type { Classification } from './classifier.js';

export type AutomaticActionName = 'not_engaging' | 'cool_down' | 'escalation';

export const AUTOMATIC_ACTIONS: Readonly<Partial<Record<Kind, AutomaticActionName>>> = {
  trolling: 'not_engaging',
  impulsive: 'cool_down',
  black_pr: 'escalation',
};

/** Per kind, the calibrated confidence at or above which the desk acts on its own. */
export type AutomaticThresholds = Partial<Record<'trolling' | 'impulsive' | 'black_pr', number>>;

/**
 * Chosen on dev/ with chooseThreshold for the shipped model and its
 * calibration (docs/classifier.md, "Automatic actions"): the lowest
 * calibrated confidence at which silencing a troll was right at least 9
 * times in 10 (defuse-linear-v4: 7 of 7 at 0.881; v3 was 6 of 6 at 0.813, v2
 * 11 of 13 at 0.683), and the same for the cool-down hold (v4: 9 of 10 at 0.597; v3: 10 of 11 at 0.603).
 * dev/ has no black PR: escalation uses the troll threshold until it does.
 * Retraining changes the calibration, so these are re-chosen with the model.
 */
export const DEFAULT_AUTOMATIC_THRESHOLDS: Readonly<Required<AutomaticThresholds>> = {
  trolling: 0.881,
  impulsive: 0.597,
  black_pr: 0.881,
};

export interface AutomaticDecision {
  kind: Kind;
  /** The action the kind calls for, or null for kinds handled by people in the normal way. */
  action: AutomaticActionName | null;
  /** Whether the desk may take the action without a person confirming it. */
  allowed: boolean;
  confidence: number;
  /** The threshold applied, or null when the kind has no automatic action. */
  threshold: number | null;
  /** True when the kind calls for an automatic action but the confidence is too low: a person should confirm it. */
  review: boolean;
}

export function automaticAction(
  classification: Pick<Classification, 'kind' | 'confidence'>,
  thresholds: AutomaticThresholds = DEFAULT_AUTOMATIC_THRESHOLDS,
): AutomaticDecision {
  const { kind } = classification;
  const confidence = classification.confidence.kind;
  const action = AUTOMATIC_ACTIONS[kind] ?? null;
  if (!action) return { kind, action: null, allowed: false, confidence, threshold: null, review: false };
  const threshold = thresholds[kind as keyof AutomaticThresholds] ?? DEFAULT_AUTOMATIC_THRESHOLDS[kind as keyof AutomaticThresholds];
  const allowed = Number.isFinite(confidence) && confidence >= threshold;
  return { kind, action, allowed, confidence, threshold, review: !allowed };
}

/**
 * The lowest threshold at which acting automatically is right at least
 * `minPrecision` of the time over labelled predictions (conf: calibrated
 * confidence of the predicted kind; right: whether that kind was correct),
 * with at least `minActed` predictions acted on. Returns null when no
 * threshold reaches the precision: such a kind should never act on its own.
 */
export function chooseThreshold(
  conf: number[],
  right: boolean[],
  minPrecision: number,
  minActed = 5,
): { threshold: number; precision: number; acted: number } | null {
  const candidates = [...new Set(conf)].sort((a, b) => a - b);
  for (const t of candidates) {
    const acted = conf.map((c, i) => i).filter((i) => conf[i]! >= t);
    if (acted.length < minActed) break;
    const precision = acted.filter((i) => right[i]).length / acted.length;
    if (precision >= minPrecision) return { threshold: t, precision, acted: acted.length };
  }
  return null;
}

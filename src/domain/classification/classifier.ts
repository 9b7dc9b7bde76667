/**
 * The contract between the desk and whatever classifies mentions. The desk
 * only ever talks to a {@link Classifier}; the shipped model plugs in here.
 */
import type { Kind, Sentiment, Signal, Situation, Topic } from '../labels.js';
import { type Reason, reasonText } from './reasons.js';

export interface ClassifierInput {
  text: string;
  /** The language if the source already knows it (ISO 639-1). */
  lang?: string;
  channel?: string;
  /** The brand's competitors (from its settings), for the competitor signal and black-PR detection. */
  competitors?: string[];
}

export interface Classification {
  /** ISO 639-1 code, or `und` when undetermined. */
  language: string;
  sentiment: Sentiment;
  kind: Kind;
  situation: Situation;
  topics: Topic[];
  signals: Signal[];
  /** Calibrated: of the mentions given confidence c, about c are labelled right (see calibration.ts). */
  confidence: { sentiment: number; kind: number };
  /** The models' own probabilities before calibration (for evaluation; not part of the classify contract). */
  rawConfidence?: { sentiment: number; kind: number };
  /** Phrases and signals that drove the decision, for a person to see why (in English). */
  reasons: string[];
  /** The same as codes with their facts, for the desk to say in the reader's language (absent from older classifications). */
  reasonCodes?: Reason[];
  /** Which classifier produced this, so later re-runs can be told apart. */
  classifier: string;
  /** Every class's probability, for evaluation and second opinions (not part of the classify contract). */
  scores?: { sentiment: Record<string, number>; kind: Record<string, number> };
}

export interface Classifier {
  readonly name: string;
  classify(input: ClassifierInput): Classification;
}

/**
 * PLACEHOLDER until the trained model lands (issue "The classifier"): it
 * judges nothing and labels every mention `neutral`, saying so in `reasons`.
 */
const PLACEHOLDER_REASON: Reason = { code: 'placeholder', params: {} };

export class PlaceholderClassifier implements Classifier {
  readonly name = 'placeholder';
  classify(input: ClassifierInput): Classification {
    return {
      language: input.lang ?? 'und',
      sentiment: 'neutral',
      kind: 'neutral',
      situation: 'other',
      topics: [],
      signals: [],
      confidence: { sentiment: 0, kind: 0 },
      reasons: [reasonText(PLACEHOLDER_REASON)],
      reasonCodes: [PLACEHOLDER_REASON],
      classifier: this.name,
    };
  }
}

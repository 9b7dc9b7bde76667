/**
 * Why the classifier decided as it did, as codes with their facts (the desk
 * says them in the reader's language) and, from the same codes, the English
 * lines `reasons` has always carried. Facts are codes (kinds, topics,
 * signals, languages), numbers, and `quotes`: the phrases of the mention
 * itself, in its own language (erased with it).
 */
import { type LanguageHow, languageHowText } from './language.js';

export const REASON_CODES = [
  'placeholder',
  'language',
  'not_trolling_no_insult',
  'not_black_pr_no_smear',
  'not_trolling_real_problem',
  'black_pr_competitor',
  'question_no_complaint',
  'legal_threat_grievance',
  'sarcasm_grievance',
  'topic_default',
  'kind_sentiment',
  'phrases',
  'signal',
  'shouting',
  'exclamations',
  'topic',
  'brand_layer',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

/** The phrase categories a `phrases` reason names. */
export const PHRASE_CATEGORIES = ['negative', 'positive', 'sweeping', 'experience', 'idea', 'question', 'black_pr'] as const;

export type ReasonParams = Record<string, string | number>;

/** One reason: a code and its facts (snake_case keys, as the API sends them). */
export interface Reason {
  code: ReasonCode;
  params: ReasonParams;
}

const str = (p: ReasonParams, k: string) => String(p[k] ?? '');

/** The brand layer's changes in English: "kind a → b (80%), sentiment …, situation …". */
function layerChanges(p: ReasonParams): string {
  const changes: string[] = [];
  if (p.kind_to !== undefined)
    changes.push(`kind ${str(p, 'kind_from')} → ${str(p, 'kind_to')}${p.kind_percent !== undefined ? ` (${p.kind_percent}%)` : ''}`);
  if (p.sentiment_to !== undefined)
    changes.push(`sentiment ${str(p, 'sentiment_from')} → ${str(p, 'sentiment_to')} (${str(p, 'sentiment_percent')}%)`);
  if (p.situation_to !== undefined) changes.push(`situation ${str(p, 'situation_from')} → ${str(p, 'situation_to')}`);
  return changes.join(', ');
}

const TEXT: Record<ReasonCode, (p: ReasonParams) => string> = {
  placeholder: () => 'placeholder classifier: no model loaded, every mention is neutral',
  language: (p) => `language ${str(p, 'language')}: ${languageHowText(p.how as LanguageHow, str(p, 'language'))}`,
  not_trolling_no_insult: (p) => `not trolling: no insult or provocation found (model said ${str(p, 'percent')}%)`,
  not_black_pr_no_smear: () => 'not black PR: no push to a rival or smear found',
  not_trolling_real_problem: () => 'not trolling: a real problem is described',
  black_pr_competitor: (p) => `black PR: pushes to a competitor (${str(p, 'quotes')})`,
  question_no_complaint: () => 'asks for information: a question without a complaint',
  legal_threat_grievance: (p) => `kind ${str(p, 'kind')}: a legal threat against the company is a grievance`,
  sarcasm_grievance: (p) => `impulsive: sarcastic praise of a real failure (${str(p, 'quotes')})`,
  topic_default: (p) => `topic ${str(p, 'topic')}: an opinion with no other topic named`,
  kind_sentiment: (p) => `kind ${str(p, 'kind')} (${str(p, 'kind_percent')}%), sentiment ${str(p, 'sentiment')} (${str(p, 'sentiment_percent')}%)`,
  phrases: (p) => `${str(p, 'category').replace('_', ' ')}: ${str(p, 'quotes')}`,
  signal: (p) => `signal ${str(p, 'signal')}: ${str(p, 'quotes')}`,
  shouting: () => 'shouting (mostly capital letters)',
  exclamations: (p) => `${str(p, 'count')} exclamation marks`,
  topic: (p) => `topic ${str(p, 'topic')}: ${str(p, 'quotes')}`,
  brand_layer: (p) =>
    `${p.version !== undefined ? `brand layer v${p.version}` : 'brand layer'} (learned from ${str(p, 'examples')} of this brand's corrections) changed ${layerChanges(p)}`,
};

/** A reason in English (the words `reasons` carries). */
export const reasonText = (r: Reason): string => TEXT[r.code](r.params);

/** Reasons as a decision is made: each added once, as a code and as its English line. */
export class ReasonList {
  readonly codes: Reason[] = [];

  add(code: ReasonCode, params: ReasonParams = {}): void {
    this.codes.push({ code, params });
  }

  /** The English lines, in order. */
  get texts(): string[] {
    return this.codes.map(reasonText);
  }
}

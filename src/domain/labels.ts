/**
 * The label values of a mention's classification, as defined in the data
 * sets' LABELS.md. Every other module takes them from here.
 */
export const KINDS = ['constructive', 'impulsive', 'trolling', 'black_pr', 'question', 'praise', 'idea', 'neutral'] as const;
export type Kind = (typeof KINDS)[number];

/** The kinds that are negativity the team must react to. */
export const NEGATIVE_KINDS: readonly Kind[] = ['constructive', 'impulsive', 'trolling', 'black_pr'];

export const SENTIMENTS = ['negative', 'neutral', 'positive'] as const;
export type Sentiment = (typeof SENTIMENTS)[number];

export const SITUATIONS = ['service_complaint', 'price_question', 'public_negative_comment', 'conflict_for_conflict', 'idea', 'other'] as const;
export type Situation = (typeof SITUATIONS)[number];

export const TOPICS = ['service', 'product_quality', 'staff', 'price', 'website', 'delivery', 'billing', 'other'] as const;
export type Topic = (typeof TOPICS)[number];

export const SIGNALS = ['profanity', 'insult', 'threat', 'legal_threat', 'churn_threat', 'competitor_mention', 'urgent'] as const;
export type Signal = (typeof SIGNALS)[number];

/** Languages the classifier is built for; anything else is reported by its ISO code or `und`. */
export const SUPPORTED_LANGUAGES = ['ru', 'ro', 'ar', 'en'] as const;

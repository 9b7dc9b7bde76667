/**
 * The optional second opinion: a language model re-reads the mentions the
 * desk would not act on by itself. This module holds the pure parts — the
 * brand's settings, which mentions qualify, the answer's schema, and the
 * rate limit and daily cap as arithmetic over counts the caller looks up.
 */
import { z } from 'zod';
import { KINDS, SENTIMENTS, SIGNALS, SITUATIONS, TOPICS } from '../labels.js';
import type { Classification } from './classifier.js';

export const SecondOpinionSettingsSchema = z.object({
  /** Off by default: turning it on sends the texts of qualifying mentions to the endpoint. */
  enabled: z.boolean().default(false),
  /**
   * The brand's own OpenAI-compatible endpoint (e.g. its Ollama); omitted means the installation's
   * DEFUSE_LLM_BASE_URL (the drafts' endpoint). The installation's API key goes only to the installation's endpoint.
   */
  baseUrl: z
    .url()
    .max(2000)
    .refine((u) => /^https?:\/\//.test(u), { message: 'an http(s) URL' })
    .optional(),
  /** The model name at that endpoint; omitted means DEFUSE_LLM_MODEL. */
  model: z.string().trim().min(1).max(200).optional(),
  /** Until the calibrated review rule lands: a mention qualifies when its kind's confidence is below this. */
  reviewBelow: z.number().min(0).max(1).default(0.6),
  /** Mentions posted longer ago than this (e.g. a history import) are not asked about. */
  maxAgeHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 365)
    .default(72),
  /** Calls to the endpoint per rolling minute; more wait for the next free slot. */
  perMinute: z.number().int().min(1).max(600).default(20),
  /** Calls per UTC day; more are skipped (the model's reading stands). */
  perDay: z.number().int().min(1).max(1_000_000).default(1000),
});
export type SecondOpinionSettings = z.infer<typeof SecondOpinionSettingsSchema>;

/**
 * Whether the desk would not act on this reading by itself (`review: true`).
 * A classification that already says so (the calibrated rule) is taken at its
 * word; otherwise the kind's confidence is held against the threshold.
 */
export function needsReviewByConfidence(c: Classification, threshold: number): boolean {
  const review = (c as Classification & { review?: unknown }).review;
  if (typeof review === 'boolean') return review;
  return c.confidence.kind < threshold;
}

const uniqueList = <T extends string>(values: readonly [T, ...T[]]) =>
  z
    .array(z.enum(values))
    .max(values.length)
    .refine((a) => new Set(a).size === a.length, { message: 'listed twice' });

/** What the model must answer; anything else is ignored. */
export const SecondOpinionAnswerSchema = z
  .object({
    kind: z.enum(KINDS),
    sentiment: z.enum(SENTIMENTS),
    situation: z.enum(SITUATIONS),
    topics: uniqueList(TOPICS),
    signals: uniqueList(SIGNALS),
    reasons: z.array(z.string().trim().min(3).max(300)).min(1).max(5),
  })
  .strict();
export type SecondOpinionAnswer = z.infer<typeof SecondOpinionAnswerSchema>;

/** The same shape as a JSON Schema, for `response_format: json_schema` (strict mode's subset of keywords). */
export const SECOND_OPINION_JSON_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'sentiment', 'situation', 'topics', 'signals', 'reasons'],
  properties: {
    kind: { type: 'string', enum: [...KINDS] },
    sentiment: { type: 'string', enum: [...SENTIMENTS] },
    situation: { type: 'string', enum: [...SITUATIONS] },
    topics: { type: 'array', items: { type: 'string', enum: [...TOPICS] } },
    signals: { type: 'array', items: { type: 'string', enum: [...SIGNALS] } },
    reasons: { type: 'array', items: { type: 'string' }, description: 'one to five short reasons, citing the text' },
  },
} as const;

export type QuotaDecision = { action: 'call' } | { action: 'wait'; until: Date } | { action: 'skip'; reason: 'daily_cap' };

export const RATE_WINDOW_MS = 60_000;

/** The start of the UTC day of `now`: the daily cap counts from here. */
export function utcDayStart(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

/**
 * The earliest moment at or after `now` a new call fits the rolling-minute
 * limit, given the brand's calls reserved in the last minute and later
 * (newest first; each reservation is appended after the others, so the window
 * ending at the new slot holds at most `perMinute` of them). Waiting calls
 * thus line up one after another instead of all waking at once.
 */
export function nextSlot(reservedNewestFirst: readonly Date[], perMinute: number, now: Date): Date {
  const recent = reservedNewestFirst.filter((t) => t.getTime() > now.getTime() - RATE_WINDOW_MS);
  if (recent.length < perMinute) return now;
  return new Date(Math.max(now.getTime(), recent[perMinute - 1]!.getTime() + RATE_WINDOW_MS));
}

/** Call now, wait for the slot, or skip when the slot's UTC day has used its cap (`usedThatDay` counts reservations too). */
export function quotaDecision(slot: Date, usedThatDay: number, perDay: number, now: Date): QuotaDecision {
  if (usedThatDay >= perDay) return { action: 'skip', reason: 'daily_cap' };
  return slot.getTime() > now.getTime() ? { action: 'wait', until: slot } : { action: 'call' };
}

/**
 * Playbooks: for each situation, the ordered steps a responder follows, with
 * guidance in the team's languages. Stored as data per brand (defaults in
 * default-playbooks.ts); a case shows the first step not yet done.
 */
import { z } from 'zod';
import { type Kind, SITUATIONS, type Situation, type SUPPORTED_LANGUAGES } from '../labels.js';

export type PlaybookLanguage = (typeof SUPPORTED_LANGUAGES)[number];

const Localized = (max: number) =>
  z
    .object({
      en: z.string().trim().min(1).max(max).optional(),
      ru: z.string().trim().min(1).max(max).optional(),
      ro: z.string().trim().min(1).max(max).optional(),
      ar: z.string().trim().min(1).max(max).optional(),
    })
    .strict()
    .refine((t) => Object.values(t).some(Boolean), { message: 'needs the text in at least one of en, ru, ro, ar' });
export type LocalizedText = z.infer<ReturnType<typeof Localized>>;

export const PlaybookStepSchema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'a short key of lowercase letters, digits and _'),
  title: Localized(200),
  guidance: Localized(2000),
});
export type PlaybookStep = z.infer<typeof PlaybookStepSchema>;

export const PlaybookStepsSchema = z
  .array(PlaybookStepSchema)
  .min(1)
  .max(20)
  .refine((steps) => new Set(steps.map((s) => s.key)).size === steps.length, { message: 'step keys must be unique' });

/**
 * The playbooks a case can follow: one per situation, and two that the kind
 * or the risk signals choose over the situation — black PR (a smear: no
 * argument, evidence, one factual reply after approval, legal review) and a
 * threat (of harm, or legal: the rules stated calmly, legal looped in).
 */
export const PLAYBOOK_KEYS = [...SITUATIONS, 'black_pr', 'threat'] as const;
export type PlaybookKey = (typeof PLAYBOOK_KEYS)[number];
export const isPlaybookKey = (s: string): s is PlaybookKey => (PLAYBOOK_KEYS as readonly string[]).includes(s);

/** The playbook for a case: black PR's own, a threat's, else its situation's. */
export function playbookKeyFor(c: { kind: string | null; situation: string | null; flags: readonly string[] }): PlaybookKey {
  if ((c.kind as Kind | null) === 'black_pr') return 'black_pr';
  if (c.flags.includes('threat') || c.flags.includes('legal_threat')) return 'threat';
  return isSituation(c.situation ?? '') ? (c.situation as Situation) : 'other';
}

export interface Playbook {
  situation: PlaybookKey;
  steps: PlaybookStep[];
  /** false: the brand's own version. */
  isDefault: boolean;
}

export const isSituation = (s: string): s is Situation => (SITUATIONS as readonly string[]).includes(s);

/** The text in the wanted language, else English, else whatever is there. */
export function localize(text: LocalizedText, lang: string | null | undefined): string {
  const l = (lang ?? 'en') as PlaybookLanguage;
  return text[l] ?? text.en ?? Object.values(text).find(Boolean) ?? '';
}

export interface StepProgress {
  key: string;
  done: boolean;
  doneBy: string | null;
  doneAt: string | null;
}

export interface PlaybookProgress {
  situation: PlaybookKey;
  steps: Array<PlaybookStep & StepProgress>;
  /** The first step not done, or null when all are. */
  currentStep: string | null;
}

/**
 * The steps a case goes through: its playbook's, and for a customer who says
 * they are leaving (the `churn` flag) a retention step before the last one,
 * unless the playbook has its own.
 */
export function stepsForCase(playbook: Playbook, flags: readonly string[], retention: PlaybookStep): PlaybookStep[] {
  if (!flags.includes('churn') || playbook.steps.some((s) => s.key === retention.key)) return playbook.steps;
  const steps = [...playbook.steps];
  steps.splice(Math.max(0, steps.length - 1), 0, retention);
  return steps;
}

export function playbookProgress(
  playbook: Playbook,
  done: ReadonlyArray<{ stepKey: string; doneBy: string | null; doneAt: string }>,
): PlaybookProgress {
  const byKey = new Map(done.map((d) => [d.stepKey, d]));
  const steps = playbook.steps.map((s) => {
    const d = byKey.get(s.key);
    return { ...s, done: Boolean(d), doneBy: d?.doneBy ?? null, doneAt: d?.doneAt ?? null };
  });
  return { situation: playbook.situation, steps, currentStep: steps.find((s) => !s.done)?.key ?? null };
}

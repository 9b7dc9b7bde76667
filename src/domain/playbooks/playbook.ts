/**
 * Playbooks: for each situation, the ordered steps a responder follows, with
 * guidance in the team's languages. Stored as data per brand (defaults in
 * default-playbooks.ts); a case shows the first step not yet done.
 */
import { z } from 'zod';
import { SITUATIONS, type Situation, type SUPPORTED_LANGUAGES } from '../labels.js';

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

export interface Playbook {
  situation: Situation;
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
  situation: Situation;
  steps: Array<PlaybookStep & StepProgress>;
  /** The first step not done, or null when all are. */
  currentStep: string | null;
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

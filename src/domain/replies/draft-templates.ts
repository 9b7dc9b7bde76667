/**
 * Reply drafts from templates: per situation (and, where it matters, per
 * playbook step) and language, with the case's facts filled in — the
 * customer's name, their order or ticket reference, a date. A part in
 * [[double brackets]] is left out when a fact it needs is unknown, so a draft
 * never shows an empty slot. Defaults in templates/default-templates.json;
 * a brand may override any of them.
 */
import { z } from 'zod';
import { PLAYBOOK_KEYS, type PlaybookKey } from '../playbooks/playbook.js';
import defaults from './templates/default-templates.json' with { type: 'json' };
import type { CheckLanguage } from './reply-checker.js';

export const PLACEHOLDERS = ['name', 'order', 'date', 'agent', 'brand'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type Facts = Partial<Record<Placeholder, string>>;

const TemplateText = z
  .string()
  .trim()
  .min(1)
  .max(2000)
  .refine((t) => [...t.matchAll(/\{(\w+)\}/g)].every((m) => (PLACEHOLDERS as readonly string[]).includes(m[1]!)), {
    message: `placeholders are ${PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`,
  })
  .refine((t) => (t.match(/\[\[/g) ?? []).length === (t.match(/\]\]/g) ?? []).length, { message: 'every [[ needs its ]]' });

const ByLanguage = z
  .object({ en: TemplateText.optional(), ru: TemplateText.optional(), ro: TemplateText.optional(), ar: TemplateText.optional() })
  .strict();

export const SituationTemplatesSchema = z.object({
  default: ByLanguage,
  steps: z.record(z.string().regex(/^[a-z][a-z0-9_]{0,39}$/), ByLanguage).optional(),
});
export const ReplyTemplatesSchema = z.partialRecord(z.enum(PLAYBOOK_KEYS), SituationTemplatesSchema);
export type ReplyTemplates = z.infer<typeof ReplyTemplatesSchema>;

export const DEFAULT_TEMPLATES: ReplyTemplates = ReplyTemplatesSchema.parse(defaults);

/** The template for a situation, step and language: the brand's, else the default; a step falls back to the situation's default. */
export function pickTemplate(situation: PlaybookKey, step: string | null, lang: CheckLanguage, brand: ReplyTemplates = {}): string | null {
  for (const source of [brand[situation], DEFAULT_TEMPLATES[situation]]) {
    const byStep = step ? source?.steps?.[step]?.[lang] : undefined;
    if (byStep) return byStep;
  }
  return brand[situation]?.default[lang] ?? DEFAULT_TEMPLATES[situation]?.default[lang] ?? DEFAULT_TEMPLATES.other!.default[lang] ?? null;
}

/** Fills the placeholders; drops every [[optional part]] whose facts are unknown. */
export function renderTemplate(template: string, facts: Facts): string {
  const known = (name: string) => Boolean(facts[name as Placeholder]?.trim());
  const withOptional = template.replace(/\[\[([\s\S]*?)\]\]/g, (_, part: string) =>
    [...part.matchAll(/\{(\w+)\}/g)].every((m) => known(m[1]!)) ? part : '',
  );
  return withOptional
    .replace(/\{(\w+)\}/g, (_, name: string) => facts[name as Placeholder]?.trim() ?? '')
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/\s+([,.!?])/g, '$1')
    .trim();
}

const ORDER_PATTERNS = [
  /#\s?(\d{3,12})\b/u,
  /(?:order|ticket|booking|заказ[а-я]*|заявк[а-я]*|договор[а-я]*|comand[aăa]|comenzii|contract(?:ul|ului)?|طلب|الطلب|حجز)\s*(?:№|#|no\.?|nr\.?|number|номер|numărul|numarul|رقم)?\s*[:#№]?\s*([A-Z]{0,4}-?\d{3,12})/iu,
];

/** The first order, ticket or contract reference in the customer's messages. */
export function findOrderReference(texts: readonly string[]): string | null {
  for (const text of texts) {
    for (const re of ORDER_PATTERNS) {
      const m = re.exec(text);
      if (m?.[1]) return m[1];
    }
  }
  return null;
}

/** A date as people write it in that language: "5 December", "5 декабря", "5 decembrie", "5 ديسمبر". */
export function formatDate(date: Date, lang: CheckLanguage, timeZone = 'UTC'): string {
  const locale = lang === 'ar' ? 'ar-u-nu-latn' : lang;
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', timeZone }).format(date);
}

import { describe, expect, it } from 'vitest';
import { SITUATIONS } from '../labels.js';
import { DEFAULT_TEMPLATES, findOrderReference, formatDate, pickTemplate, renderTemplate, ReplyTemplatesSchema } from './draft-templates.js';
import { CHECK_LANGUAGES, checkReply } from './reply-checker.js';

const KIND_OF: Record<string, string> = {
  service_complaint: 'constructive',
  price_question: 'question',
  public_negative_comment: 'impulsive',
  conflict_for_conflict: 'trolling',
  idea: 'idea',
  other: 'neutral',
};

describe('draft templates', () => {
  it('every default template, with or without facts, passes the reply checker in all four languages', () => {
    for (const situation of SITUATIONS) {
      const t = DEFAULT_TEMPLATES[situation]!;
      const variants = [t.default, ...Object.values(t.steps ?? {})];
      for (const byLang of variants) {
        for (const lang of CHECK_LANGUAGES) {
          const template = byLang[lang];
          expect(template, `${situation}/${lang}`).toBeTruthy();
          for (const facts of [{ name: 'Ana' }, { name: 'Ana', order: '5512', date: formatDate(new Date('2026-12-05T12:00:00Z'), lang) }]) {
            const text = renderTemplate(template!, facts);
            expect(text).not.toMatch(/[{}[\]]/);
            expect(checkReply(text, lang, { kind: KIND_OF[situation] }), `${situation}/${lang}: ${text}`).toEqual([]);
          }
        }
      }
    }
  });

  it('drops optional parts whose facts are unknown and fills the rest', () => {
    const t = 'Hello {name}, sorry[[ about order {order}]].[[ By {date}.]]';
    expect(renderTemplate(t, { name: 'Ion' })).toBe('Hello Ion, sorry.');
    expect(renderTemplate(t, { name: 'Ion', order: '77', date: '5 December' })).toBe('Hello Ion, sorry about order 77. By 5 December.');
  });

  it("prefers the brand's template, then the step's, then the situation's default", () => {
    const brand = ReplyTemplatesSchema.parse({ idea: { default: { ro: 'Mulțumim, {name}!' } } });
    expect(pickTemplate('idea', null, 'ro', brand)).toBe('Mulțumim, {name}!');
    expect(pickTemplate('idea', null, 'en', brand)).toBe(DEFAULT_TEMPLATES.idea!.default.en);
    expect(pickTemplate('service_complaint', 'tell_wait', 'ru')).toBe(DEFAULT_TEMPLATES.service_complaint!.steps!.tell_wait!.ru);
    expect(pickTemplate('service_complaint', 'no_such_step', 'ru')).toBe(DEFAULT_TEMPLATES.service_complaint!.default.ru);
  });

  it('refuses unknown placeholders and unbalanced brackets', () => {
    expect(ReplyTemplatesSchema.safeParse({ idea: { default: { en: 'Hi {customer}' } } }).success).toBe(false);
    expect(ReplyTemplatesSchema.safeParse({ idea: { default: { en: 'Hi [[{name}' } } }).success).toBe(false);
  });

  it('finds order references in four languages', () => {
    expect(findOrderReference(['My order #10452 never came'])).toBe('10452');
    expect(findOrderReference(['Где заказ № 55123?'])).toBe('55123');
    expect(findOrderReference(['Comanda nr. 8841 nu a ajuns'])).toBe('8841');
    expect(findOrderReference(['الطلب رقم 7781 لم يصل'])).toBe('7781');
    expect(findOrderReference(['nothing here, call me at 5'])).toBeNull();
  });
});

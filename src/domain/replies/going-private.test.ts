import { describe, expect, it } from 'vitest';
import { type CheckLanguage, checkReply } from './reply-checker.js';
import { formatCallTime, GOING_PRIVATE_LANGUAGES, publicGoingPrivateReply } from './going-private.js';
import { phoneProblem, telHref } from '../cases/call-back.js';

const when = { when: new Date('2026-12-03T13:00:00Z'), timeZone: 'Europe/Chisinau' };

describe('going private', () => {
  it('has a short public reply in each of the four languages, for a message and for a call', () => {
    expect(GOING_PRIVATE_LANGUAGES.sort()).toEqual(['ar', 'en', 'ro', 'ru']);
  });

  it.each(GOING_PRIVATE_LANGUAGES.flatMap((l) => (['message', 'call'] as const).map((m) => [l, m] as const)))(
    'the %s %s reply passes the reply checker on a complaint, a vent and a question',
    (lang: CheckLanguage, mode) => {
      const text = publicGoingPrivateReply(lang, mode, when);
      expect(text).not.toContain('{');
      for (const kind of ['constructive', 'impulsive', 'question'] as const) {
        expect(checkReply(text, lang, { kind, sentiment: 'negative', firstReply: true, mentionText: null })).toEqual([]);
      }
    },
  );

  it('a call gives its time in the brand’s time zone', () => {
    expect(publicGoingPrivateReply('ru', 'call', when)).toContain('3 декабря в 15:00');
    expect(formatCallTime(when.when, 'en', 'UTC')).toBe('on December 3 at 13:00');
    expect(formatCallTime(when.when, 'ro', 'Europe/Chisinau')).toBe('pe 3 decembrie la 15:00');
  });

  it('a phone number is E.164-ish: digits, spaces, one leading +, 7 to 15 digits', () => {
    expect(phoneProblem('+373 22 123 456')).toBeNull();
    expect(phoneProblem('0721234567')).toBeNull();
    expect(phoneProblem('+7 (495) 123-45-67')).toMatch(/only digits/);
    expect(phoneProblem('12+345678')).toMatch(/only digits/);
    expect(phoneProblem('123 45')).toMatch(/at least 7/);
    expect(phoneProblem('1234567890123456')).toMatch(/at most 15/);
    expect(phoneProblem('   ')).toMatch(/empty/);
    expect(phoneProblem('<script>')).toMatch(/only digits/);
    expect(telHref('+373 22 123 456')).toBe('tel:+37322123456');
  });
});

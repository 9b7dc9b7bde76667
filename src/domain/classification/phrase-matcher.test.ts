import { describe, expect, it } from 'vitest';
import { PhraseMatcher } from './phrase-matcher.js';
import { normalizeText, tokenize } from './text.js';

const words = (t: string) => tokenize(normalizeText(t));

describe('PhraseMatcher', () => {
  const m = new PhraseMatcher({
    profanity: ['fuck*', 'хуй*', 'пиздец', 'pula'],
    negative: ['не пришел', 'not working', 'nu a ajuns'],
    churn: ['switch* to *'],
  });
  const cats = (t: string) => m.match(words(t)).map((h) => `${h.category}:${h.text}`);

  it('matches prefixes, whole words and phrases', () => {
    expect(cats('FUCKING hell')).toEqual(['profanity:fucking']);
    expect(cats('Заказ НЕ ПРИШЁЛ')).toEqual(['negative:не пришел']);
    expect(cats('comanda nu a ajuns')).toEqual(['negative:nu a ajuns']);
    expect(cats('switching to Orange')).toEqual(['churn:switching to orange']);
    expect(cats('notworking fuk')).toEqual([]);
  });

  it('sees through obfuscated spellings', () => {
    expect(cats('f*ck this')).toContain('profanity:f*ck');
    expect(cats('да х*й с ним')).toContain('profanity:х*й');
    expect(cats('п@здец')).toEqual([]); // only a listed word, not a guess
    expect(cats('pu1a')).toEqual([]);
    expect(cats('p*la')).toContain('profanity:p*la');
  });
});

import { describe, expect, it } from 'vitest';
import { normalizeForSearch, searchIndexText, searchTerms } from './search-text.js';

describe('search normalisation', () => {
  it('folds Romanian diacritics (comma and cedilla forms alike)', () => {
    expect(normalizeForSearch('Comanda nu a ajuns, aștept de două săptămâni')).toBe('comanda nu a ajuns, astept de doua saptamani');
    expect(normalizeForSearch('Aştept')).toBe(normalizeForSearch('Aștept'));
  });

  it('folds Cyrillic ё and case', () => {
    expect(normalizeForSearch('ЕЩЁ НЕ ПРИШЛО')).toBe('еще не пришло');
  });

  it('strips Arabic vowel marks and folds alef and teh marbuta', () => {
    expect(normalizeForSearch('الطَّلَبِيَّة')).toBe(normalizeForSearch('الطلبيه'));
    expect(normalizeForSearch('أحمد')).toBe(normalizeForSearch('احمد'));
  });

  it('keeps only word terms, so query syntax cannot be injected', () => {
    expect(searchTerms('"order" OR 1=1; NEAR(* -x')).toEqual(['order', 'or', '1', 'near', 'x']);
    expect(searchTerms('   ')).toEqual([]);
  });
});

describe('stemmed search', () => {
  it('reduces query words to their stems, by script', () => {
    expect(searchTerms('доставкой заказов')).toEqual(['доставк', 'заказ']);
    expect(searchTerms('livrarea')).toEqual(['livr']);
    expect(searchTerms('الطلبات')).toEqual(['طلب']);
    expect(searchTerms('55 ok')).toEqual(['55', 'ok']); // digits and words too short to stem stay as typed
  });

  it('indexes the stems that are not a prefix of their word, after the text', () => {
    expect(searchIndexText('بالطلب')).toBe('بالطلب\nطلب');
    expect(searchIndexText('Доставкой недоволен')).toBe('доставкой недоволен'); // stems are prefixes: nothing to add
  });
});

describe('textHasTerms (the full-text test of one row)', () => {
  it('matches each term as the prefix of a word, as the indexes do, and needs every term', async () => {
    const { textHasTerms } = await import('./search-text.js');
    const indexed = searchIndexText('Курьер потерял посылку, бульварный заказ 123; بالطلب');
    expect(textHasTerms(indexed, searchTerms('посылка'))).toBe(true); // an inflected form, through its stem
    expect(textHasTerms(indexed, searchTerms('заказ 123'))).toBe(true);
    expect(textHasTerms(indexed, searchTerms('варный'))).toBe(false); // inside a word, not at its start
    expect(textHasTerms(indexed, searchTerms('заказ 124'))).toBe(false); // every term must be there
    expect(textHasTerms(indexed, searchTerms('الطلبات'))).toBe(true); // the Arabic stem without its clitics
    expect(textHasTerms(indexed, [])).toBe(true);
  });
});

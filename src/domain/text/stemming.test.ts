import { describe, expect, it } from 'vitest';
import { stem, stems, stemWords } from './stemming.js';

describe('stemming', () => {
  it('matches inflected Russian forms of a brand name and a noun', () => {
    expect(stem('МегаМаркете', 'ru')).toBe(stem('МегаМаркет', 'ru'));
    expect(stem('мегамаркетом', 'ru')).toBe(stem('МегаМаркет', 'ru'));
    expect(stem('доставки', 'ru')).toBe(stem('доставка', 'ru'));
    expect(stem('ёлка', 'ru')).toBe(stem('елка', 'ru'));
  });

  it('matches Romanian forms with and without diacritics, cedilla or comma', () => {
    expect(stem('comenzii', 'ro')).toBe(stem('comenzile', 'ro'));
    expect(stem('livrării', 'ro')).toBe(stem('livrarii', 'ro'));
    expect(stem('verificaţi', 'ro')).toBe(stem('verificați', 'ro'));
  });

  it('strips Arabic prefixes and English suffixes', () => {
    expect(stem('الشحن', 'ar')).toBe(stem('شحن', 'ar'));
    expect(stem('charged', 'en')).toBe(stem('charging', 'en'));
    expect(stem('apologies', 'en')).toBe(stem('apologize', 'en'));
  });

  it('passes other languages through lower-cased', () => {
    expect(stem('Größe', 'de')).toBe('größe');
    expect(stem('Délai', null)).toBe('délai');
  });

  it('keeps word positions in the original text', () => {
    const text = 'Не покупайте у них! Берите в МегаМаркете';
    const words = stemWords(text, 'ru');
    const last = words.at(-1)!;
    expect(text.slice(last.start, last.end)).toBe('МегаМаркете');
    expect(stems('Берите в МегаМаркете', 'ru')).toEqual([stem('берите', 'ru'), 'в', stem('МегаМаркет', 'ru')]);
  });
});

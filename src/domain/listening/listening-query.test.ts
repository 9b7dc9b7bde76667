import { describe, expect, it } from 'vitest';
import { compileListeningHighlighter, compileListeningQuery, ListeningQuerySchema } from './listening-query.js';

const match = (q: Parameters<typeof compileListeningQuery>[0], text: string, language?: string) =>
  compileListeningQuery(q)({ text, ...(language ? { language } : {}) });

describe('listening queries: Russian', () => {
  const q = { include: ['МегаМаркет'] };
  it('matches the inflected forms of a brand', () => {
    expect(match(q, 'Заказал в Мегамаркете телевизор, жду уже неделю').terms).toEqual(['МегаМаркет']);
    expect(match(q, 'С Мегамаркетом больше не связываюсь').matched).toBe(true);
    expect(match(q, 'МЕГАМАРКЕТА хуже нет').matched).toBe(true);
    expect(match(q, 'мегамаркёт ответил быстро').matched).toBe(true); // ё typed for е
  });
  it('does not take another word sharing the beginning for the brand', () => {
    expect(match(q, 'Мегафон опять без связи').matched).toBe(false);
    expect(match(q, 'Гипермаркет у дома закрылся').matched).toBe(false);
  });
  it('matches across scripts: Latin term, Cyrillic text and back', () => {
    expect(match({ include: ['Megamarket'] }, 'Мегамаркет снова задержал доставку').terms).toEqual(['Megamarket']);
    expect(match({ include: ['Мегамаркет'] }, 'megamarket opyat zaderzhal zakaz').matched).toBe(true);
    expect(match({ include: ['Ozon'] }, 'На Озоне дешевле, но курьер хамит').matched).toBe(true);
  });
});

describe('listening queries: Romanian', () => {
  it('matches definite articles and genitives, with or without a hyphen and diacritics', () => {
    const q = { include: ['eMAG', 'Orange'] };
    expect(match(q, 'Am comandat de pe eMAG-ul lor și tot nu a venit').terms).toEqual(['eMAG']);
    expect(match(q, 'Prețurile eMagului sunt mai mari decât în magazin').matched).toBe(true);
    expect(match(q, 'Rețeaua Orange-ului a căzut iar în Cluj').terms).toEqual(['Orange']);
    expect(match(q, 'Abonamentul ORANGE e prea scump').matched).toBe(true);
  });
  it('is diacritics-insensitive (ș/ş, ț/ţ)', () => {
    const q = { include: ['Poșta Română'] };
    expect(match(q, 'Coletul stă la Posta Romana de o săptămână').matched).toBe(true);
    expect(match(q, 'Poşta Română a pierdut coletul').matched).toBe(true); // cedilla forms
    expect(match({ include: ['Dedeman'] }, 'La Dedeman nu au mai avut stoc').matched).toBe(true);
  });
  it('a word that only contains the brand is another word: "orangeade" is not Orange', () => {
    expect(match({ include: ['Orange'] }, 'I had an orangeade at the airport').matched).toBe(false);
    expect(match({ include: ['Orange'] }, 'Three oranges and a lemon').matched).toBe(true); // a plural is the same word
  });
});

describe('listening queries: Arabic', () => {
  const q = { include: ['المتجر'] };
  it('matches the brand with its prefixes and without tashkeel', () => {
    expect(match(q, 'اشتريت من المتجر ولم يصل الطلب').matched).toBe(true);
    expect(match(q, 'وبالمتجر لا أحد يرد على الهاتف').matched).toBe(true);
    expect(match(q, 'شكوى للمتجر بلا فائدة').matched).toBe(true);
    expect(match(q, 'والمتجر لا يرد').matched).toBe(true);
    expect(match(q, 'المَتْجَر أغلق حسابي').matched).toBe(true);
  });
  it('folds alef forms and matches a two-word name as a phrase', () => {
    expect(match({ include: ['أمازون'] }, 'طلبت من امازون قبل أسبوع').matched).toBe(true);
    const noon = { include: ['متجر النخبة'] };
    expect(match(noon, 'لا تشتروا منهم … اشتروا من متجر النخبة').matched).toBe(true);
    expect(match(noon, 'النخبة في المتجر الآخر').matched).toBe(false); // the words, but not as the phrase
  });
});

describe('listening queries: phrases, exclusions, languages', () => {
  it('matches a multi-word term only as a phrase', () => {
    const q = { include: ['Air Moldova'] };
    expect(match(q, 'Zborul Air Moldova a întârziat 5 ore').matched).toBe(true);
    expect(match(q, 'Fresh air in Moldova this morning').matched).toBe(false);
  });
  it('drops an item with an exclusion, and says which', () => {
    const q = { include: ['Orange'], exclude: ['orange juice', 'Orange County'] };
    const r = match(q, 'Best orange juice in Orange County');
    expect(r).toMatchObject({ matched: false, terms: ['Orange'], excluded: ['orange juice', 'Orange County'] });
    expect(match(q, 'Orange network down again').matched).toBe(true);
  });
  it('keeps only the languages asked for (given or detected); too short to tell is kept', () => {
    const q = { include: ['Orange'], languages: ['ro' as const] };
    expect(match(q, 'Orange mi-a dublat factura luna aceasta și nu răspunde nimeni la telefon').matched).toBe(true);
    const en = match(q, 'Orange doubled my bill this month and nobody answers the phone');
    expect(en).toMatchObject({ matched: false, terms: ['Orange'], language: 'en' });
    expect(match(q, 'Orange doubled my bill', 'ro').matched).toBe(true); // the source's language wins
    expect(match(q, 'Orange!!!').matched).toBe(true);
  });
  it('reports each term once, in the order of the query', () => {
    const r = match({ include: ['eMAG', 'Altex', 'Flanco'] }, 'Altex, Flanco și din nou Altex: toate mai bune decât eMAG');
    expect(r.terms).toEqual(['eMAG', 'Altex', 'Flanco']);
  });
});

describe('ListeningQuerySchema', () => {
  it('fills defaults and limits sizes', () => {
    expect(ListeningQuerySchema.parse({ include: ['eMAG'] })).toEqual({ include: ['eMAG'], exclude: [], languages: [] });
    expect(ListeningQuerySchema.safeParse({ include: [] }).success).toBe(false);
    expect(ListeningQuerySchema.safeParse({ include: ['x'] }).success).toBe(false);
    expect(ListeningQuerySchema.safeParse({ include: ['a'.repeat(101)] }).success).toBe(false);
    expect(ListeningQuerySchema.safeParse({ include: ['--'] }).success).toBe(false);
    expect(ListeningQuerySchema.safeParse({ include: Array.from({ length: 101 }, (_, i) => `t${i}`) }).success).toBe(false);
    expect(ListeningQuerySchema.safeParse({ include: ['ok'], languages: ['de'] }).success).toBe(false);
    expect(ListeningQuerySchema.safeParse({ include: ['ok'], extra: 1 }).success).toBe(false);
  });
});

describe('compileListeningHighlighter', () => {
  const marked = (q: Parameters<typeof compileListeningHighlighter>[0], text: string) =>
    compileListeningHighlighter(q)(text).map((h) => [text.slice(h.start, h.end), h.kind]);

  it('marks every inflected form, transliteration and case where the matcher finds the term', () => {
    expect(marked({ include: ['МегаМаркет'] }, 'В Мегамаркете снова задержка, МЕГАМАРКЕТ молчит, а Мегафон ни при чём')).toEqual([
      ['Мегамаркете', 'term'],
      ['МЕГАМАРКЕТ', 'term'],
    ]);
    expect(marked({ include: ['Megamarket'] }, 'Мегамаркет снова задержал доставку')).toEqual([['Мегамаркет', 'term']]);
    expect(marked({ include: ['eMAG'] }, 'Am comandat de pe eMAG-ul lor')).toEqual([['eMAG', 'term']]); // the hyphen splits the article off
  });

  it('marks a phrase as one stretch, and an exclusion over the term it contains', () => {
    expect(marked({ include: ['Air Moldova'] }, 'Zborul Air  Moldova a întârziat; air in Moldova')).toEqual([['Air  Moldova', 'term']]);
    expect(marked({ include: ['Orange'], exclude: ['orange juice'] }, 'Orange sells orange juice now')).toEqual([
      ['Orange', 'term'],
      ['orange juice', 'exclusion'],
    ]);
  });

  it('keeps offsets into the text as given: diacritics, tashkeel and tatweel', () => {
    const text = 'شكوى: المَتْجَر والمتــجر لا يردان';
    expect(marked({ include: ['المتجر'] }, text)).toEqual([
      ['المَتْجَر', 'term'],
      ['والمتــجر', 'term'],
    ]);
    expect(marked({ include: ['Poșta Română'] }, 'Coletul stă la Poşta Română.')).toEqual([['Poşta Română', 'term']]);
  });

  it('marks nothing in a text without the terms', () => {
    expect(marked({ include: ['Orange'] }, 'I had an orangeade')).toEqual([]);
  });
});

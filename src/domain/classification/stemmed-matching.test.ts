import { describe, expect, it } from 'vitest';
import { analyze, competitorHits } from './analyze.js';

describe('matching inflected forms', () => {
  it('finds a competitor named in an inflected form', () => {
    const ru = analyze('Не покупайте у них! Берите в МегаМаркете', 'ru', { competitors: ['МегаМаркет'] });
    expect(ru.hits.filter((h) => h.category === 'competitor').map((h) => h.phrase)).toEqual(['МегаМаркет']);
    // Romanian genitive: "eMagului" is eMag.
    const ro = analyze('Preturile eMagului sunt mai mici, comandati de acolo', 'ro', { competitors: ['eMag'] });
    expect(ro.hits.some((h) => h.category === 'competitor')).toBe(true);
    const ro2 = analyze('Mergeti la magazinele Altex, sunt mai buni', 'ro', { competitors: ['magazinul Altex'] });
    expect(ro2.hits.some((h) => h.category === 'competitor')).toBe(true);
  });

  it('finds a two-word Arabic competitor after a preposition', () => {
    const ar = analyze('لا تشتروا منهم … اشتروا من متجر النخبة', 'ar', { competitors: ['متجر النخبة'] });
    expect(ar.hits.filter((h) => h.category === 'competitor')).toHaveLength(1);
  });

  it('does not take a different word sharing a prefix for the competitor', () => {
    const words = ['мегафон', 'лучше'];
    expect(competitorHits(['МегаМаркет'], words, words, 'ru')).toEqual([]);
  });

  it('matches phrase lists through stems ("покупай" for "покупайте")', () => {
    const a = analyze('не покупай у них ничего', 'ru');
    expect(a.hits.some((h) => h.category === 'black_pr' && h.text.startsWith('не покупай'))).toBe(true);
    expect(a.stems.length).toBe(a.words.length);
  });
});

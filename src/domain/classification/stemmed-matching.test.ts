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

/** The categories of the phrase-list hits of a text. */
const categories = (text: string, lang: 'en' | 'ru' | 'ro' | 'ar') => new Set(analyze(text, lang).hits.map((h) => h.category));

describe('words a prefix or a stem took for another (found on a new user’s trial, 2026-12-03)', () => {
  it('a polite courier and the return policy are no police threat; the police still are', () => {
    expect(categories('Mulțumesc, curierul a fost foarte rapid și politicos!', 'ro').has('legal_threat')).toBe(false);
    expect(categories('Politica de retur e o bătaie de joc', 'ro').has('legal_threat')).toBe(false);
    expect(categories('Dacă nu îmi dați banii înapoi, merg la poliție', 'ro').has('legal_threat')).toBe(true);
  });

  it('“the worst shop” is no insult; calling someone stupid is', () => {
    expect(categories('Cel mai prost magazin din tara', 'ro').has('insult')).toBe(false);
    expect(categories('Ești prost sau te faci?', 'ro').has('insult')).toBe(true);
  });

  it('an app that crashes (вылетает) is not a flight; a flight is', () => {
    expect(categories('Приложение вылетает при оплате картой', 'ru').has('topic.delivery')).toBe(false);
    expect(categories('Вылет задержали на 5 часов', 'ru').has('topic.delivery')).toBe(true);
  });

  it('“never ordering from you again” and «больше никогда ничего у вас не куплю» are churn threats', () => {
    expect(categories('never ordering from you again!!!', 'en').has('churn_threat')).toBe(true);
    expect(categories('больше НИКОГДА ничего у вас не куплю', 'ru').has('churn_threat')).toBe(true);
  });
  it('calling on the phone is no product; a broken phone is', () => {
    expect(categories('Am sunat la telefon de trei ori și nimeni nu răspunde', 'ro').has('topic.product_quality')).toBe(false);
    expect(categories('Am telefonat la suport, degeaba', 'ro').has('topic.product_quality')).toBe(false);
    expect(categories('Telefonul s-a stricat după o săptămână', 'ro').has('topic.product_quality')).toBe(true);
    expect(categories('Дозвониться по телефону невозможно, час на линии', 'ru').has('topic.product_quality')).toBe(false);
    expect(categories('Телефон перестал заряжаться через неделю', 'ru').has('topic.product_quality')).toBe(true);
  });
});

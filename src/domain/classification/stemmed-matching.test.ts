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
    expect(categories('Two weeks late and nobody answers the phone', 'en').has('topic.product_quality')).toBe(false);
    expect(categories('My phone stopped charging after a week', 'en').has('topic.product_quality')).toBe(true);
  });
  it('a cancelled flight, a move, a followed link or a last order are no churn threats; leaving is', () => {
    for (const [text, lang] of [
      ['My flight was cancelled again', 'en'],
      ['They cancelled my order without asking', 'en'],
      ['Last time I ordered it was fine', 'en'],
      ['I moved to a new address last week', 'en'],
      ['Перешла по ссылке из письма — ошибка 500', 'ru'],
      ['В последний раз заказывала — всё было нормально', 'ru'],
      ['Всего доброго, жду ответа', 'ru'],
      ['Plec la munte mâine, vreau coletul azi', 'ro'],
      ['Ultima dată când am comandat a fost ok', 'ro'],
      ['آخر مرة طلبت كان كويس', 'ar'],
    ] as const)
      expect(categories(text, lang).has('churn_threat'), text).toBe(false);
    for (const [text, lang] of [
      ["I'm cancelling my subscription", 'en'],
      ['This is the last time I fly with you', 'en'],
      ['Перехожу к конкурентам', 'ru'],
      ['Это последний раз, когда я у вас покупаю', 'ru'],
      ['E ultima dată când comand de la voi', 'ro'],
      ['هذه آخر مرة أتعامل معكم', 'ar'],
    ] as const)
      expect(categories(text, lang).has('churn_threat'), text).toBe(true);
  });

  it('«тупо» (just), «лучший в», «не покупала», «поделились», «переход» are no insult, black PR or churn', () => {
    expect(categories('Тупо не работает приложение второй день', 'ru').has('insult')).toBe(false);
    expect(categories('Вы тупые совсем?', 'ru').has('insult')).toBe(true);
    for (const text of [
      'Лучший банк в городе, спасибо',
      'Поделились с друзьями ссылкой, у всех ошибка',
      'Я у вас никогда не покупала ничего, а списали 500 р',
      'Распространено мнение, что у вас хорошая связь',
    ])
      expect(categories(text, 'ru').has('black_pr'), text).toBe(false);
    expect(categories('Не покупайте у них, поделитесь со всеми!', 'ru').has('black_pr')).toBe(true);
    expect(categories('Переход на новый тариф не работает', 'ru').has('churn_threat')).toBe(false);
  });

  it('Romanian “I bought from you”, “fury” and a pet shop, and an Arabic booked room, are no black PR, insult or urgency', () => {
    for (const text of [
      'Am cumpărat de la voi un telefon și s-a stricat',
      'Am comandat de la voi acum o săptămână',
      'Simt o furie enormă, coletul nu a venit',
    ])
      expect(categories(text, 'ro').has('black_pr'), text).toBe(false);
    expect(categories('Nu cumpărați de la ei, luați de la eMag', 'ro').has('black_pr')).toBe(true);
    expect(categories('Magazin de animale, vă recomand', 'ro').has('insult')).toBe(false);
    expect(categories('Curierul a renunțat să mai sune', 'ro').has('churn_threat')).toBe(false);
    expect(categories('Renunț la abonament, e prea scump', 'ro').has('churn_threat')).toBe(true);
    expect(categories('الغرفة محجوزة لكن التكييف خربان', 'ar').has('urgent')).toBe(false);
    expect(categories('المبلغ محجوز من أسبوع ولا أحد يرد', 'ar').has('urgent')).toBe(true);
  });

  it('Arsenal is no swearing', () => {
    expect(categories('Watching Arsenal at the pub, your app crashed', 'en').has('profanity')).toBe(false);
    expect(categories("can't be arsed to call you again", 'en').has('profanity')).toBe(true);
  });
});

describe('cues a new user saw as reasons on the wrong posts (trial, 2026-12-04)', () => {
  it('a customer who has been ordering from the brand is not pushing a rival; sending readers elsewhere is', () => {
    for (const text of [
      "I've been ordering from you for years and this is the worst service yet",
      'I ordered from your site on Monday and nothing arrived',
      'We buy from you every month, please fix the invoices',
    ])
      expect(categories(text, 'en').has('black_pr'), text).toBe(false);
    expect(categories('Save your money and buy from someone else', 'en').has('black_pr')).toBe(true);
    expect(categories('Just go order from another shop, they actually deliver', 'en').has('black_pr')).toBe(true);
  });

  it('Romanian "iar" (and, whereas) is no sweeping generalisation; "iar și iar" (again and again) is', () => {
    expect(categories('Am comandat luni, iar coletul a ajuns vineri', 'ro').has('sweeping')).toBe(false);
    expect(categories('Iar și iar aceeași problemă cu aplicația', 'ro').has('sweeping')).toBe(true);
  });
});

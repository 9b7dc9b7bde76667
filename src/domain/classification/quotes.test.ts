import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { WrittenQuotes } from './quotes.js';

const quoted = (text: string, lang: string, category: string) =>
  new WrittenQuotes(text).quotes(
    analyze(text, lang).hits.filter((h) => h.category === category),
    10,
  );

describe('the words a reason quotes', () => {
  it('are the words as the customer wrote them: diacritics, case, Arabic marks', () => {
    expect(quoted('Bună ziua, telefonul a venit zgâriat și nimeni nu mi-a răspuns.', 'ro', 'negative')).toContain('"zgâriat"');
    expect(quoted('Заказ пришёл разбитым, ВСЁ ужасно', 'ru', 'negative')).toMatch(/"ужасно"/);
    expect(quoted('@TeleOne https://t.co/x the app is TERRIBLE', 'en', 'negative')).toContain('"TERRIBLE"');
  });

  it('keep Arabic letters as written, and fall back to the matched words where the written ones do not fold to them', () => {
    const q = quoted('ما وصلني الطَّلَب والخدمة سيئة جداً', 'ar', 'negative');
    expect(q).toContain('"سيئة"');
    // Matched without its clitic ("والخدمة" → "خدمه"): the written words hold more than the match, so the match is quoted.
    expect(q).toContain('"خدمه سييه"');
  });
});

import { describe, expect, it } from 'vitest';
import { detectLanguage } from './language.js';
import { normalizeText } from './text.js';

const lang = (t: string, hint?: string) => detectLanguage(t, normalizeText(t), hint);

describe('detectLanguage', () => {
  it.each([
    ['Comanda nu a ajuns de doua saptamani, curierul nu raspunde', 'ro'],
    ['Livrare rapida, recomand', 'ro'],
    ['Comanda nu a ajuns de două săptămâni', 'ro'],
    ['Заказ не пришёл', 'ru'],
    ['Спасибо', 'ru'],
    ['لم يصل الطلب حتى الآن', 'ar'],
    ['ليش ما يردون؟', 'ar'],
    ['wtf where is my order', 'en'],
    ['@united thanks for nothing', 'en'],
  ])('%s → %s', (text, expected) => {
    expect(lang(text).language).toBe(expected);
  });

  it('recognises Russian typed in Latin letters', () => {
    const r = lang('Zakaz ne prishel uzhe nedelyu, podderzhka molchit');
    expect(r).toMatchObject({ language: 'ru', transliterated: true });
    expect(lang('privet, kogda budet dostavka?').language).toBe('ru');
  });

  it('reports other languages as such, and trusts a given language', () => {
    expect(lang('Das ist ein sehr schlechter Service und ich bin wirklich wütend darüber').language).toBe('de');
    expect(lang('Це жахливий сервіс, я більше ніколи не замовлю').language).toBe('uk');
    expect(lang('hello', 'ro').language).toBe('ro');
    expect(lang('12345 !!!').language).toBe('und');
  });
});

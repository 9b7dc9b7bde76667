import { describe, expect, it } from 'vitest';
import { analyze, letterCase } from './analyze.js';

describe('analyze', () => {
  it('counts emoji, emoticons and Russian bracket smileys, but not ordinary brackets', () => {
    expect(analyze('Спасибо)))').positiveEmoji).toBe(1);
    expect(analyze('опять не работает(((').negativeEmoji).toBe(1);
    expect(analyze('great :) 👍').positiveEmoji).toBe(2);
    expect(analyze('not again :( 😡').negativeEmoji).toBe(2);
    expect(analyze('Order (#4412) arrived (finally)').positiveEmoji).toBe(0);
    expect(analyze('Order (#4412) arrived (finally)').negativeEmoji).toBe(0);
  });

  it('matches Arabic words behind their clitics', () => {
    const hits = analyze('والخدمة سيئة جدا').hits.map((h) => h.category);
    expect(hits).toContain('negative');
    expect(hits).toContain('topic.service');
  });

  it('marks shouting only when most letters are capitals', () => {
    expect(analyze('WHERE IS MY ORDER').shouting).toBe(true);
    expect(analyze('Where is my order, UPS?').shouting).toBe(false);
  });
});

describe('letterCase', () => {
  it('counts letters and capitals as a letter-by-letter reading would', () => {
    const byLetter = (t: string) => {
      const letters = t.match(/\p{L}/gu) ?? [];
      return { letters: letters.length, upper: letters.filter((c) => c !== c.toLowerCase()).length };
    };
    for (const t of [
      'WORST COMPANY EVER!!!',
      'ненавижу ВАС',
      'أسوأ شركة',
      '𝐀𝐁𝐂 abc',
      'ΣΟΦΟΣ σοφός',
      'İstanbul',
      'ǅungla',
      '',
      '123 !!!',
      'ÇA NE MARCHE PAS',
    ])
      expect(letterCase(t), t).toEqual(byLetter(t));
  });
});

import { describe, expect, it } from 'vitest';
import { analyze, letterCase } from './analyze.js';
import { normalizeForSearch } from '../mentions/search-text.js';
import { normalizeText, tokenize, URL_RE } from './text.js';

/** A ")" after a letter that closes no bracket (analyze.ts's reading, run on every text). */
function loneSmileys(text: string): number {
  let open = 0;
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') open++;
    else if (text[i] === ')') {
      if (open > 0) open--;
      else if (text[i + 1] !== ')' && text[i - 1] !== ')' && /\p{L}/u.test(text[i - 1] ?? '')) count++;
    }
  }
  return count;
}

/** Texts for the fast paths: links in any case, handles, repeats (astral too), marks, emoji, capitals. */
const SHAPES = [
  'WHERE IS MY ORDER',
  'Where is my order, UPS?',
  'HTTPS://EXAMPLE.COM/X is down WWW.example.org',
  'see HttPſ://x.y and www.z',
  'no link: http without colon, wwwx',
  '@united @Delta_Air. thanks for nothing',
  'sooooo goood!!! ',
  '𝐀𝐀𝐀 𝐀𝐀 aa',
  'ЁЁЁ ёлка ЕЩЁ НЕ ПРИШЛО',
  'ненавижу ВАС ОЧЕНЬ СИЛЬНО',
  'ΣΟΦΟΣ σοφός ΣΑΣ',
  'İSTANBUL İİİİİ',
  'Спасибо))) и ещё раз) (нет)',
  'опять не работает(((',
  'great :) :D :-) 👍 ✨ ❤ ♥ ☺ 🤗',
  'not again :( :-( 😡 💔',
  'Order (#4412) arrived (finally) ABC DEF',
  'لا تشتروا منهم؟؟ اشتروا من متجر النخبة!!',
  'كتير حلو 😍😍 WOW',
  'x'.repeat(30),
  'AAAAAAAA',
  'AAAA bbbb',
  'Ⅻ ⓐⒷⒸⒹⒺ abcdefgh',
  '',
];

describe('analyze', () => {
  it("gives the text's shape exactly as running every regular expression would", () => {
    const URL_PLAIN = new RegExp(URL_RE.source, URL_RE.flags);
    for (const t of SHAPES) {
      const noUrl = t.replace(URL_PLAIN, '');
      const { letters, upper } = letterCase(noUrl);
      const a = analyze(t);
      expect(
        {
          shouting: a.shouting,
          exclamations: a.exclamations,
          questionMarks: a.questionMarks,
          positiveEmoji: a.positiveEmoji,
          negativeEmoji: a.negativeEmoji,
        },
        t,
      ).toEqual({
        shouting: letters >= 8 && upper / letters > 0.6,
        exclamations: (t.match(/!/g) ?? []).length,
        questionMarks: (t.match(/[?؟]/g) ?? []).length,
        positiveEmoji:
          (t.match(/[😀😃😄😁😊🙂😍🥰😘🤩👍🙏👏🎉💯✨❤♥💙💚💜🧡💛🌹😇☺🤗]/gu) ?? []).length +
          (t.match(/[:;=]-?[)D]|(?<![(:;=\d])\){2,}/gu) ?? []).length +
          loneSmileys(t),
        negativeEmoji:
          (t.match(/[😡😠🤬👎😤😢😭💩🙄😒😞😩😫🤮😑😔💔😖😣🤦]/gu) ?? []).length + (t.match(/[:;=]-?\(|(?<![):;=\d])\({2,}/gu) ?? []).length,
      });
    }
  });

  it('normalises and tokenises exactly as every replacement run unconditionally would', () => {
    const slow = (text: string) =>
      normalizeForSearch(text.replace(new RegExp(URL_RE.source, URL_RE.flags), ' urltoken ').replace(/(^|\s)@[\p{L}\p{N}_.]+/gu, '$1 usertoken '))
        .replace(/(\p{L})\1{2,}/gu, '$1$1')
        .replace(/[’`]/g, "'");
    for (const t of [...SHAPES, "don't--  l'' -x- ’quoted’ `tick`", "Ab-- cd'' e-f"]) {
      expect(normalizeText(t), t).toBe(slow(t));
      expect(tokenize(normalizeText(t)), t).toEqual((slow(t).match(/[\p{L}\p{N}][\p{L}\p{N}*@$#'’-]*/gu) ?? []).map((w) => w.replace(/[-']+$/u, '')));
    }
  });

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

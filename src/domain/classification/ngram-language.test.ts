import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eld } from 'eld/small';
import { describe, expect, it } from 'vitest';
import { eldInternals } from '../../../scripts/training/eld-internals.js';
import { detectNgramLanguage, packNgrams } from './ngram-language.js';
import table from './ngram-language.json' with { type: 'json' };

const CORPUS = join(import.meta.dirname, '../../../training/corpus/generated.jsonl');

/** Texts of every kind eld's steps treat specially: cuts, long words, surrogates, apostrophes, other scripts. */
const EDGE_CASES = [
  '',
  ' ',
  '!!! 123 ...',
  'a',
  'ab',
  'abc',
  'abcd',
  'abcde',
  'abcdefg',
  'x'.repeat(69),
  'x'.repeat(70),
  'x'.repeat(71),
  'x'.repeat(100),
  `${'x'.repeat(100)} ${'x'.repeat(100)}`,
  'я'.repeat(50),
  `${'é'.repeat(40)} ok`,
  '😀 hi 😀 there',
  '\ud83d',
  'a\ud83d',
  '\ude00b',
  "don't won’t `x' ''a",
  'İstanbul İİ ẞtraße',
  'a'.repeat(2000),
  'word '.repeat(300),
  'слово '.repeat(300),
  'ab'.repeat(200),
  'Ελληνικά κείμενο εδώ',
  '中文文本测试，还有更多',
  'こんにちは世界',
  'हिन्दी पाठ यहाँ है',
  'Це жахливий сервіс, я більше ніколи не замовлю',
  'Das ist ein sehr schlechter Service und ich bin wirklich wütend darüber',
  'این یک متن فارسی است که چند کلمه دارد',
  'Comanda nu a ajuns de două săptămâni, curierul nu răspunde',
  'لم يصل الطلب حتى الآن والخدمة سيئة جدا',
];

/** Deterministic random texts mixing the scripts, spaces and marks. */
function randomTexts(n: number): string[] {
  const alphabet = [...'abcdefghijklmnopqrstuvwxyzăâîșțéüößабвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєابتثجحخدذرسشصعفقكلمنهويىةأإآ'];
  const marks = [' ', ' ', ' ', ',', '.', "'", '’', '`', '-', '!', '?', '1', '😀', '\u0301', '\n'];
  let seed = 12345;
  const rand = (k: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % k;
  };
  return Array.from({ length: n }, () => {
    let s = '';
    const len = 1 + rand(300);
    for (let i = 0; i < len; i++) s += rand(5) === 0 ? marks[rand(marks.length)] : alphabet[rand(alphabet.length)];
    return rand(3) === 0 ? s.toUpperCase() : s;
  });
}

describe('detectNgramLanguage', () => {
  it('runs on the n-gram table of the installed eld (run scripts/training/language-table.ts after upgrading eld)', async () => {
    const e = await eldInternals();
    expect(table).toEqual(packNgrams(e.ngramsData, e.dictionary, e.separators, e.version));
  });

  it("gives eld's language and scores, bit for bit", () => {
    const corpus = readFileSync(CORPUS, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { text: string }).text);
    const texts = [...EDGE_CASES, ...corpus, ...randomTexts(3000)];
    expect(texts.length).toBeGreaterThan(5000);
    const differ: string[] = [];
    const languages = new Set<string>();
    for (const text of texts) {
      const want = eld.detect(text);
      const got = detectNgramLanguage(text);
      languages.add(got.language);
      // toEqual on numbers is exact: the same doubles, in the same order.
      if (got.language !== want.language || JSON.stringify(got.scores()) !== JSON.stringify(want.getScores())) differ.push(text);
      else if (want.language && got.score(want.language) !== want.getScores()[want.language]) differ.push(text);
    }
    expect(differ).toEqual([]);
    // The texts reach many languages, and the "nothing known" answer too.
    expect(languages.size).toBeGreaterThan(8);
    expect(languages.has('')).toBe(true);
  });

  it('answers per language: undefined where no n-gram of the text is listed', () => {
    const r = detectNgramLanguage('Заказ не пришёл уже вторую неделю, поддержка молчит');
    expect(r.language).toBe('ru');
    expect(r.score('ru')).toBeGreaterThan(r.score('bg') ?? 0);
    expect(r.score('ja')).toBeUndefined();
    expect(r.score('xx')).toBeUndefined();
    expect(detectNgramLanguage('12345 !!!').score('en')).toBeUndefined();
  });
});

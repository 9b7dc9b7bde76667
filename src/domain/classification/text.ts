/**
 * Text preparation shared by matching, features and language detection:
 * the search normalisation (case, diacritics, Arabic marks, ё), URLs,
 * handles and numbers replaced by placeholders, letters repeated for emphasis
 * collapsed ("soooo" → "soo"), and Russian written in Latin letters turned
 * back into Cyrillic.
 */
import { normalizeForSearch } from '../mentions/search-text.js';

export const URL_RE = /\bhttps?:\/\/\S+|\bwww\.\S+/giu;
const HANDLE_RE = /(^|\s)@[\p{L}\p{N}_.]+/gu;
const REPEAT_RE = /(\p{L})\1{2,}/gu;
/** Letters, digits and the obfuscation marks kept inside words (f*ck, х@й). */
const TOKEN_RE = /[\p{L}\p{N}][\p{L}\p{N}*@$#'’-]*/gu;

export function normalizeText(text: string): string {
  return normalizeForSearch(text.replace(URL_RE, ' urltoken ').replace(HANDLE_RE, '$1 usertoken ')).replace(REPEAT_RE, '$1$1').replace(/[’`]/g, "'");
}

export function tokenize(normalized: string): string[] {
  return (normalized.match(TOKEN_RE) ?? []).map((t) => t.replace(/[-']+$/u, ''));
}

// Longest sequences first. Chat transliteration also writes 4 for ч and 6 for ш.
const TRANSLIT: [string, string][] = [
  ['shch', 'щ'],
  ['sch', 'щ'],
  ['zh', 'ж'],
  ['kh', 'х'],
  ['ch', 'ч'],
  ['sh', 'ш'],
  ['ts', 'ц'],
  ['tz', 'ц'],
  ['yu', 'ю'],
  ['ju', 'ю'],
  ['ya', 'я'],
  ['ja', 'я'],
  ['yo', 'е'],
  ['jo', 'е'],
  ['ye', 'е'],
  ['iy', 'ий'],
  ['yy', 'ый'],
  ['a', 'а'],
  ['b', 'б'],
  ['v', 'в'],
  ['w', 'в'],
  ['g', 'г'],
  ['d', 'д'],
  ['e', 'е'],
  ['z', 'з'],
  ['i', 'и'],
  ['j', 'й'],
  ['k', 'к'],
  ['l', 'л'],
  ['m', 'м'],
  ['n', 'н'],
  ['o', 'о'],
  ['p', 'п'],
  ['r', 'р'],
  ['s', 'с'],
  ['t', 'т'],
  ['u', 'у'],
  ['f', 'ф'],
  ['h', 'х'],
  ['c', 'ц'],
  ['x', 'кс'],
  ['q', 'к'],
  ["'", 'ь'],
  ['4', 'ч'],
  ['6', 'ш'],
];
const VOWELS = new Set(['а', 'е', 'и', 'о', 'у', 'ы', 'э', 'ю', 'я']);

/** Russian written in Latin letters, back to Cyrillic (best effort: "zakaz ne prishel" → "заказ не пришел"). */
export function translitToCyrillic(word: string): string {
  let out = '';
  for (let i = 0; i < word.length;) {
    if (word[i] === 'y') {
      // y after a vowel is й (moy, kakoy), elsewhere ы (ty, vy, byl).
      const prev = out.at(-1);
      out += prev && VOWELS.has(prev) ? 'й' : 'ы';
      i++;
      continue;
    }
    const hit = TRANSLIT.find(([lat]) => word.startsWith(lat, i));
    if (hit) {
      out += hit[1];
      i += hit[0].length;
    } else {
      out += word[i];
      i++;
    }
  }
  return out;
}

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

/**
 * Whether URL_RE can match: every match contains "http" or "www." (letters only matched as their ASCII cases: no
 * other character case-folds to h, t, p or w). Far cheaper than the replace itself, which most texts do not need.
 */
const URL_HINT = /http|www\./i;

/** `text` with its URLs replaced by `by` (the same as text.replace(URL_RE, by)). */
export function replaceUrls(text: string, by: string): string {
  return URL_HINT.test(text) ? text.replace(URL_RE, by) : text;
}

/**
 * Whether REPEAT_RE can match: three equal UTF-16 units in a row, or any surrogate (a letter outside the BMP
 * repeated is not three equal units). Checked before running the regular expression, which most texts do not need.
 */
function mayRepeat(text: string): boolean {
  let a = -1;
  let b = -2;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c === a && c === b) || (c >= 0xd800 && c <= 0xdfff)) return true;
    b = a;
    a = c;
  }
  return false;
}

/** Links and @handles as the one word each that the analysis reads them as. */
export function replaceLinksAndHandles(text: string): string {
  const t = replaceUrls(text, ' urltoken ');
  return t.includes('@') ? t.replace(HANDLE_RE, '$1 usertoken ') : t;
}

export function normalizeText(text: string): string {
  let t = replaceLinksAndHandles(text);
  t = normalizeForSearch(t);
  if (mayRepeat(t)) t = t.replace(REPEAT_RE, '$1$1');
  return t.replace(/[’`]/g, "'");
}

export function tokenize(normalized: string): string[] {
  const tokens = normalized.match(TOKEN_RE) ?? [];
  for (let i = 0; i < tokens.length; i++) {
    // Trailing hyphens and apostrophes dropped; most tokens have none (then the replace is the identity).
    const t = tokens[i]!;
    const last = t.charCodeAt(t.length - 1);
    if (last === 45 || last === 39) tokens[i] = t.replace(/[-']+$/u, '');
  }
  return tokens;
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

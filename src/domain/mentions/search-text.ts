import { stem, type StemLanguage } from '../text/stemming.js';

/**
 * Text normalisation for full-text search, shared by indexing and querying so
 * that both sides agree: lower case, Latin diacritics removed (Romanian
 * "ș/ş/s" all match), Arabic vowel marks and tatweel removed, alef variants
 * folded, Cyrillic ё folded to е (й stays й).
 */
/** Arabic vowel marks and tatweel (not letters). */
export const ARABIC_MARKS = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]/g;
const COMBINING = /\p{M}/gu;

/** Nothing above U+007F. */
const NOT_ASCII = /[^\0-\u007f]/;

export function normalizeForSearch(text: string): string {
  // ASCII is its own NFKC, NFD and NFC and has none of the marks and letters folded below: only the case changes.
  if (!NOT_ASCII.test(text)) return text.toLowerCase();
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(ARABIC_MARKS, '')
    .replace(/[\u0622\u0623\u0625\u0671]/g, '\u0627') // آ أ إ ٱ → ا
    .replace(/\u0649/g, '\u064A') // ى → ي
    .replace(/\u0629/g, '\u0647') // ة → ه
    .replace(/ё/g, 'е')
    .normalize('NFD')
    .replace(/и\u0306/g, 'й') // й is a letter of its own, not и with a mark
    .replace(COMBINING, '')
    .normalize('NFC');
}

const WORD = /[\p{L}\p{N}]+/gu;
const CYRILLIC = /\p{Script=Cyrillic}/u;
const ARABIC = /\p{Script=Arabic}/u;
const LATIN = /\p{Script=Latin}/u;
/** Stems shorter than this are not used (an Arabic root has three letters). */
const MIN_STEM = 3;

/** The languages whose stemmer a word is read with, by its script: Latin words are Romanian or English. */
function stemLanguages(word: string): StemLanguage[] {
  if (CYRILLIC.test(word)) return ['ru'];
  if (ARABIC.test(word)) return ['ar'];
  if (LATIN.test(word)) return ['ro', 'en'];
  return [];
}

/** A normalised word's usable stems, normalised the same way. */
function wordStems(word: string): string[] {
  const out: string[] = [];
  for (const lang of stemLanguages(word)) {
    const s = normalizeForSearch(stem(word, lang));
    if (s.length >= MIN_STEM && /^[\p{L}\p{N}]+$/u.test(s)) out.push(s);
  }
  return out;
}

/**
 * What is indexed for a mention (`search_text`): the normalised text, then each word's stem that is not a prefix
 * of the word itself — in practice Arabic words without their clitics ("بالطلب" → "طلب") — so that a query term
 * reduced to its stem and matched as a prefix finds every inflected form ("доставкой", "доставки" for
 * "доставка"; "الطلبية", "بالطلب" for "طلبات"; "livrarea", "livrat" for "livrare").
 */
export function searchIndexText(text: string): string {
  const normal = normalizeForSearch(text);
  const extra = new Set<string>();
  for (const word of normal.match(WORD) ?? []) for (const s of wordStems(word)) if (!word.startsWith(s)) extra.add(s);
  return extra.size ? `${normal}\n${[...extra].join(' ')}` : normal;
}

/**
 * Splits a user's query into normalised word terms (letters and digits only), each reduced to its shortest usable
 * stem, at most `max` of them. Each term is matched as a prefix by the repositories, against `searchIndexText`.
 */
export function searchTerms(query: string, max = 12): string[] {
  const words = normalizeForSearch(query).match(WORD) ?? [];
  const terms = words.map((w) => wordStems(w).reduce((best, s) => (s.length < best.length ? s : best), w));
  return [...new Set(terms)].slice(0, max);
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/**
 * Whether an indexed text (`searchIndexText`) holds every term as the prefix of one of its words — what the
 * full-text indexes answer for the same terms, decided on the one text: used where a query tests the few rows it
 * walks instead of asking the index for every match.
 */
export function textHasTerms(indexed: string, terms: readonly string[]): boolean {
  return terms.every((term) => {
    if (!term) return true;
    for (let at = indexed.indexOf(term); at >= 0; at = indexed.indexOf(term, at + 1)) {
      if (at === 0 || !WORD_CHAR.test(indexed[at - 1]!)) return true;
    }
    return false;
  });
}

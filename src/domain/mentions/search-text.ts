/**
 * Text normalisation for full-text search, shared by indexing and querying so
 * that both sides agree: lower case, Latin diacritics removed (Romanian
 * "ș/ş/s" all match), Arabic vowel marks and tatweel removed, alef variants
 * folded, Cyrillic ё folded to е (й stays й).
 */
const ARABIC_MARKS = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]/g;
const COMBINING = /\p{M}/gu;

export function normalizeForSearch(text: string): string {
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

/**
 * Splits a user's query into normalised word terms (letters and digits only),
 * at most `max` of them. Each term is matched as a prefix by the repositories.
 */
export function searchTerms(query: string, max = 12): string[] {
  const words = normalizeForSearch(query).match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words)].slice(0, max);
}

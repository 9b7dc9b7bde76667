/**
 * Stemming for the four languages the desk reads, so that features, phrase
 * lists, competitor names and search match inflected forms ("МегаМаркете" is
 * "МегаМаркет", "comenzii" is "comanda"). Snowball stemmers for Russian,
 * Romanian and English and a light Arabic stemmer, all from @orama/stemmers
 * (pure functions, no I/O). Words are lower-cased first; Romanian cedilla
 * letters are folded to the comma forms Snowball expects, and the stem is
 * stripped of diacritics so text typed without them stems the same way.
 */
import { stemmer as arabic } from '@orama/stemmers/arabic';
import { stemmer as english } from '@orama/stemmers/english';
import { stemmer as romanian } from '@orama/stemmers/romanian';
import { stemmer as russian } from '@orama/stemmers/russian';

export type StemLanguage = 'ru' | 'ro' | 'ar' | 'en';
export const STEM_LANGUAGES: readonly StemLanguage[] = ['ru', 'ro', 'ar', 'en'];

const STEMMERS: Record<StemLanguage, (word: string) => string> = { ru: russian, ro: romanian, ar: arabic, en: english };

const RO_DIACRITICS: Record<string, string> = { ă: 'a', â: 'a', î: 'i', ș: 's', ț: 't', ş: 's', ţ: 't' };

/** Caches per language: mentions repeat a small vocabulary, and a hit is far cheaper than a stemmer run. */
const CACHE_LIMIT = 50_000;
const caches: Record<StemLanguage, Map<string, string>> = { ru: new Map(), ro: new Map(), ar: new Map(), en: new Map() };

export function isStemLanguage(lang: string | null | undefined): lang is StemLanguage {
  return lang === 'ru' || lang === 'ro' || lang === 'ar' || lang === 'en';
}

/** The stem of one word in a language; words of other languages pass through lower-cased. */
export function stem(word: string, lang: string | null | undefined): string {
  const lower = word.toLowerCase();
  if (!isStemLanguage(lang)) return lower;
  const cache = caches[lang];
  const hit = cache.get(lower);
  if (hit !== undefined) return hit;
  const out = stemLower(lower, lang);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(lower, out);
  return out;
}

/** {@link stem} without its cache, for callers that keep their own per word (the classifier's word tables). */
export function stemUncached(word: string, lang: string | null | undefined): string {
  const lower = word.toLowerCase();
  return isStemLanguage(lang) ? stemLower(lower, lang) : lower;
}

function stemLower(lower: string, lang: StemLanguage): string {
  if (lang === 'ro') {
    const folded = lower.replace(/ş/g, 'ș').replace(/ţ/g, 'ț');
    return romanian(folded).replace(/[ăâîșțşţ]/g, (ch) => RO_DIACRITICS[ch] ?? ch);
  }
  if (lang === 'ru') return russian(lower.replace(/ё/g, 'е'));
  return STEMMERS[lang](lower);
}

const WORD = /[\p{L}\p{M}\p{N}]+/gu;

/** The words of a text, in order, each with its stem and where it stands in the text. */
export function stemWords(text: string, lang: string | null | undefined): { word: string; stem: string; start: number; end: number }[] {
  const out: { word: string; stem: string; start: number; end: number }[] = [];
  for (const m of text.matchAll(WORD)) {
    out.push({ word: m[0], stem: stem(m[0], lang), start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** The stems of a text's words, in order. */
export function stems(text: string, lang: string | null | undefined): string[] {
  return stemWords(text, lang).map((w) => w.stem);
}

/**
 * The reply's own language, not the case's: a Russian reply on a Romanian
 * case is checked with the Russian lists. The reply is cut into sentences,
 * each sentence's script decides Arabic or Cyrillic, and the classifier's
 * language step (detectLanguage) tells Romanian from English in Latin text.
 * Neighbouring sentences in one language make a segment; a mixed reply has
 * several segments and is checked in each language present. Scraps too short
 * to tell (a signature, a brand name, "OK") join the segment before them.
 */
import { detectLanguage } from '../../../../src/domain/classification/language.js';
import { normalizeText } from '../../../../src/domain/classification/text.js';

import { type CheckLanguage, isCheckLanguage } from './languages.js';

export { CHECK_LANGUAGES, type CheckLanguage, isCheckLanguage } from './languages.js';

export interface LanguageSegment {
  lang: CheckLanguage;
  /** [start, end) in the reply (UTF-16 offsets). */
  start: number;
  end: number;
}

type Script = 'arabic' | 'cyrillic' | 'latin' | 'none';

const NOT_WORDS = /(?:https?:\/\/|www\.)\S+|[\w.+-]+@[\w-]+\.[\w.]+|@[\p{L}\p{N}_.]+/gu;

function scriptOf(raw: string): { script: Script; letters: number } {
  // Links, e-mail addresses and handles are in Latin letters whatever the reply's language.
  const text = raw.replace(NOT_WORDS, ' ');
  let arabic = 0;
  let cyrillic = 0;
  let latin = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x0600 && c <= 0x06ff) || (c >= 0x0750 && c <= 0x077f) || (c >= 0xfb50 && c <= 0xfeff)) arabic++;
    else if (c >= 0x0400 && c <= 0x04ff) cyrillic++;
    else if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0xc0 && c <= 0x24f)) latin++;
  }
  const letters = arabic + cyrillic + latin;
  if (!letters) return { script: 'none', letters };
  if (arabic >= cyrillic && arabic >= latin) return { script: 'arabic', letters };
  if (cyrillic >= latin) return { script: 'cyrillic', letters };
  return { script: 'latin', letters };
}

/** Sentences with their offsets: cut after . ! ? ؟ … and at line breaks. URLs are not cut at their dots. */
export function sentences(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const re = /(?:https?:\/\/|www\.)\S+|[.!?؟…]+(?=\s|$)|\n+/gu;
  let start = 0;
  for (const m of text.matchAll(re)) {
    if (/^(?:https?:|www\.)/iu.test(m[0])) continue;
    const end = m.index + m[0].length;
    if (text.slice(start, end).trim()) out.push({ start, end });
    start = end;
  }
  if (text.slice(start).trim()) out.push({ start, end: text.length });
  return out;
}

const MIN_LETTERS = 12;

/** Romanian or English for Latin text, by the classifier's language step; a hint in Latin script wins. */
function latinLanguage(text: string, hint: CheckLanguage | undefined): { lang: CheckLanguage; decisive: boolean } {
  if (hint === 'ro' || hint === 'en') return { lang: hint, decisive: true };
  // In a short text Romanian's own letters settle it (ă â î ș ț, and the cedilla forms); a longer one may just name Chișinău.
  if (/[ăâîșțşţ]/iu.test(text) && (text.match(/\p{L}+/gu)?.length ?? 0) < 8) return { lang: 'ro', decisive: true };
  const detected = detectLanguage(text, normalizeText(text));
  // Settled by function words: then its sentences need no call of their own.
  return { lang: detected.language === 'ro' ? 'ro' : 'en', decisive: /words$/.test(detected.reason) };
}

/**
 * The reply's segments by language, in order, covering the whole text. The
 * hint (a language the caller knows) is used where the script allows it: a
 * Cyrillic sentence is Russian whatever the hint says.
 */
export function languageSegments(text: string, hint?: CheckLanguage | null): LanguageSegment[] {
  const h = hint ?? undefined;
  const parts = sentences(text).map((s) => ({ ...s, ...scriptOf(text.slice(s.start, s.end)) }));
  const latinSentences = parts.filter((p) => p.script === 'latin').length;
  const latinText = parts
    .filter((p) => p.script === 'latin')
    .map((p) => text.slice(p.start, p.end))
    .join(' ');
  const { lang: latin, decisive } = latinText
    ? latinLanguage(latinText, h)
    : { lang: h === 'ro' ? ('ro' as const) : ('en' as const), decisive: true };
  const langOf = (s: Script): CheckLanguage | null => (s === 'arabic' ? 'ar' : s === 'cyrillic' ? 'ru' : s === 'latin' ? latin : null);
  // A Latin sentence long enough to tell on its own (an English sentence in a Romanian reply) keeps its own language.
  const latinOf = (p: { start: number; end: number }): CheckLanguage => {
    const sentence = text.slice(p.start, p.end);
    if (h === 'ro' || h === 'en' || latinSentences < 2 || decisive || (sentence.match(/\p{L}+/gu)?.length ?? 0) < 6) return latin;
    const r = detectLanguage(sentence, normalizeText(sentence));
    return /words$/.test(r.reason) && (r.language === 'ro' || r.language === 'en') ? r.language : latin;
  };
  const biggest = parts.reduce<{ lang: CheckLanguage | null; letters: number }>(
    (a, p) => (p.letters > a.letters ? { lang: langOf(p.script), letters: p.letters } : a),
    { lang: null, letters: 0 },
  );
  const fallback: CheckLanguage = biggest.lang ?? (h && isCheckLanguage(h) ? h : 'en');

  const segments: LanguageSegment[] = [];
  for (const p of parts) {
    // A scrap (signature, brand name, "OK") takes the language before it, or the reply's main one.
    const own = p.letters >= MIN_LETTERS ? (p.script === 'latin' ? latinOf(p) : langOf(p.script)) : null;
    const lang = own ?? segments.at(-1)?.lang ?? fallback;
    const last = segments.at(-1);
    if (last && last.lang === lang) last.end = p.end;
    else segments.push({ lang, start: p.start, end: p.end });
  }
  if (!segments.length) return [{ lang: fallback, start: 0, end: text.length }];
  segments[0]!.start = 0;
  segments.at(-1)!.end = text.length;
  // Scraps at the start took the fallback; merge neighbours that now agree.
  const merged: LanguageSegment[] = [];
  for (const s of segments) {
    const last = merged.at(-1);
    if (last && last.lang === s.lang) last.end = s.end;
    else merged.push({ ...s });
  }
  return merged;
}

/** The reply's main language: the one with the most text. */
export function mainLanguage(text: string, segments: LanguageSegment[]): CheckLanguage {
  const size = new Map<CheckLanguage, number>();
  for (const s of segments) size.set(s.lang, (size.get(s.lang) ?? 0) + scriptOf(text.slice(s.start, s.end)).letters);
  return [...size.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? segments[0]?.lang ?? 'en';
}

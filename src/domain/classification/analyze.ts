/**
 * Reads a mention once: language, normalised words (transliterated Russian
 * turned into Cyrillic), phrase-list hits, and the shape of the text.
 */
import type { Analysis } from './features.js';
import { detectLanguage, type LanguageResult } from './language.js';
import { matcherFor, stemMatcherFor } from './lexicons.js';
import { stem } from '../text/stemming.js';
import { normalizeText, tokenize, translitToCyrillic, URL_RE } from './text.js';

const POSITIVE_EMOJI = /[😀😃😄😁😊🙂😍🥰😘🤩👍🙏👏🎉💯✨❤♥💙💚💜🧡💛🌹😇☺🤗]/gu;
const NEGATIVE_EMOJI = /[😡😠🤬👎😤😢😭💩🙄😒😞😩😫🤮😑😔💔😖😣🤦]/gu;
const SMILEY = /[:;=]-?[)D]|(?<![(:;=\d])\){2,}/gu;
const FROWN = /[:;=]-?\(|(?<![):;=\d])\({2,}/gu;
/** "такие)" — a single ")" after a word that closes no open bracket is a smile in Russian chat. */
function loneSmileys(text: string): number {
  let open = 0;
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(') open++;
    else if (ch === ')') {
      if (open > 0) open--;
      else if (text[i + 1] !== ')' && text[i - 1] !== ')' && /\p{L}/u.test(text[i - 1] ?? '')) count++;
    }
  }
  return count;
}

// Arabic clitics glued to the word: و ف ب ل ك and the article ال.
const AR_PREFIX = /^(?:و|ف)?(?:ب|ل|ك)?(?:ال)?(?=\p{L}{3,})/u;

export interface AnalysisResult extends Analysis {
  languageInfo: LanguageResult;
}

export function analyze(text: string, langHint?: string, extraLexicon?: { competitors?: string[] }): AnalysisResult {
  const normalized = normalizeText(text);
  const languageInfo = detectLanguage(text, normalized, langHint);
  let words = tokenize(normalized);
  if (languageInfo.transliterated) words = words.map((w) => (/^[a-z'46]+$/.test(w) ? translitToCyrillic(w) : w));
  const matchLang = languageInfo.language;
  const matcher = matcherFor(matchLang);
  let hits = matcher.match(words);
  if (matchLang === 'ar') {
    // Also match the words without their clitics ("والخدمة" → "خدمة").
    const stripped = words.map((w) => w.replace(AR_PREFIX, ''));
    const seen = new Set(hits.map((h) => `${h.category}\u0000${h.phrase}`));
    for (const h of matcher.match(stripped)) if (!seen.has(`${h.category}\u0000${h.phrase}`)) hits.push(h);
  }
  const stems = words.map((w) => stem(w, matchLang));
  const stemMatcher = stemMatcherFor(matchLang);
  if (stemMatcher) {
    // Inflected forms: the lists matched once more, stem against stem ("покупайте" and "покупай").
    const seen = new Set(hits.map((h) => `${h.category}\u0000${h.phrase}`));
    for (const h of stemMatcher.match(stems)) {
      if (seen.has(`${h.category}\u0000${h.phrase}`)) continue;
      seen.add(`${h.category}\u0000${h.phrase}`);
      hits.push({ ...h, text: words.slice(h.index, h.index + h.text.split(' ').length).join(' ') });
    }
  }
  if (extraLexicon?.competitors?.length) {
    hits = [...hits, ...competitorHits(extraLexicon.competitors, words, stems, matchLang)];
  }
  const letters = text.replace(URL_RE, '').match(/\p{L}/gu) ?? [];
  const upper = letters.filter((c) => c !== c.toLowerCase()).length;
  return {
    language: languageInfo.language,
    languageInfo,
    words,
    stems,
    hits,
    shouting: letters.length >= 8 && upper / letters.length > 0.6,
    exclamations: (text.match(/!/g) ?? []).length,
    questionMarks: (text.match(/[?؟]/g) ?? []).length,
    hasNumber: /\d{3,}/.test(text),
    hasUrl: /https?:\/\/|www\./i.test(text),
    // Emoji, Western emoticons, and the bracket smileys of Russian chat: ")))" smiles, "(((" frowns.
    positiveEmoji: (text.match(POSITIVE_EMOJI) ?? []).length + (text.match(SMILEY) ?? []).length + loneSmileys(text),
    negativeEmoji: (text.match(NEGATIVE_EMOJI) ?? []).length + (text.match(FROWN) ?? []).length,
  };
}

/**
 * The brand's competitors named in the text, inflected or not: each name is
 * compared word by word with the text, stem against stem ("в МегаМаркете"
 * names МегаМаркет; "من متجر النخبة" names متجر النخبة).
 */
export function competitorHits(competitors: string[], words: string[], stems: string[], lang: string) {
  const hits: { category: string; phrase: string; text: string; index: number }[] = [];
  for (const raw of competitors) {
    const nameWords = tokenize(normalizeText(raw));
    if (!nameWords.length) continue;
    const nameStems = nameWords.map((w) => stem(w, lang));
    const same = (i: number, k: number) => words[i + k] === nameWords[k] || stems[i + k] === nameStems[k];
    for (let i = 0; i + nameWords.length <= words.length; i++) {
      if (nameWords.every((_, k) => same(i, k))) {
        hits.push({ category: 'competitor', phrase: raw.trim(), text: words.slice(i, i + nameWords.length).join(' '), index: i });
        break;
      }
    }
  }
  return hits;
}

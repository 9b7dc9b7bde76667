/**
 * Reads a mention once: language, normalised words (transliterated Russian
 * turned into Cyrillic), phrase-list hits, and the shape of the text.
 */
import type { Analysis } from './features.js';
import { detectLanguage, type LanguageResult } from './language.js';
import { matcherFor, stemMatcherFor } from './lexicons.js';
import type { Candidates, PhraseMatcher } from './phrase-matcher.js';
import { stem, stemUncached } from '../text/stemming.js';
import { normalizeText, replaceUrls, tokenize, translitToCyrillic } from './text.js';

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

const NOT_LETTERS = /\P{L}+/gu;

/** How many letters (code points of \p{L}) a text has, and how many of them change in lower case. */
export function letterCase(text: string): { letters: number; upper: number } {
  const only = text.replace(NOT_LETTERS, '');
  let letters = only.length;
  for (let i = 0; i < only.length; i++) {
    const c = only.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) letters--; // a letter outside the BMP is two code units
  }
  // No letter changes in lower case exactly when the whole text does not (only which lower case Σ takes depends on context).
  if (only === only.toLowerCase()) return { letters, upper: 0 };
  let upper = 0;
  for (const ch of only) if (ch !== ch.toLowerCase()) upper++;
  return { letters, upper };
}

// Arabic clitics glued to the word: و ف ب ل ك and the article ال.
const AR_PREFIX = /^(?:و|ف)?(?:ب|ل|ك)?(?:ال)?(?=\p{L}{3,})/u;

/** What a word gives in one language, whatever text it is in: its stem and the phrase patterns it may start. */
interface WordInfo {
  stem: string;
  patterns: Candidates;
  /** The stem's patterns in the stemmed lists (languages with stem matching). */
  stemPatterns: Candidates | null;
  /** Arabic: the word without its clitics, and its patterns. */
  stripped: string | null;
  strippedPatterns: Candidates | null;
}

/** Per language, the words seen lately and what they give (one lookup per word instead of one per matcher). */
class WordTable {
  private readonly words = new Map<string, WordInfo>();
  constructor(private readonly lang: string) {}

  get(word: string): WordInfo | undefined {
    return this.words.get(word);
  }

  add(word: string, matcher: PhraseMatcher, stemMatcher: PhraseMatcher | null): WordInfo {
    // The table is the cache: each word is stemmed once while it stays here.
    const st = stemUncached(word, this.lang);
    const stripped = this.lang === 'ar' ? word.replace(AR_PREFIX, '') : null;
    const info: WordInfo = {
      stem: st,
      patterns: matcher.patternsFor(word),
      stemPatterns: stemMatcher ? stemMatcher.patternsFor(st) : null,
      stripped,
      strippedPatterns: stripped === null ? null : matcher.patternsFor(stripped),
    };
    if (this.words.size >= WORD_TABLE_LIMIT) this.words.clear();
    this.words.set(word, info);
    return info;
  }
}

const WORD_TABLE_LIMIT = 50_000;
const wordTables = new Map<string, WordTable>();

function wordTable(lang: string): WordTable {
  let t = wordTables.get(lang);
  if (!t) wordTables.set(lang, (t = new WordTable(lang)));
  return t;
}

export interface AnalysisResult extends Analysis {
  languageInfo: LanguageResult;
}

export function analyze(text: string, langHint?: string, extraLexicon?: { competitors?: string[] }): AnalysisResult {
  const normalized = normalizeText(text);
  let words = tokenize(normalized);
  const languageInfo = detectLanguage(text, normalized, langHint, words);
  if (languageInfo.transliterated) words = words.map((w) => (/^[a-z'46]+$/.test(w) ? translitToCyrillic(w) : w));
  const matchLang = languageInfo.language;
  const matcher = matcherFor(matchLang);
  const stemMatcher = stemMatcherFor(matchLang);
  const table = wordTable(matchLang);
  const n = words.length;
  const stems = new Array<string>(n);
  const patterns = new Array<Candidates>(n);
  const stemPatterns = stemMatcher ? new Array<Candidates>(n) : null;
  const stripped = matchLang === 'ar' ? new Array<string>(n) : null;
  const strippedPatterns = stripped ? new Array<Candidates>(n) : null;
  for (let i = 0; i < n; i++) {
    const info = table.get(words[i]!) ?? table.add(words[i]!, matcher, stemMatcher);
    stems[i] = info.stem;
    patterns[i] = info.patterns;
    if (stemPatterns) stemPatterns[i] = info.stemPatterns!;
    if (stripped) {
      stripped[i] = info.stripped!;
      strippedPatterns![i] = info.strippedPatterns!;
    }
  }
  // Each phrase once, first as written, then (Arabic) without the clitics, then stem against stem.
  const seen = new Set<string>();
  let hits = matcher.matchCandidates(words, patterns, seen);
  // Also match the words without their clitics ("والخدمة" → "خدمة").
  if (stripped) for (const h of matcher.matchCandidates(stripped, strippedPatterns!, seen)) hits.push(h);
  // Inflected forms: the lists matched once more, stem against stem ("покупайте" and "покупай"), shown as written.
  if (stemMatcher) for (const h of stemMatcher.matchCandidates(stems, stemPatterns!, seen, words)) hits.push(h);
  if (extraLexicon?.competitors?.length) {
    hits = [...hits, ...competitorHits(extraLexicon.competitors, words, stems, matchLang)];
  }
  const shape = textShape(text);
  return {
    language: languageInfo.language,
    languageInfo,
    words,
    stems,
    hits,
    shouting: shape.shouting,
    exclamations: shape.exclamations,
    questionMarks: shape.questionMarks,
    hasNumber: shape.hasNumber,
    hasUrl: shape.hasUrl,
    positiveEmoji: shape.positiveEmoji,
    negativeEmoji: shape.negativeEmoji,
  };
}

/** The emoji lists' characters in the BMP are all at or above U+2600 (✨ ❤ ♥ ☺); the rest are astral (surrogates). */
const FIRST_EMOJI_UNIT = 0x2600;

/**
 * The shape of the raw text: shouting, marks, numbers, links, emoji. Each regular expression runs only when the
 * characters it needs are there (found in one pass over the text), with the same counts as running them all.
 */
function textShape(text: string) {
  let exclamations = 0;
  let questionMarks = 0;
  let emojiRange = false;
  let open = false;
  let close = false;
  let capitalD = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 33) exclamations++;
    else if (c === 63 || c === 0x061f) questionMarks++;
    else if (c === 40) open = true;
    else if (c === 41) close = true;
    else if (c === 68) capitalD = true;
    else if (c >= FIRST_EMOJI_UNIT) emojiRange = true;
  }
  return {
    shouting: isShouting(replaceUrls(text, '')),
    exclamations,
    questionMarks,
    hasNumber: /\d{3,}/.test(text),
    hasUrl: /https?:\/\/|www\./i.test(text),
    // Emoji, Western emoticons, and the bracket smileys of Russian chat: ")))" smiles, "(((" frowns.
    positiveEmoji:
      (emojiRange ? (text.match(POSITIVE_EMOJI) ?? []).length : 0) +
      (close || capitalD ? (text.match(SMILEY) ?? []).length : 0) +
      (close ? loneSmileys(text) : 0),
    negativeEmoji: (emojiRange ? (text.match(NEGATIVE_EMOJI) ?? []).length : 0) + (open ? (text.match(FROWN) ?? []).length : 0),
  };
}

/**
 * Mostly capital letters: at least 8 letters, over 60 % of them capitals ({@link letterCase}). A text whose lower
 * case differs from it in fewer than 5 UTF-16 units has fewer than 5 capitals (each changes at least one unit, and
 * only Σ's lower case depends on its neighbours, as σ or ς), too few for that: letterCase is not needed.
 */
function isShouting(text: string): boolean {
  const lower = text.toLowerCase();
  if (lower.length === text.length) {
    let changed = 0;
    for (let i = 0; i < text.length && changed < 5; i++) if (text.charCodeAt(i) !== lower.charCodeAt(i)) changed++;
    if (changed < 5) return false;
  }
  const { letters, upper } = letterCase(text);
  return letters >= 8 && upper / letters > 0.6;
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

/**
 * Listening queries: which items from broad sources (feeds, hashtag and
 * keyword search) are mentions of the brand. A query lists the words that
 * make an item a mention (brand and product names, their misspellings),
 * exclusions, and languages; `compileListeningQuery` turns it into a matcher
 * that is built once and run over many items.
 *
 * How a term matches (word by word, never inside another word):
 * - case and diacritics do not matter (the search normalisation: Romanian
 *   ș/ş/s and ț/ţ/t, Arabic tashkeel, tatweel and alef forms, ё/е);
 * - inflected forms match through the classifier's stemmers
 *   (src/domain/text/stemming.ts): «Мегамаркете», «Мегамаркетом» for
 *   «МегаМаркет», "eMAG-ul", "eMagului", "Orange-ului" for eMAG and Orange,
 *   "المتجر", "بالمتجر", "للمتجر", "والمتجر" for متجر (a leading و or ف is
 *   also taken off before stemming, which the light stemmer leaves on);
 * - a brand written in the other script matches through the Russian
 *   Latin→Cyrillic transliteration the classifier uses: "Megamarket" finds
 *   «Мегамаркет» and back (only across scripts: two Latin words never match
 *   because they transliterate alike);
 * - a multi-word term is a phrase: its words in order, one after another;
 * - a word that only contains the term is a different word: "orangeade" is not
 *   Orange, «Мегафон» is not МегаМаркет (the stems differ). Plural and case
 *   forms are the same word ("Oranges", «Озона»).
 *
 * An item with a matched exclusion is dropped. With `languages` set, an item
 * whose language (given, else detected) is another one is dropped; an item
 * too short to tell its language (`und`) is kept, since losing a mention is
 * worse than showing one more.
 */
import { z } from 'zod';
import { detectLanguage } from '../classification/language.js';
import { normalizeText, translitToCyrillic } from '../classification/text.js';
import { normalizeForSearch } from '../mentions/search-text.js';
import { stem, type StemLanguage } from '../text/stemming.js';

export const LISTENING_LANGUAGES = ['ru', 'ro', 'ar', 'en'] as const;

const term = z
  .string()
  .trim()
  .min(2, 'a term has at least 2 characters')
  .max(100, 'a term has at most 100 characters')
  .refine((t) => /[\p{L}\p{N}]/u.test(t), 'a term needs a letter or a digit');

export const ListeningQuerySchema = z
  .object({
    include: z.array(term).min(1, 'give at least one term to listen for').max(100, 'at most 100 terms'),
    exclude: z.array(term).max(100, 'at most 100 exclusions').default([]),
    /** Empty: any language. */
    languages: z.array(z.enum(LISTENING_LANGUAGES)).max(LISTENING_LANGUAGES.length).default([]),
  })
  .strict();
export type ListeningQuery = z.infer<typeof ListeningQuerySchema>;
export type ListeningQueryInput = z.input<typeof ListeningQuerySchema>;

export interface ListeningItem {
  text: string;
  /** ISO 639-1 when the source says; detected otherwise (only when the query has languages). */
  language?: string | null;
}

export interface ListeningMatch {
  matched: boolean;
  /** The include terms found (as written in the query). */
  terms: string[];
  /** The exclusions found (an item with any is not matched). */
  excluded: string[];
  /** The item's language when the query's language filter looked at it. */
  language?: string;
}

export type ListeningMatcher = (item: ListeningItem) => ListeningMatch;

const WORD = /[\p{L}\p{N}]+/gu;
const CYRILLIC = /\p{Script=Cyrillic}/u;
const ARABIC = /\p{Script=Arabic}/u;
const LATIN = /\p{Script=Latin}/u;
/** Stems shorter than this are not used as keys: too many words share them. */
const MIN_STEM = 3;

interface WordKeys {
  /** The word and its stems, in its own script. */
  own: string[];
  /** A Latin word read as transliterated Russian: its Cyrillic form and stem. */
  translit: string[];
}

function stemLanguages(word: string): StemLanguage[] {
  if (CYRILLIC.test(word)) return ['ru'];
  if (ARABIC.test(word)) return ['ar'];
  if (LATIN.test(word)) return ['ro', 'en'];
  return [];
}

function addStems(out: Set<string>, word: string, langs: readonly StemLanguage[]) {
  for (const lang of langs) {
    const s = normalizeForSearch(stem(word, lang));
    if (s.length >= MIN_STEM) out.add(s);
  }
}

/** The keys of one normalised word (see WordKeys). */
function wordKeys(word: string): WordKeys {
  const own = new Set<string>([word]);
  const langs = stemLanguages(word);
  addStems(own, word, langs);
  // The light Arabic stemmer keeps a leading "and"/"so" (و, ف) before the article: "والمتجر".
  if (langs[0] === 'ar' && word.length > 4 && (word[0] === 'و' || word[0] === 'ف')) {
    const rest = word.slice(1);
    own.add(rest);
    addStems(own, rest, ['ar']);
  }
  const translit = new Set<string>();
  if (langs[0] === 'ro' && /^[a-z]+$/.test(word)) {
    const cyr = translitToCyrillic(word);
    translit.add(cyr);
    addStems(translit, cyr, ['ru']);
  }
  return { own: [...own], translit: [...translit] };
}

interface CompiledTerm {
  source: string;
  words: WordKeys[];
}

/** The normalised words of a text. */
function words(text: string): string[] {
  return normalizeForSearch(text).match(WORD) ?? [];
}

class TermIndex {
  /** First-word key → the terms (and whether the key came from transliteration) that may start there. */
  private readonly byOwn = new Map<string, CompiledTerm[]>();
  private readonly byTranslit = new Map<string, CompiledTerm[]>();
  readonly terms: CompiledTerm[] = [];

  constructor(sources: readonly string[]) {
    for (const source of sources) {
      const ws = words(source);
      if (!ws.length) continue;
      const t: CompiledTerm = { source, words: ws.map(wordKeys) };
      this.terms.push(t);
      const first = t.words[0]!;
      for (const k of first.own) push(this.byOwn, k, t);
      for (const k of first.translit) push(this.byTranslit, k, t);
    }
  }

  /** The terms found in the text's words, each once, in the order of the query. */
  find(text: WordKeys[]): string[] {
    const found = new Set<CompiledTerm>();
    for (let i = 0; i < text.length; i++) {
      const w = text[i]!;
      const candidates = new Set<CompiledTerm>();
      // A text word's own keys meet a term's own or transliterated keys; its transliterated keys meet only own keys.
      for (const k of w.own) for (const t of this.byOwn.get(k) ?? []) candidates.add(t);
      for (const k of w.own) for (const t of this.byTranslit.get(k) ?? []) candidates.add(t);
      for (const k of w.translit) for (const t of this.byOwn.get(k) ?? []) candidates.add(t);
      for (const t of candidates) {
        if (found.has(t) || i + t.words.length > text.length) continue;
        let ok = true;
        for (let k = 1; k < t.words.length && ok; k++) ok = same(t.words[k]!, text[i + k]!);
        if (ok) found.add(t);
      }
    }
    return this.terms.filter((t) => found.has(t)).map((t) => t.source);
  }

  /** Every place a term occurs: [first word, word count] (overlaps possible; the caller merges). */
  places(text: WordKeys[]): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    for (let i = 0; i < text.length; i++) {
      const w = text[i]!;
      const candidates = new Set<CompiledTerm>();
      for (const k of w.own) for (const t of this.byOwn.get(k) ?? []) candidates.add(t);
      for (const k of w.own) for (const t of this.byTranslit.get(k) ?? []) candidates.add(t);
      for (const k of w.translit) for (const t of this.byOwn.get(k) ?? []) candidates.add(t);
      let longest = 0;
      for (const t of candidates) {
        if (t.words.length <= longest || i + t.words.length > text.length) continue;
        let ok = true;
        for (let k = 1; k < t.words.length && ok; k++) ok = same(t.words[k]!, text[i + k]!);
        if (ok) longest = t.words.length;
      }
      if (longest) out.push([i, longest]);
    }
    return out;
  }
}

function push(map: Map<string, CompiledTerm[]>, key: string, t: CompiledTerm) {
  const list = map.get(key);
  if (!list) map.set(key, [t]);
  else if (!list.includes(t)) list.push(t);
}

function meets(a: readonly string[], b: readonly string[]): boolean {
  for (const x of a) if (b.includes(x)) return true;
  return false;
}

function same(term: WordKeys, word: WordKeys): boolean {
  return meets(term.own, word.own) || meets(term.translit, word.own) || meets(term.own, word.translit);
}

const CACHE_LIMIT = 50_000;

function keyCache() {
  // Texts repeat a small vocabulary: each word's keys are computed once per matcher (bounded).
  const cache = new Map<string, WordKeys>();
  return (w: string) => {
    let k = cache.get(w);
    if (!k) {
      k = wordKeys(w);
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(w, k);
    }
    return k;
  };
}

/** Compiles a (valid) query into a matcher: the work on the terms is done once, here. */
export function compileListeningQuery(input: ListeningQueryInput): ListeningMatcher {
  const q = ListeningQuerySchema.parse(input);
  const include = new TermIndex(q.include);
  const exclude = new TermIndex(q.exclude);
  const languages = new Set<string>(q.languages);
  const keysOf = keyCache();

  return (item) => {
    const text = words(item.text).map(keysOf);
    const terms = include.find(text);
    if (!terms.length) return { matched: false, terms, excluded: [] };
    const excluded = exclude.terms.length ? exclude.find(text) : [];
    if (excluded.length) return { matched: false, terms, excluded };
    if (!languages.size) return { matched: true, terms, excluded };
    const language = item.language || detectLanguage(item.text, normalizeText(item.text)).language;
    const matched = language === 'und' || languages.has(language);
    return { matched, terms, excluded, language };
  };
}

/** A stretch of an item's text (UTF-16 offsets into the text as given) where a term or an exclusion was found. */
export interface ListeningHighlight {
  start: number;
  end: number;
  kind: 'term' | 'exclusion';
}

/** Runs of letters, digits and their marks in the original text: the words the highlights are made of. */
const RAW_WORD = /[\p{L}\p{N}\p{M}]+/gu;

/**
 * Where a query's terms and exclusions occur in a text, for showing them (the preview marks them): each original
 * word is normalised on its own and read the way the matcher reads words, so an inflected form, a transliteration
 * or a phrase is marked where the matcher found it. Spans are merged where they overlap (an exclusion
 * wins over a term: "orange juice" is marked as the exclusion, not as "Orange" plus a word).
 */
export function compileListeningHighlighter(input: ListeningQueryInput): (text: string) => ListeningHighlight[] {
  const q = ListeningQuerySchema.parse(input);
  const include = new TermIndex(q.include);
  const exclude = new TermIndex(q.exclude);
  const keysOf = keyCache();
  return (text) => {
    // The normalised words with the original stretch each came from (a word normalising to several keeps its own).
    const spans: Array<[number, number]> = [];
    const keys: WordKeys[] = [];
    for (const m of text.matchAll(RAW_WORD)) {
      for (const w of words(m[0])) {
        spans.push([m.index, m.index + m[0].length]);
        keys.push(keysOf(w));
      }
    }
    const found: ListeningHighlight[] = [];
    const add = (index: TermIndex, kind: ListeningHighlight['kind']) => {
      for (const [i, n] of index.places(keys)) found.push({ start: spans[i]![0], end: spans[i + n - 1]![1], kind });
    };
    add(include, 'term');
    if (exclude.terms.length) add(exclude, 'exclusion');
    found.sort((a, b) => a.start - b.start || b.end - a.end);
    const out: ListeningHighlight[] = [];
    for (const h of found) {
      const last = out[out.length - 1];
      if (last && h.start < last.end) {
        last.end = Math.max(last.end, h.end);
        if (h.kind === 'exclusion') last.kind = 'exclusion';
      } else out.push({ ...h });
    }
    return out;
  };
}

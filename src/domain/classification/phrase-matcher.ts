/**
 * Matches lists of phrases (see lexicons/README.md for the pattern syntax)
 * against a tokenised text, quickly: single words are looked up in a map,
 * prefixes walk a character trie, and multi-word phrases are checked only
 * where their first word matched. Obfuscated words (f*ck, х@й, p1zda) are
 * compared with the letters they hide.
 */
import { normalizeText, tokenize } from './text.js';

interface Pattern {
  category: string;
  words: string[];
  source: string;
  /** `category \0 source`: a phrase is reported once per text. */
  key: string;
  /** Per word: the prefix a text word must start with (`''` for `*`), or null when the whole word must equal it. */
  prefixes: (string | null)[];
}

/** The patterns that may start at a word (see PhraseMatcher.patternsFor); opaque outside this module. */
export type Candidates = readonly Pattern[];

interface TrieNode {
  /** By code point. */
  next: Map<number, TrieNode>;
  /** Patterns whose first word is a prefix ending here. */
  prefixEnd: Pattern[];
}

export interface PhraseHit {
  category: string;
  phrase: string;
  /** The words of the text that matched. */
  text: string;
  index: number;
}

const CACHE_LIMIT = 50_000;
const NONE: readonly Pattern[] = [];

const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '@': 'a', $: 's', '5': 's', '7': 't' };

/** The word as it would read without obfuscation, or null when it is not obfuscated. */
function deobfuscate(word: string): string | null {
  // Most words have none of the marks: that test first.
  if (!/[*@$#0-9]/u.test(word) || !/[\p{L}]/u.test(word) || /^\d+$/.test(word)) return null;
  const cyr = /[\u0400-\u04FF]/u.test(word);
  return word.replace(/[0-9@$]/g, (c) => (cyr && c === '@' ? 'а' : (LEET[c] ?? c)));
}

export class PhraseMatcher {
  private readonly exact = new Map<string, Pattern[]>();
  private readonly trie: TrieNode = { next: new Map(), prefixEnd: [] };
  /** Single-word patterns, for the slow path of obfuscated words. */
  private readonly singles: Pattern[] = [];
  /** Each single-word pattern's word without its trailing `*`. */
  private readonly singleStems: string[] = [];
  private readonly cache = new Map<string, Candidates>();

  /**
   * `wordForm` turns each whole word of a pattern into the form the texts
   * will be matched in (e.g. its stem); prefixes (`заказ*`) stay as written.
   */
  constructor(lists: Record<string, readonly string[]>, wordForm?: (word: string) => string) {
    for (const [category, phrases] of Object.entries(lists)) {
      for (const source of phrases) {
        let words = tokenize(normalizeText(source.replace(/\*/g, 'STAR'))).map((w) => w.replace(/star$/u, '*').replace(/^star$/u, '*'));
        if (wordForm) words = words.map((w) => (w.endsWith('*') ? w : wordForm(w)));
        if (words.length === 0) continue;
        const prefixes = words.map((w) => (w.endsWith('*') ? w.slice(0, -1) : null));
        this.add({ category, words, source, key: `${category}\u0000${source}`, prefixes });
      }
    }
  }

  private add(p: Pattern): void {
    const first = p.words[0]!;
    if (p.words.length === 1) {
      this.singles.push(p);
      this.singleStems.push(first.replace(/\*$/, ''));
    }
    if (first.endsWith('*') && first !== '*') {
      let node = this.trie;
      for (const ch of first.slice(0, -1)) {
        const c = ch.codePointAt(0)!;
        let n = node.next.get(c);
        if (!n) node.next.set(c, (n = { next: new Map(), prefixEnd: [] }));
        node = n;
      }
      node.prefixEnd.push(p);
    } else {
      const list = this.exact.get(first) ?? [];
      list.push(p);
      this.exact.set(first, list);
    }
  }

  private candidates(word: string): Pattern[] {
    const exact = this.exact.get(word);
    const out = exact ? exact.slice() : [];
    let node: TrieNode | undefined = this.trie;
    // Code point by code point, as for…of reads a string (a lone surrogate is one of its own).
    for (let i = 0; i < word.length;) {
      const c = word.codePointAt(i)!;
      i += c > 0xffff ? 2 : 1;
      node = node.next.get(c);
      if (!node) break;
      for (const p of node.prefixEnd) out.push(p);
    }
    return out;
  }

  /**
   * The patterns a word can start, in the order they are tried: the
   * candidates of the word itself, then the single-word patterns its
   * de-obfuscated reading matches. Depends only on the word: callers may
   * keep it (see analyze.ts); {@link match} caches it (bounded).
   */
  patternsFor(word: string): Candidates {
    const out = this.candidates(word);
    const plain = deobfuscate(word);
    if (plain !== null) {
      if (plain.includes('*') || plain.includes('#')) {
        // f*ck, х**н: the hidden letters may be anything.
        const re = new RegExp(`^${plain.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/[*#]+/g, '\\p{L}{1,3}')}`, 'u');
        // The regex starts with the letters before the first hidden one: only stems starting with them can match.
        const literal = plain.slice(0, plain.search(/[*#]/));
        for (let j = 0; j < this.singles.length; j++) {
          const stem = this.singleStems[j]!;
          if (stem.length >= 3 && stem.startsWith(literal) && re.test(stem)) out.push(this.singles[j]!);
        }
      } else {
        for (const p of this.candidates(plain)) if (p.words.length === 1) out.push(p);
      }
    }
    return out.length ? out : NONE;
  }

  private cachedPatterns(word: string): Candidates {
    let list = this.cache.get(word);
    if (list === undefined) {
      list = this.patternsFor(word);
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      this.cache.set(word, list);
    }
    return list;
  }

  /** Every phrase found in the words, at most once per category and phrase. */
  match(words: readonly string[]): PhraseHit[] {
    return this.matchCandidates(
      words,
      words.map((w) => this.cachedPatterns(w)),
    );
  }

  /**
   * {@link match} with each word's {@link patternsFor} already known (`candidates[i]` for `words[i]`). Phrases in
   * `seen` (`category \0 phrase`) are skipped and the ones found are added to it, so that several calls on forms of
   * the same words report each phrase once; a hit's text is taken from `shown` (the words as written, by default
   * the words matched).
   */
  matchCandidates(words: readonly string[], candidates: readonly Candidates[], seen = new Set<string>(), shown = words): PhraseHit[] {
    const hits: PhraseHit[] = [];
    for (let i = 0; i < words.length; i++) {
      const list = candidates[i]!;
      for (let j = 0; j < list.length; j++) {
        const p = list[j]!;
        const n = p.words.length;
        if (n > 1) {
          if (i + n > words.length) continue;
          // The first word matched already: that is how the pattern became a candidate.
          let ok = true;
          for (let k = 1; k < n && ok; k++) {
            const prefix = p.prefixes[k]!;
            const w = words[i + k]!;
            ok = prefix === null ? w === p.words[k] : w.startsWith(prefix);
          }
          if (!ok) continue;
        }
        if (seen.has(p.key)) continue;
        seen.add(p.key);
        hits.push({ category: p.category, phrase: p.source, text: n === 1 ? shown[i]! : shown.slice(i, i + n).join(' '), index: i });
      }
    }
    return hits;
  }
}

/**
 * The words a reason quotes, as the customer wrote them. Phrase lists match the normalised words (lower case, no
 * diacritics, Arabic letters unified), so a hit's own text reads "zgariat" where the mention says "zgâriat": a
 * quote is the written words at the hit's place instead, when they fold back to exactly the words matched (else,
 * e.g. for Russian typed in Latin letters, the matched words as before).
 */
import type { PhraseHit } from './phrase-matcher.js';
import { normalizeText, replaceUrls, tokenize } from './text.js';

/** Arabic vowel marks and tatweel: not letters, so left in they would cut a written word in two. */
const HANDLE = /(^|\s)@[\p{L}\p{N}_.]+/gu;
const ARABIC_MARKS = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]/g;

export class WrittenQuotes {
  private written: string[] | null = null;

  constructor(private readonly text: string) {}

  /** Up to `max` hits quoted, each text once (several phrases often match the same words). */
  quotes(hits: readonly PhraseHit[], max: number): string {
    return [...new Set(hits.map((h) => `"${this.wordsOf(h)}"`))].slice(0, max).join(', ');
  }

  private wordsOf(h: PhraseHit): string {
    const n = h.text.split(' ').length;
    const written = this.tokens().slice(h.index, h.index + n);
    if (written.length !== n) return h.text;
    const shown = written.join(' ');
    return tokenize(normalizeText(shown)).join(' ') === h.text ? shown : h.text;
  }

  /** The mention's words in its own case and letters, split as the analysis splits the normalised text. */
  private tokens(): string[] {
    if (this.written) return this.written;
    // Links and handles stand for one word each, as in normalizeText.
    let t = replaceUrls(this.text.normalize('NFC').replace(ARABIC_MARKS, ''), ' urltoken ');
    if (t.includes('@')) t = t.replace(HANDLE, '$1 usertoken ');
    this.written = tokenize(t.replace(/[’`]/g, "'"));
    return this.written;
  }
}

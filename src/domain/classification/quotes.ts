/**
 * The words a reason quotes, as the customer wrote them. Phrase lists match the normalised words (lower case, no
 * diacritics, Arabic letters unified), so a hit's own text reads "zgariat" where the mention says "zgâriat": a
 * quote is the written words at the hit's place instead, when they fold back to exactly the words matched (else,
 * e.g. for Russian typed in Latin letters, the matched words as before).
 */
import type { PhraseHit } from './phrase-matcher.js';
import { ARABIC_MARKS } from '../mentions/search-text.js';
import { normalizeText, replaceLinksAndHandles, tokenize } from './text.js';

const NOT_ASCII = /[^\u0020-\u007e\s]/;

export class WrittenQuotes {
  private written: string[] | null = null;
  private ascii: boolean | undefined;

  constructor(private readonly text: string) {}

  /** Up to `max` hits quoted, each text once (several phrases often match the same words). */
  quotes(hits: readonly PhraseHit[], max: number): string {
    // In ASCII text the folded words differ from the written ones by case alone: quoted as matched, at no cost.
    if (this.ascii ?? (this.ascii = !NOT_ASCII.test(this.text))) return [...new Set(hits.map((h) => `"${h.text}"`))].slice(0, max).join(', ');
    return [...new Set(hits.map((h) => `"${this.wordsOf(h)}"`))].slice(0, max).join(', ');
  }

  private wordsOf(h: PhraseHit): string {
    const n = h.text.split(' ').length;
    const written = this.tokens().slice(h.index, h.index + n);
    if (written.length !== n) return h.text;
    const shown = written.join(' ');
    // Most words differ from their folded form by case alone; the full fold only for the rest (diacritics, ё, Arabic letters).
    if (shown.toLowerCase() === h.text) return shown;
    return tokenize(normalizeText(shown)).join(' ') === h.text ? shown : h.text;
  }

  /** The mention's words in its own case and letters, split as the analysis splits the normalised text. */
  private tokens(): string[] {
    if (this.written) return this.written;
    // Arabic marks are not letters: left in, they would cut a written word in two.
    const t = replaceLinksAndHandles(this.text.normalize('NFC').replace(ARABIC_MARKS, ''));
    this.written = tokenize(t.replace(/[’`]/g, "'"));
    return this.written;
  }
}

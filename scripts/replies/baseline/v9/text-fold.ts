/**
 * Folds a reply for matching (lower case, no diacritics, Arabic letters
 * unified — the same folding as search) while remembering where each folded
 * character came from, so a finding can point at the span of the original.
 */
import { normalizeForSearch } from '../../../../src/domain/mentions/search-text.js';

export interface FoldedText {
  folded: string;
  /** Original UTF-16 offset of each folded UTF-16 unit; one extra entry for the end. */
  map: number[];
}

/**
 * Letters typed from Persian and Urdu keyboards (ک, ی, ۀ, ہ) read as their Arabic letters, and the invisible joiners and
 * direction marks that Arabic posts carry are dropped (search folding leaves them; the checker's patterns would not match).
 */
const ARABIC_VARIANTS: Record<string, string> = {
  '\u06A9': '\u0643', // ک → ك
  '\u06CC': '\u064A', // ی → ي
  '\u06C0': '\u0647', // ۀ → ه
  '\u06C1': '\u0647', // ہ → ه
  '\u200C': '',
  '\u200D': '',
  '\u200E': '',
  '\u200F': '',
};
/** Letters whose runs are read once; ه and خ are not (laughter, "ههههه", "خخخ", is read by the joke rule as written). */
const ARABIC_LETTER = /[\u0621-\u062D\u062F-\u0646\u0648-\u064A]/u;

/** Each character's folded form, remembered: replies repeat a small alphabet. */
const FOLDED = new Map<string, string>();
function foldChar(ch: string): string {
  let out = FOLDED.get(ch);
  if (out === undefined) {
    out =
      ch === '\u00A0' || ch === '\u202F'
        ? ' '
        : ARABIC_VARIANTS[ch] !== undefined
          ? ARABIC_VARIANTS[ch]
          : /[\u2018\u2019\u02BC]/.test(ch)
            ? "'"
            : /[\u201C\u201D\u00AB\u00BB\u201E]/.test(ch)
              ? '"'
              : normalizeForSearch(ch);
    if (FOLDED.size < 20_000) FOLDED.set(ch, out);
  }
  return out;
}

export function foldWithMap(text: string): FoldedText {
  let folded = '';
  const map: number[] = [];
  let offset = 0;
  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    let out = foldChar(ch);
    // Stretched Arabic words ("شكراااا", "لاااا"): a letter repeated three times or more is read once (not laughter).
    if (out.length === 1 && i > 0 && folded.endsWith(out) && ARABIC_LETTER.test(out)) {
      let a = i;
      while (a > 0 && foldChar(chars[a - 1]!) === out) a--;
      let b = i;
      while (b + 1 < chars.length && foldChar(chars[b + 1]!) === out) b++;
      if (b - a + 1 >= 3) out = '';
    }
    for (let i = 0; i < out.length; i++) map.push(offset);
    folded += out;
    offset += ch.length;
  }
  map.push(offset);
  return { folded, map };
}

/** The original span [start, end) of a folded span. */
export function originalSpan(f: FoldedText, start: number, end: number): [number, number] {
  const s = f.map[start] ?? f.map[f.map.length - 1]!;
  // The end is the original position just after the last folded unit's character.
  const lastStart = f.map[end - 1];
  let e = f.map[end] ?? f.map[f.map.length - 1]!;
  if (lastStart !== undefined && e <= lastStart) e = lastStart + 1;
  return [s, e];
}

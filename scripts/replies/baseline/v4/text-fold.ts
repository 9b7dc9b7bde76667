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

/** Each character's folded form, remembered: replies repeat a small alphabet. */
const FOLDED = new Map<string, string>();
function foldChar(ch: string): string {
  let out = FOLDED.get(ch);
  if (out === undefined) {
    out =
      ch === '\u00A0' || ch === '\u202F'
        ? ' '
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
  for (const ch of text) {
    const out = foldChar(ch);
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

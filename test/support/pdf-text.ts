/**
 * Enough of a PDF reader to check what Chromium printed: inflates the
 * streams, reads each font's ToUnicode map, and decodes every hex-string text
 * run of the pages with each map in turn. `pdfTexts(pdf)` gives one reading
 * per font map; the text of a font's runs reads right in that font's reading.
 */
import { inflateSync } from 'node:zlib';

function streams(pdf: Buffer): string[] {
  const text = pdf.toString('latin1');
  const out: string[] = [];
  const re = /stream\r?\n/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = m.index + m[0].length;
    const end = text.indexOf('endstream', start);
    if (end < 0) break;
    try {
      out.push(inflateSync(pdf.subarray(start, end)).toString('latin1'));
    } catch {
      // Not deflated (or not a stream we read): skipped.
    }
  }
  return out;
}

function toUnicodeMap(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  const hex = (h: string) => Number.parseInt(h, 16);
  const utf16 = (h: string) => String.fromCharCode(...(h.match(/.{4}/g) ?? []).map(hex));
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, src, dst] of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) map.set(hex(src!), utf16(dst!));
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const [, lo, hi, dst] of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
      for (let c = hex(lo!), u = hex(dst!); c <= hex(hi!); c++, u++) map.set(c, String.fromCharCode(u));
    }
  }
  return map;
}

/** The page text read once with each font's map (runs in other fonts come out as garbage in that reading); runs are joined as printed. */
export function pdfTexts(pdf: Buffer): string[] {
  const all = streams(pdf);
  const maps = all.filter((s) => s.includes('begincmap')).map(toUnicodeMap);
  const runs = all.filter((s) => /\bTj\b|\bTJ\b/.test(s)).flatMap((s) => [...s.matchAll(/<([0-9A-Fa-f]+)>/g)].map((m) => m[1]!));
  return maps.map((map) =>
    runs.map((run) => (run.match(/.{4}/g) ?? []).map((code) => map.get(Number.parseInt(code, 16)) ?? '\uFFFD').join('')).join(''),
  );
}

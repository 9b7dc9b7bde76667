/**
 * Writes training/corpus/generated.jsonl: mentions composed from the phrase
 * banks in banks/ (every kind, in every language), then roughened the way
 * real posts are — typos, lower case, Russian typed in Latin letters, emoji,
 * shouting. Deterministic (seeded), so `npm run train` reproduces it exactly.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ar } from './banks/ar.js';
import { en } from './banks/en.js';
import { ro } from './banks/ro.js';
import { ru } from './banks/ru.js';
import type { Bank, Generated } from './banks/types.js';
import { seededRandom } from '../../scripts/training/random.js';

const PER_LANGUAGE: Record<Bank['lang'], number> = { en: 2200, ru: 2200, ro: 2200, ar: 1800 };

const CYR_TO_LAT: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: "'", э: 'e', ю: 'yu', я: 'ya',
};

function toLatin(text: string): string {
  return [...text].map((ch) => {
    const lower = ch.toLowerCase();
    const lat = CYR_TO_LAT[lower];
    if (lat === undefined) return ch;
    return ch === lower ? lat : lat.charAt(0).toUpperCase() + lat.slice(1);
  }).join('');
}

function typo(text: string, rand: () => number): string {
  const words = text.split(' ');
  const i = Math.floor(rand() * words.length);
  const w = words[i]!;
  if (w.length < 4) return text;
  const k = 1 + Math.floor(rand() * (w.length - 2));
  words[i] = rand() < 0.5 ? w.slice(0, k) + w.slice(k + 1) : w.slice(0, k - 1) + w[k] + w[k - 1] + w.slice(k + 1);
  return words.join(' ');
}

export function generateCorpus(seed = 2026): (Generated & { lang: string })[] {
  const rand = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const maybe = (p: number) => rand() < p;
  const out: (Generated & { lang: string })[] = [];
  const seen = new Set<string>();
  for (const bank of [en, ru, ro, ar]) {
    const total = bank.generators.reduce((s, g) => s + g.weight, 0);
    let made = 0;
    let attempts = 0;
    while (made < PER_LANGUAGE[bank.lang] && attempts++ < PER_LANGUAGE[bank.lang] * 20) {
      let r = rand() * total;
      const gen = bank.generators.find((g) => (r -= g.weight) < 0) ?? bank.generators.at(-1)!;
      const g = gen.make(pick, maybe);
      let text = g.text.replace(/\s+/g, ' ').replace(/\s([.,!?])/g, '$1').trim();
      if (bank.lang === 'ru' && maybe(0.1)) text = toLatin(text);
      if (maybe(0.12)) text = typo(text, rand);
      if (maybe(0.25)) text = text.toLowerCase();
      if (seen.has(text)) continue;
      seen.add(text);
      out.push({ lang: bank.lang, text, kind: g.kind, sentiment: g.sentiment });
      made++;
    }
  }
  return out;
}

const rows = generateCorpus();
writeFileSync(join(import.meta.dirname, 'generated.jsonl'), `${rows.map((r) => JSON.stringify({ lang: r.lang, text: r.text, kind: r.kind, sentiment: r.sentiment })).join('\n')}\n`);
const by = (f: (r: (typeof rows)[number]) => string) => Object.entries(rows.reduce<Record<string, number>>((a, r) => ((a[f(r)] = (a[f(r)] ?? 0) + 1), a), {}));
console.log(`generated.jsonl: ${rows.length} mentions`, Object.fromEntries(by((r) => r.lang)), Object.fromEntries(by((r) => r.kind)));

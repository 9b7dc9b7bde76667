/**
 * The per-language phrase lists (lexicons/*.json), compiled once into
 * matchers, plus the maintained LDNOOBW profanity lists (`naughty-words`)
 * where they exist.
 */
import { createRequire } from 'node:module';
import { PhraseMatcher } from './phrase-matcher.js';
import { translitToCyrillic } from './text.js';
import { isStemLanguage, stem } from '../text/stemming.js';
import ar from './lexicons/ar.json' with { type: 'json' };
import en from './lexicons/en.json' with { type: 'json' };
import ro from './lexicons/ro.json' with { type: 'json' };
import ru from './lexicons/ru.json' with { type: 'json' };

export type Lexicon = Record<string, string[]>;
export const LEXICONS: Record<string, Lexicon> = { en, ru, ro, ar };

const require = createRequire(import.meta.url);
const naughty = require('naughty-words') as Record<string, string[]>;

/** LDNOOBW words added to our own profanity lists (its Russian list is transliterated: converted back). */
function withMaintainedProfanity(lang: string, lexicon: Lexicon): Lexicon {
  // "xxx" would also match the XXXX redactions of complaint databases.
  const extra = (naughty[lang] ?? []).filter((w) => w.length >= 3 && !w.includes(' ') && !/^x+$/i.test(w));
  const words = lang === 'ru' ? extra.filter((w) => /^[a-z']+$/.test(w)).map(translitToCyrillic) : extra;
  return { ...lexicon, profanity: [...(lexicon.profanity ?? []), ...words] };
}

const matchers = new Map<string, PhraseMatcher>();

/** The compiled matcher for a language (English lists for languages we do not support). */
export function matcherFor(lang: string): PhraseMatcher {
  const key = LEXICONS[lang] ? lang : 'en';
  let m = matchers.get(key);
  if (!m) {
    m = new PhraseMatcher(withMaintainedProfanity(key, LEXICONS[key]!));
    matchers.set(key, m);
  }
  return m;
}

const stemMatchers = new Map<string, PhraseMatcher>();

/**
 * The same lists with every whole word stemmed, matched against a text's
 * stems: "не покупайте у них" also finds "не покупай у них". Stems shorter
 * than three letters are left as written (they would match too much).
 * Not for Arabic: the light stemmer cuts words down to two or three
 * letters, so stem matching found phrases that are not there ("الداعى" as a
 * churn threat); the Arabic lists already match behind clitics (analyze.ts).
 */
export function stemMatcherFor(lang: string): PhraseMatcher | null {
  if (!isStemLanguage(lang) || lang === 'ar') return null;
  let m = stemMatchers.get(lang);
  if (!m) {
    const form = (w: string) => {
      const s = stem(w, lang);
      return s.length >= 3 || s === w ? s : w;
    };
    m = new PhraseMatcher(withMaintainedProfanity(lang, LEXICONS[lang]!), form);
    stemMatchers.set(lang, m);
  }
  return m;
}

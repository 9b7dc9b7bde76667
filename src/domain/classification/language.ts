/**
 * Which language a mention is in. The script decides first (Arabic and
 * Cyrillic letters), eld's n-gram scores (ngram-language.ts) rank the candidates, and the result is narrowed
 * to the four supported languages when the text is short or the call is
 * close. Russian typed in Latin letters is recognised by its common words and
 * reported as `ru` with `transliterated: true`.
 */
import { detectNgramLanguage } from './ngram-language.js';
import { tokenize } from './text.js';

export type SupportedLanguage = 'ru' | 'ro' | 'ar' | 'en';

/** How the language was told: a code for the desk to translate, with `reason` its English words. */
export const LANGUAGE_HOWS = [
  'given',
  'no_letters',
  'arabic_script_specific',
  'arabic_script',
  'cyrillic_ukrainian',
  'cyrillic_ngrams',
  'cyrillic_script',
  'russian_latin',
  'latin_romanian_words',
  'latin_english_words',
  'latin_ngrams',
  'too_short',
  'latin_unclear',
  'latin_romanian_ngrams',
  'latin_english_ngrams',
] as const;
export type LanguageHow = (typeof LANGUAGE_HOWS)[number];

/** Each way of telling the language in English, given the language told. */
const HOW_TEXT: Record<LanguageHow, (language: string) => string> = {
  given: (l) => `language given by the source: ${l}`,
  no_letters: () => 'no letters',
  arabic_script_specific: (l) => `Arabic script with ${l}-specific letters`,
  arabic_script: () => 'Arabic script',
  cyrillic_ukrainian: () => 'Cyrillic with Ukrainian letters',
  cyrillic_ngrams: (l) => `Cyrillic, ${l} by n-grams`,
  cyrillic_script: () => 'Cyrillic script',
  russian_latin: () => 'Russian written in Latin letters',
  latin_romanian_words: () => 'Latin script, Romanian words',
  latin_english_words: () => 'Latin script, English words',
  latin_ngrams: (l) => `Latin script, ${l} by n-grams`,
  too_short: () => 'too short to tell the language',
  latin_unclear: () => 'Latin script, no clear language',
  latin_romanian_ngrams: () => 'Latin script, Romanian words and n-grams',
  latin_english_ngrams: () => 'Latin script, English words and n-grams',
};

/** How the language was told, in English. */
export const languageHowText = (how: LanguageHow, language: string): string => HOW_TEXT[how](language);

export interface LanguageResult {
  /** ISO 639-1, or `und` when nothing can be said. */
  language: string;
  transliterated: boolean;
  /** How it was told (translated by the desk). */
  how: LanguageHow;
  /** The same in English. */
  reason: string;
}

const told = (language: string, how: LanguageHow, transliterated = false): LanguageResult => ({
  language,
  transliterated,
  how,
  reason: HOW_TEXT[how](language),
});

const TRANSLIT_RU = new Set(
  "ne net da eto chto shto kak ya my vy ty on ona oni mne menya u uzhe uje eshche eshe esche ochen vse vsyo vsio kogda pochemu pochem gde zakaz zakaza zakazal dostavka dostavku dostavki privet spasibo pozhaluysta pojaluista deneg dengi den'gi karta kartu bank banka rabotaet rabotayut nichego nikto tolko mozhno nuzhno budet byl bylo byla skolko sdelat khorosho horosho plokho ploho uzhas uzhasno blin voobshche voobshe voobsche prishel prishla prishlo tovar kurer nedelyu nedeli segodnya vchera zavtra poka vot tak tut tam potom zdes pravda esli chtoby ili bez dlya pro uzhe vam vas nas nam ih ego ee eyo mozhete mogu hochu khochu davno kuda opyat snova otvet otvechaet otvechayut podderzhka podderzhki operator zvonil zvonila napisal napisala oplatil oplatila vernite verni dostavili dostavlen priloshenie prilozhenie sait sayt chat pochta".split(
    ' ',
  ),
);
const ROMANIAN_HINTS = new Set(
  'si sa nu este sunt pentru ca cu mai foarte am ai au in din pe la care ce o un una unei al ale lui vor fost fie doar dar iar deci daca cand cum unde tot toate mult bine rau asta acest aceasta comanda produs livrare multumesc recomand bani'.split(
    ' ',
  ),
);
const ENGLISH_HINTS = new Set(
  'the and is are was were to of in for on with my your you i it this that not no have has had be been will would can could do does did what why how where when please thanks thank order flight service customer'.split(
    ' ',
  ),
);

const SUPPORTED: SupportedLanguage[] = ['ru', 'ro', 'ar', 'en'];

function scriptCounts(text: string) {
  let arabic = 0;
  let cyrillic = 0;
  let latin = 0;
  // By UTF-16 unit: the ranges are all in the BMP, and a surrogate is in none of them.
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x0600 && c <= 0x06ff) || (c >= 0x0750 && c <= 0x077f) || (c >= 0xfb50 && c <= 0xfeff)) arabic++;
    else if (c >= 0x0400 && c <= 0x04ff) cyrillic++;
    else if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0xc0 && c <= 0x24f)) latin++;
  }
  return { arabic, cyrillic, latin };
}

const ONLY_LETTERS = /^\p{L}+$/u;

/** `normalized` is the text after normalizeText (lower case, no diacritics); `tokens`, when known, tokenize(normalized). */
export function detectLanguage(raw: string, normalized: string, hint?: string, tokens?: readonly string[]): LanguageResult {
  if (hint && /^[a-z]{2,3}$/.test(hint)) return told(hint, 'given');
  const { arabic, cyrillic, latin } = scriptCounts(raw);
  const letters = arabic + cyrillic + latin;
  if (letters === 0) return told('und', 'no_letters');

  if (arabic >= cyrillic && arabic >= latin) {
    // Persian and Urdu share the script; their own letters tell them apart.
    const persian = (raw.match(/[پچژگک]/g) ?? []).length;
    if (persian >= 3 && persian / arabic > 0.05) {
      const top = detectNgramLanguage(raw).language;
      if (top === 'fa' || top === 'ur') return told(top, 'arabic_script_specific');
    }
    return told('ar', 'arabic_script');
  }
  if (cyrillic >= latin) {
    if (/[іїєґ]/iu.test(raw) && !/[ыэъ]/iu.test(raw)) return told('uk', 'cyrillic_ukrainian');
    // Only a longer text can be told apart from Russian reliably by n-grams.
    if (raw.length > 60) {
      const res = detectNgramLanguage(raw);
      const top = res.language;
      if (top && ['bg', 'sr', 'mk', 'be', 'kk', 'ky', 'mn', 'uk'].includes(top) && (res.score(top) ?? 0) - (res.score('ru') ?? 0) > 0.08) {
        return told(top, 'cyrillic_ngrams');
      }
    }
    return told('ru', 'cyrillic_script');
  }

  // The words of letters only, and the share of each language's hint words among them.
  let n = 0;
  let ruCount = 0;
  let roCount = 0;
  let enCount = 0;
  for (const w of tokens ?? tokenize(normalized)) {
    if (!ONLY_LETTERS.test(w)) continue;
    n++;
    if (TRANSLIT_RU.has(w)) ruCount++;
    if (ROMANIAN_HINTS.has(w)) roCount++;
    if (ENGLISH_HINTS.has(w)) enCount++;
  }
  const ru = n === 0 ? 0 : ruCount / n;
  const ro = n === 0 ? 0 : roCount / n;
  const en = n === 0 ? 0 : enCount / n;
  if (ru >= 0.2 && ru > ro && ru > en && ruCount >= 2) {
    return told('ru', 'russian_latin', true);
  }
  // Clear function words settle it without the n-gram detector.
  if (n >= 4 && Math.max(ro, en) >= 0.2 && Math.max(ro, en) >= 3 * Math.min(ro, en)) {
    return ro > en ? told('ro', 'latin_romanian_words') : told('en', 'latin_english_words');
  }
  const res = detectNgramLanguage(raw);
  const top = res.language;
  const long = n >= 8;
  if (
    top &&
    !SUPPORTED.includes(top as SupportedLanguage) &&
    long &&
    (res.score(top) ?? 0) - Math.max(res.score('ro') ?? 0, res.score('en') ?? 0) > 0.1 &&
    ro < 0.15 &&
    en < 0.15
  ) {
    return told(top, 'latin_ngrams');
  }
  // Narrow to Romanian or English: n-gram scores plus function words.
  const roScore = (res.score('ro') ?? 0) + ro * 2;
  const enScore = (res.score('en') ?? 0) + en * 2;
  if (ro === 0 && en === 0 && n < 4) return told('und', 'too_short');
  if (roScore === 0 && enScore === 0) return told(top || 'und', 'latin_unclear');
  return roScore > enScore ? told('ro', 'latin_romanian_ngrams') : told('en', 'latin_english_ngrams');
}

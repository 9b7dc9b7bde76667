/**
 * The UI's languages (English, Russian, Romanian, Arabic): every string lives
 * in locales/*.json, under the same keys as en.json (a test checks it).
 * Arabic turns the whole page right to left: <html dir="rtl" lang="ar">, and
 * the styles use logical properties (margin-inline-start…), so the layout
 * mirrors by itself.
 */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import ar from './locales/ar.json';
import en from './locales/en.json';
import ro from './locales/ro.json';
import ru from './locales/ru.json';

export const UI_LANGUAGES = ['en', 'ru', 'ro', 'ar'] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];

/** Each language by its own name, as the switcher offers it. */
export const LANGUAGE_NAMES: Record<UiLanguage, string> = { en: 'English', ru: 'Русский', ro: 'Română', ar: 'العربية' };

const RTL_LANGUAGES: ReadonlySet<string> = new Set(['ar']);

/** Whether a language is written right to left. */
export const isRtl = (lang: string): boolean => RTL_LANGUAGES.has(uiLanguage(lang));

export const isUiLanguage = (l: unknown): l is UiLanguage => typeof l === 'string' && (UI_LANGUAGES as readonly string[]).includes(l);

/** The UI language as a supported code (i18next may report a region variant or a fallback). */
export function uiLanguage(lang: string = i18n.language): UiLanguage {
  const base = (lang ?? 'en').split('-')[0];
  return isUiLanguage(base) ? base : 'en';
}

/** <html lang dir>: the page's language and direction follow the UI language. */
function applyToDocument(lang: string): void {
  if (typeof document === 'undefined') return;
  const l = uiLanguage(lang);
  document.documentElement.lang = l;
  document.documentElement.dir = RTL_LANGUAGES.has(l) ? 'rtl' : 'ltr';
}

const saved = typeof localStorage !== 'undefined' ? localStorage.getItem('defuse.lang') : null;

i18n.on('languageChanged', applyToDocument);
void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, ru: { translation: ru }, ro: { translation: ro }, ar: { translation: ar } },
  lng: isUiLanguage(saved) ? saved : 'en',
  fallbackLng: 'en',
  interpolation: { escapeValue: false }, // React escapes; nothing is injected as HTML
});
applyToDocument(i18n.language);

export function setUiLanguage(lang: string): void {
  const l = uiLanguage(lang);
  void i18n.changeLanguage(l);
  localStorage.setItem('defuse.lang', l);
}

export default i18n;

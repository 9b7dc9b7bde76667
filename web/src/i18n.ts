/** The UI's languages (English, Russian): every string lives in locales/*.json. */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './locales/en.json';
import ru from './locales/ru.json';

export const UI_LANGUAGES = ['en', 'ru'] as const;
const saved = typeof localStorage !== 'undefined' ? localStorage.getItem('defuse.lang') : null;

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, ru: { translation: ru } },
  lng: saved === 'ru' ? 'ru' : 'en',
  fallbackLng: 'en',
  interpolation: { escapeValue: false }, // React escapes; nothing is injected as HTML
});

export function setUiLanguage(lang: string): void {
  void i18n.changeLanguage(lang);
  localStorage.setItem('defuse.lang', lang);
  document.documentElement.lang = lang;
}

export default i18n;

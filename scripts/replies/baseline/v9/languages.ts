/** The languages the reply checker has lists for (a module of its own, so that the CLI can name them without loading the checker). */
export type CheckLanguage = 'en' | 'ru' | 'ro' | 'ar';
export const CHECK_LANGUAGES: readonly CheckLanguage[] = ['en', 'ru', 'ro', 'ar'];
export const isCheckLanguage = (l: string | null | undefined): l is CheckLanguage => CHECK_LANGUAGES.includes(l as CheckLanguage);

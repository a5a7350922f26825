import type { InitOptions } from 'i18next';
import en from '../locales/en.json';
import sl from '../locales/sl.json';
import { DEFAULT_LANGUAGE, LANGUAGES, type Language } from './languages';

/**
 * One catalogue per language, in JSON files that translators edit (libs/i18n/locales/). Plural
 * keys carry CLDR suffixes (_one, _two, _few, _other), which i18next picks with Intl.PluralRules.
 */
export const CATALOGUES: Record<Language, typeof en> = { en, sl };

/** The i18next options both the web app and the server start from, so both read the catalogues alike. */
export function i18nextOptions(language: Language): InitOptions {
  return {
    lng: language,
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: [...LANGUAGES],
    resources: Object.fromEntries(LANGUAGES.map((code) => [code, { translation: CATALOGUES[code] }])),
    // React escapes what it renders, and mails and close reasons are plain text.
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
  };
}

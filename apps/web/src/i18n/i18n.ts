import { i18nextOptions, INTL_LOCALES, isLanguage, pickLanguage, DEFAULT_LANGUAGE, type Language } from '@accord/i18n';
import i18next from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';

/** The browser's own preference (navigator.languages), when Accord speaks one of them. */
export function browserLanguage(): Language {
  const preferred = typeof navigator === 'undefined' ? [] : navigator.languages?.length ? navigator.languages : [navigator.language];
  return pickLanguage(preferred) ?? DEFAULT_LANGUAGE;
}

// The catalogues are bundled (a few kB each): the first paint is already in the right language.
void i18next.use(initReactI18next).init(i18nextOptions(browserLanguage()));

const markDocument = (language: string): void => {
  document.documentElement.lang = language;
};
markDocument(i18next.language);
i18next.on('languageChanged', markDocument);

/** Switches every rendered string at once (react-i18next re-renders), and <html lang>. */
export async function applyLanguage(language: Language): Promise<void> {
  if (i18next.language !== language) await i18next.changeLanguage(language);
}

/** A language's name in the reader's language ("sl": "slovenščina" or "Slovenian"); the tag when Intl does not know it. */
export function languageNameOf(tag: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

/** The UI language and the Intl locale that dates, times and numbers are written in. */
export function useUiLanguage(): { language: Language; locale: string } {
  const { i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : DEFAULT_LANGUAGE;
  return { language, locale: INTL_LOCALES[language] };
}

import { acceptLanguageTags, i18nextOptions, resolveLanguage, DEFAULT_LANGUAGE, type Language } from '@accord/i18n';
import i18next, { type TFunction } from 'i18next';

/**
 * The server's sentences come from the same catalogues as the web app (libs/i18n/locales), read
 * by the same library, so a translator edits one file per language for both. One instance,
 * initialised synchronously from bundled resources: nothing to wait for, nothing to fetch.
 */
const instance = i18next.createInstance();
void instance.init(i18nextOptions(DEFAULT_LANGUAGE));

export type TranslationParams = Record<string, string | number>;

/**
 * A catalogue key the server writes with: its own sentences under `server.`, and the role names it
 * shares with the web app. Written out in full in the source, so the catalogue test can find them.
 */
export type ServerMessageKey = `server.${string}` | `role.${string}`;

export function translate(language: Language, key: ServerMessageKey, params: TranslationParams = {}): string {
  const fixed: TFunction = instance.getFixedT(language);
  return fixed(key, params);
}

/** The member's saved choice, then the request's Accept-Language, then English. */
export function languageFor(saved: string | null | undefined, acceptLanguage: string | string[] | undefined): Language {
  const header = Array.isArray(acceptLanguage) ? acceptLanguage.join(',') : acceptLanguage;
  return resolveLanguage(saved, acceptLanguageTags(header));
}

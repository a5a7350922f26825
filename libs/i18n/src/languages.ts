/** The languages Accord speaks, in the order the language switcher lists them. */
export const LANGUAGES = ['en', 'sl'] as const;
export type Language = (typeof LANGUAGES)[number];

export const DEFAULT_LANGUAGE: Language = 'en';

/** Each language named in itself: someone who cannot read the current UI still finds their own. */
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', sl: 'Slovenščina' };

/** The locale Intl formats dates, times and numbers with, per UI language. */
export const INTL_LOCALES: Record<Language, string> = { en: 'en-GB', sl: 'sl-SI' };

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The first tag (BCP 47, e.g. "sl-SI" or "en") whose language Accord speaks, or null. */
export function pickLanguage(tags: readonly string[]): Language | null {
  for (const tag of tags) {
    const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
    if (isLanguage(primary)) return primary;
  }
  return null;
}

/** The tags of an Accept-Language header, most preferred first (q=0 means "not this one"). */
export function acceptLanguageTags(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...parameters] = part.trim().split(';');
      const q = parameters.map((parameter) => /^\s*q\s*=\s*([0-9.]+)\s*$/.exec(parameter)?.[1]).find((value) => value !== undefined);
      return { tag: tag.trim(), quality: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.tag && entry.tag !== '*' && entry.quality > 0 && Number.isFinite(entry.quality))
    .sort((a, b) => b.quality - a.quality || a.index - b.index)
    .map((entry) => entry.tag);
}

/** The member's saved choice, then what the client asks for, then English. */
export function resolveLanguage(saved: string | null | undefined, requested: readonly string[]): Language {
  return isLanguage(saved) ? saved : (pickLanguage(requested) ?? DEFAULT_LANGUAGE);
}

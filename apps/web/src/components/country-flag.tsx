import { useUiLanguage } from '../i18n/i18n';

// flag-icons' SVGs (MIT), one file per ISO 3166-1 code; bundled as files by Vite, loaded when shown.
const FLAG_FILES = import.meta.glob<string>('../../../../node_modules/flag-icons/flags/4x3/*.svg', { query: '?url', import: 'default', eager: true });

const FLAG_URLS = new Map(
  Object.entries(FLAG_FILES).flatMap(([path, url]) => {
    const code = /\/([a-z]{2})\.svg$/.exec(path)?.[1];
    return code ? [[code.toUpperCase(), url] as const] : [];
  }),
);

/** Codes that have a flag, e.g. for a country picker. */
export const FLAG_COUNTRIES: readonly string[] = [...FLAG_URLS.keys()];

/** A country's name in the UI language ("Slovenia", "Slovenija"), or the code when the browser has none. */
export function countryName(country: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' }).of(country.toUpperCase()) ?? country.toUpperCase();
  } catch {
    return country.toUpperCase();
  }
}

/**
 * The flag as an image named by the country: drawn from SVG, since many systems (Windows, any
 * without an emoji font) show flag emoji as two empty boxes.
 */
export function CountryFlag({ country }: { country: string }) {
  const { locale } = useUiLanguage();
  const code = country.toUpperCase();
  const name = countryName(code, locale);
  const url = FLAG_URLS.get(code);
  if (!url) {
    return <span className="country-flag country-flag--missing" data-testid="country-flag">{name}</span>;
  }
  return <img className="country-flag" src={url} alt={name} title={name} width={24} height={18} data-testid="country-flag" data-country={code} />;
}

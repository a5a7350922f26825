/** A country's flag from its ISO 3166-1 code, as the two regional indicator symbols. */
export function flagOf(country: string): string {
  if (!/^[A-Za-z]{2}$/.test(country)) return '';
  return String.fromCodePoint(...[...country.toUpperCase()].map((letter) => 0x1f1e6 + letter.charCodeAt(0) - 65));
}

/** The flag, with the country code beside it: systems without an emoji font draw no flag. */
export function CountryFlag({ country }: { country: string }) {
  return (
    <span className="country-flag" role="img" aria-label={country.toUpperCase()} data-testid="country-flag">
      <span aria-hidden="true">{flagOf(country)}</span>
      <span className="country-code" aria-hidden="true">
        {country.toUpperCase()}
      </span>
    </span>
  );
}

/** A country's flag from its ISO 3166-1 code, as the two regional indicator symbols. */
export function flagOf(country: string): string {
  if (!/^[A-Za-z]{2}$/.test(country)) return '';
  return String.fromCodePoint(...[...country.toUpperCase()].map((letter) => 0x1f1e6 + letter.charCodeAt(0) - 65));
}

export function CountryFlag({ country }: { country: string }) {
  return (
    <span className="country-flag" role="img" aria-label={country.toUpperCase()} data-testid="country-flag">
      {flagOf(country)}
    </span>
  );
}

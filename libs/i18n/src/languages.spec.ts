import { describe, expect, it } from 'vitest';
import { acceptLanguageTags, pickLanguage, resolveLanguage } from './languages';

describe('choosing the language', () => {
  it('reads Accept-Language by preference, skipping refused and wildcard entries', () => {
    expect(acceptLanguageTags('de-DE,sl;q=0.8, en-GB;q=0.9,fr;q=0,*;q=0.1')).toEqual(['de-DE', 'en-GB', 'sl']);
    expect(acceptLanguageTags(undefined)).toEqual([]);
  });

  it('takes the first tag whose language Accord speaks, by its primary subtag', () => {
    expect(pickLanguage(['de-DE', 'sl-SI', 'en'])).toBe('sl');
    expect(pickLanguage(['hr', 'it'])).toBeNull();
  });

  it('puts the saved choice first, then the client’s languages, then English', () => {
    expect(resolveLanguage('sl', ['en-GB'])).toBe('sl');
    expect(resolveLanguage(null, ['de', 'sl-SI'])).toBe('sl');
    expect(resolveLanguage(null, ['de'])).toBe('en');
    expect(resolveLanguage('xx', [])).toBe('en');
  });
});

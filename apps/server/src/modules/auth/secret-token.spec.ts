import { describe, expect, it } from 'vitest';
import { hashSecretToken, newSecretToken, parseCookies } from './secret-token';

describe('secret tokens and cookies', () => {
  it('makes long random tokens and stores only a SHA-256 of them', () => {
    const token = newSecretToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newSecretToken()).not.toBe(token);
    expect(hashSecretToken(token)).toHaveLength(32);
    expect(hashSecretToken(token).equals(hashSecretToken(token))).toBe(true);
  });

  it('parses a Cookie header and ignores malformed parts', () => {
    expect(parseCookies('accord_session=abc; accord_csrf=x%2By; broken; bad=%E0%A4%A')).toEqual({ accord_session: 'abc', accord_csrf: 'x+y' });
    expect(parseCookies(undefined)).toEqual({});
  });
});

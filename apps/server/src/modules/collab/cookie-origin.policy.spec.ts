import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { CookieOriginPolicy } from './cookie-origin.policy';

const upgrade = (headers: Record<string, string>): IncomingMessage => ({ headers }) as unknown as IncomingMessage;

describe('CookieOriginPolicy', () => {
  const policy = new CookieOriginPolicy('https://accord.example.org/');

  it('allows the PUBLIC_URL origin and the host the request was sent to', () => {
    expect(policy.allows(upgrade({ host: 'internal:3000', origin: 'https://accord.example.org' }))).toBe(true);
    expect(policy.allows(upgrade({ host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000' }))).toBe(true);
  });

  it('refuses another site, another port, and the opaque "null" origin', () => {
    expect(policy.allows(upgrade({ host: 'accord.example.org', origin: 'https://evil.example' }))).toBe(false);
    expect(policy.allows(upgrade({ host: '127.0.0.1:3000', origin: 'http://127.0.0.1:4000' }))).toBe(false);
    expect(policy.allows(upgrade({ host: 'accord.example.org', origin: 'null' }))).toBe(false);
  });

  it('allows a client that sends no Origin (not a browser)', () => {
    expect(policy.allows(upgrade({ host: 'accord.example.org' }))).toBe(true);
  });
});

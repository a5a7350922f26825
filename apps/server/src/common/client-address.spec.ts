import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddress, compileProxyTrust } from './client-address';

/** What the server sees of an HTTP request: the peer's address and the forwarded chain. */
const requestFrom = (peer: string, forwardedFor?: string) =>
  ({ socket: { remoteAddress: peer }, connection: { remoteAddress: peer }, headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {} }) as unknown as IncomingMessage;

describe('clientAddress with TRUST_PROXY', () => {
  it('ignores X-Forwarded-For when no proxy is trusted', () => {
    expect(clientAddress(requestFrom('127.0.0.1', '203.0.113.7'), compileProxyTrust('false'))).toBe('127.0.0.1');
  });

  it('believes a trusted proxy, and only as far as the trust goes', () => {
    expect(clientAddress(requestFrom('127.0.0.1', '203.0.113.7'), compileProxyTrust('loopback'))).toBe('203.0.113.7');
    expect(clientAddress(requestFrom('198.51.100.1', '203.0.113.7'), compileProxyTrust('loopback'))).toBe('198.51.100.1');
    // A client that forges its own X-Forwarded-For gets one hop and no further.
    expect(clientAddress(requestFrom('10.0.0.2', '6.6.6.6, 203.0.113.7'), compileProxyTrust('1'))).toBe('203.0.113.7');
    expect(clientAddress(requestFrom('10.0.0.2', '6.6.6.6, 203.0.113.7'), compileProxyTrust('10.0.0.0/8'))).toBe('203.0.113.7');
    expect(clientAddress(requestFrom('10.0.0.2', '6.6.6.6, 203.0.113.7'), compileProxyTrust('true'))).toBe('6.6.6.6');
  });
});

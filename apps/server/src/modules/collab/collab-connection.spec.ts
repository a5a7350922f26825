import { describe, expect, it } from 'vitest';
import { fitCloseReason } from './collab-connection';

describe('fitCloseReason', () => {
  it('keeps a reason that fits a close frame as it is', () => {
    expect(fitCloseReason('No document with this id')).toBe('No document with this id');
  });

  it('cuts a long reason to 123 bytes without splitting a character', () => {
    const long = `Dokument je samo za branje: ${'čšž'.repeat(60)}`;
    const fitted = fitCloseReason(long);
    expect(Buffer.byteLength(fitted)).toBeLessThanOrEqual(123);
    expect(long.startsWith(fitted)).toBe(true);
    expect(Buffer.from(fitted).toString()).toBe(fitted);
  });
});

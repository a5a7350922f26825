import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { chainHashOf, contentHashOf, verifyChain, type ChainLink } from './version-hash';

const text = (words: string) => ({ type: 'doc', content: [{ type: 'paragraph', attrs: { lang: null, textAlign: null }, content: [{ type: 'text', text: words }] }] });

function chainOf(...contents: unknown[]): ChainLink[] {
  let previous: string | null = null;
  return contents.map((content, index) => {
    const contentHash = contentHashOf(content);
    const chainHash = chainHashOf(previous, contentHash);
    const link: ChainLink = { number: index + 1, content, contentHash, previousHash: previous, chainHash };
    previous = chainHash;
    return link;
  });
}

describe('version hash', () => {
  it('hashes the RFC 8785 form: the same for any key order, different for other content', () => {
    const a = { type: 'doc', content: [{ type: 'paragraph', attrs: { textAlign: null, lang: 'sl' }, content: [{ text: 'Ptuj', type: 'text' }] }] };
    const b = { content: [{ content: [{ type: 'text', text: 'Ptuj' }], attrs: { lang: 'sl', textAlign: null }, type: 'paragraph' }], type: 'doc' };
    expect(contentHashOf(a)).toBe(contentHashOf(b));
    expect(contentHashOf(a)).not.toBe(contentHashOf(text('Ptuj.')));
    // The canonical form is exactly RFC 8785's: sorted keys, no white space.
    expect(contentHashOf({ b: 1, a: 'x' })).toBe(createHash('sha256').update('{"a":"x","b":1}').digest('hex'));
  });

  it('chains as SHA-256 of the previous chain hash and the content hash, hex concatenated', () => {
    const first = contentHashOf(text('one'));
    expect(chainHashOf(null, first)).toBe(createHash('sha256').update(first).digest('hex'));
    expect(chainHashOf('a'.repeat(64), first)).toBe(createHash('sha256').update(`${'a'.repeat(64)}${first}`).digest('hex'));
  });

  it('finds an intact chain intact', () => {
    const result = verifyChain(chainOf(text('one'), text('two'), text('three')));
    expect(result).toMatchObject({ intact: true, brokenAt: null });
  });

  it('detects a tampered row: content changed without its hash, or rehashed without relinking', () => {
    const edited = chainOf(text('one'), text('two'), text('three'));
    edited[1] = { ...edited[1], content: text('TWO') };
    expect(verifyChain(edited)).toMatchObject({ intact: false, brokenAt: 2, reason: 'content' });

    const rehashed = chainOf(text('one'), text('two'), text('three'));
    rehashed[1] = { ...rehashed[1], content: text('TWO'), contentHash: contentHashOf(text('TWO')) };
    expect(verifyChain(rehashed)).toMatchObject({ intact: false, brokenAt: 2, reason: 'chain' });

    const stateSwapped = chainOf(text('one'), text('two'));
    stateSwapped[0] = { ...stateSwapped[0], stateContent: text('other') };
    expect(verifyChain(stateSwapped)).toMatchObject({ intact: false, brokenAt: 1, reason: 'state' });
  });
});

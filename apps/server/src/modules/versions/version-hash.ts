import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';

/** SHA-256 of a text's UTF-8 bytes, as 64 lower-case hex digits. */
function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** SHA-256 of the RFC 8785 (JSON Canonicalization Scheme) form of a version's TipTap JSON. */
export function contentHashOf(content: unknown): string {
  const canonical = canonicalize(content);
  if (canonical === undefined) throw new TypeError('a version holds JSON content');
  return sha256Hex(canonical);
}

/**
 * chain_hash = SHA-256(previous chain_hash as 64 hex digits + content_hash as 64 hex digits), the
 * two hex strings concatenated as UTF-8 text; the first version of a document has no previous
 * hash and uses the empty string in its place.
 */
export function chainHashOf(previousChainHash: string | null, contentHash: string): string {
  return sha256Hex(`${previousChainHash ?? ''}${contentHash}`);
}

/** A stored version as `verify` needs it. */
export interface ChainLink {
  number: number;
  /** The stored TipTap JSON. */
  content: unknown;
  /** The TipTap JSON read again from the stored Yjs state (omit to skip that check). */
  stateContent?: unknown;
  contentHash: string;
  previousHash: string | null;
  chainHash: string;
}

export interface ChainVerification {
  intact: boolean;
  /** The first version whose stored hashes do not match what its content and predecessor give. */
  brokenAt: number | null;
  reason: 'state' | 'content' | 'chain' | null;
  /** The chain hash of the last link recomputed from the contents alone. */
  recomputedChainHash: string | null;
}

/**
 * Recomputes every link in order (oldest first): the content hash from the stored JSON and from
 * the stored state, the link to the previous version, and the chain hash.
 */
export function verifyChain(links: readonly ChainLink[]): ChainVerification {
  let storedPrevious: string | null = null;
  let recomputed: string | null = null;
  let broken: Pick<ChainVerification, 'brokenAt' | 'reason'> | null = null;
  for (const link of links) {
    const contentHash = contentHashOf(link.content);
    recomputed = chainHashOf(recomputed, contentHash);
    if (broken) continue;
    if (contentHash !== link.contentHash) broken = { brokenAt: link.number, reason: 'content' };
    else if (link.stateContent !== undefined && contentHashOf(link.stateContent) !== link.contentHash) broken = { brokenAt: link.number, reason: 'state' };
    else if (link.previousHash !== storedPrevious || recomputed !== link.chainHash) broken = { brokenAt: link.number, reason: 'chain' };
    storedPrevious = link.chainHash;
  }
  return broken ? { intact: false, ...broken, recomputedChainHash: recomputed } : { intact: true, brokenAt: null, reason: null, recomputedChainHash: recomputed };
}

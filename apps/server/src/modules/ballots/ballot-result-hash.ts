import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';
import type { BallotChoice, BallotRule, BallotTally } from '@accord/contracts';

/** One counted vote as the result records it. */
export interface RecordedVote {
  partnerId: string;
  partnerName: string;
  choice: BallotChoice;
  castBy: string | null;
  castByName: string;
  castAs: 'delegate' | 'substitute';
  castAt: string;
}

/** Everything a result states; its hash covers all of it. */
export interface ResultRecord {
  ballotId: string;
  rule: BallotRule;
  eligiblePartnerIds: string[];
  votes: RecordedVote[];
  tally: BallotTally;
  accepted: boolean;
  /** The chain hash of the version voted on (for a motion, the hash of its text). */
  votedChainHash: string;
  closedAt: string;
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * result_hash = SHA-256 of the RFC 8785 canonical JSON of the record (votes sorted by partner id),
 * which names the voted version's chain hash: the result is chained to the exact text voted on.
 */
export function resultHashOf(record: ResultRecord): string {
  const sorted: ResultRecord = { ...record, votes: [...record.votes].sort((a, b) => a.partnerId.localeCompare(b.partnerId)), eligiblePartnerIds: [...record.eligiblePartnerIds].sort() };
  const canonical = canonicalize(sorted);
  if (canonical === undefined) throw new TypeError('a result is JSON');
  return sha256Hex(canonical);
}

/** The hash a motion is voted on: SHA-256 of the canonical JSON {"motion": text}. */
export function motionHashOf(text: string): string {
  return sha256Hex(canonicalize({ motion: text }) ?? '');
}

import type { BallotChoice, BallotDecision, BallotRule, BallotTally } from './ballot-rules';

/** What a ballot decides. */
export const BALLOT_PROPOSALS = ['adopt-recommendation', 'accept-amendment', 'motion'] as const;
export type BallotProposal = (typeof BALLOT_PROPOSALS)[number];

export const BALLOT_STATUSES = ['open', 'closed'] as const;
export type BallotStatus = (typeof BALLOT_STATUSES)[number];

/** Limits of what a coordinator writes on a ballot. */
export const BALLOT_LIMITS = { title: 200, motionText: 5000, reason: 500, outcomeStatement: 2000, maxDays: 90 } as const;

/**
 * The reason a frozen text's connections are read-only, sent in the websocket permission-denied
 * message: this prefix and the deadline (ISO 8601). The web app shows its own sentence with the date.
 */
export const FROZEN_REASON_PREFIX = 'voting is open until ';

export function frozenReasonFor(deadline: string): string {
  return `${FROZEN_REASON_PREFIX}${deadline}`;
}

/** The deadline in a frozen reason, or null for any other read-only reason. */
export function frozenUntilOf(reason: string): string | null {
  return reason.startsWith(FROZEN_REASON_PREFIX) ? reason.slice(FROZEN_REASON_PREFIX.length) : null;
}

export interface BallotPersonView {
  memberId: string;
  displayName: string;
}

/** One eligible partner's line on a ballot. The choice is shown to everyone once the ballot closed, before that only to the partner. */
export interface BallotPartnerVoteView {
  partnerId: string;
  partnerName: string;
  country: string;
  voted: boolean;
  choice: BallotChoice | null;
  castBy: BallotPersonView | null;
  castAs: 'delegate' | 'substitute' | null;
  castAt: string | null;
}

export interface BallotExtensionView {
  previousDeadline: string;
  deadline: string;
  reason: string;
  extendedBy: BallotPersonView | null;
  extendedAt: string;
}

export interface BallotResultView {
  tally: BallotTally;
  decision: BallotDecision;
  accepted: boolean;
  resultHash: string;
  votedChainHash: string;
  closedAt: string;
  /** Null when the deadline closed it. */
  closedBy: BallotPersonView | null;
}

/** What the signed-in member's partner can do on this ballot. */
export interface BallotMyPartnerView {
  partnerId: string;
  choice: BallotChoice | null;
  castBy: BallotPersonView | null;
  /** Whether the signed-in member may cast or change the vote now; when not, `reason` says why. */
  mayCast: boolean;
  reason: string | null;
  /** The text voted on (for an amendment: the merged preview) changed after this partner's vote. */
  changedSinceVote: boolean;
}

export interface BallotSummaryView {
  id: string;
  proposal: BallotProposal;
  title: string;
  status: BallotStatus;
  recommendation: { id: string; title: string } | null;
  amendmentId: string | null;
  openedAt: string;
  deadline: string;
  eligible: number;
  voted: number;
  accepted: boolean | null;
  myPartner: BallotMyPartnerView | null;
}

export interface BallotView extends BallotSummaryView {
  motionText: string | null;
  rule: BallotRule;
  openedBy: BallotPersonView | null;
  votedVersion: number | null;
  votedContentHash: string;
  votedChainHash: string;
  partners: BallotPartnerVoteView[];
  extensions: BallotExtensionView[];
  /** A coordinator may close before the deadline only when every eligible partner has voted. */
  mayCloseEarly: boolean;
  result: BallotResultView | null;
  outcomeStatement: string | null;
}

export interface BallotVerificationView {
  intact: boolean;
  /** What failed, in English, when not intact. */
  reason: string | null;
  resultHash: string;
  recomputedHash: string;
  accepted: boolean;
  recomputedAccepted: boolean;
}

export interface ParticipationView {
  partnerId: string;
  partnerName: string;
  country: string;
  ballotsEligible: number;
  ballotsVoted: number;
  comments: number;
  amendments: number;
}

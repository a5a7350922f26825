/** Amendments: a proposed change to one passage of a recommendation, edited as a fork of its text. */
export const AMENDMENT_STATUSES = ['open', 'under-vote', 'adopted', 'withdrawn', 'declined'] as const;
export type AmendmentStatus = (typeof AMENDMENT_STATUSES)[number];

/** Limits the server enforces and the forms show. */
export const AMENDMENT_LIMITS = { title: 200, reason: 4000, closeReason: 2000 } as const;

export interface AmendmentPerson {
  memberId: string | null;
  displayName: string;
}

/** One of the members who may edit an amendment, with their partner (the author list names both). */
export interface AmendmentAuthor extends AmendmentPerson {
  partnerName: string;
}

/** Warnings shown with an amendment before anyone votes on it. */
export interface AmendmentFlags {
  /** The recommendation's text under the passage changed since the fork: "review". */
  passageEditedSinceProposal: boolean;
  /** Other open amendments whose passages overlap this one's, in the current text. */
  overlapsWith: { id: string; title: string }[];
  /** The passage is gone from the current recommendation (deleted there). */
  passageDetached: boolean;
}

export interface AmendmentSummary {
  id: string;
  recommendationId: string;
  title: string;
  reason: string;
  status: AmendmentStatus;
  quotedText: string;
  /** The passage as Yjs relative positions (base64), valid in the fork and in the recommendation. */
  anchor: { start: string; end: string };
  createdBy: AmendmentPerson;
  createdAt: string;
  authors: AmendmentAuthor[];
  baseVersion: number;
  baseHash: string;
  threadId: string | null;
  closedBy: AmendmentPerson | null;
  closedReason: string | null;
  closedAt: string | null;
  ballotId: string | null;
  adoptedVersion: number | null;
  flags: AmendmentFlags;
}

/**
 * A diff of two texts: both TipTap documents, and the shared structural diff
 * (libs/editor structural-diff.ts, a `StructuralDiff`) reduced to the top-level blocks that changed.
 */
export interface AmendmentDiff {
  from: Record<string, unknown>;
  to: Record<string, unknown>;
  /** A StructuralDiff (libs/editor) of the changed blocks; `blocks` is empty when nothing changed. */
  structure: { blocks: unknown[]; wordsAdded: number; wordsRemoved: number; moves: number; formatChanges: number; authors: string[] };
}

/** A Yjs item id in the fork: a character or block next to the passage. */
export interface AmendmentPassageBound {
  client: number;
  clock: number;
}

export interface AmendmentDetail extends AmendmentSummary {
  /**
   * What the fork's editor may change: everything strictly between these two (null: the start or
   * the end of the text). Text typed at either edge of the passage is inside; the server checks
   * every update against the same bounds.
   */
  passageBounds: { before: AmendmentPassageBound | null; after: AmendmentPassageBound | null };
  /** What the member may do with it. */
  canEdit: boolean;
  canWithdraw: boolean;
  canDecline: boolean;
  canInvite: boolean;
  /** The amendment against its base passage. */
  diff: AmendmentDiff;
}

/** What the recommendation will read if the amendment is adopted now. */
export interface AmendmentPreview {
  amendmentId: string;
  /** The current recommendation against the merged result. */
  diff: AmendmentDiff;
  flags: AmendmentFlags;
}

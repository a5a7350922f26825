/** Amendments: a proposed change to one passage of a recommendation, edited as a fork of its text. */
export const AMENDMENT_STATUSES = ['open', 'under-vote', 'adopted', 'withdrawn', 'declined'] as const;
export type AmendmentStatus = (typeof AMENDMENT_STATUSES)[number];

/** Limits the server enforces and the forms show. */
export const AMENDMENT_LIMITS = { title: 200, reason: 4000, closeReason: 2000 } as const;

export interface AmendmentPerson {
  memberId: string | null;
  displayName: string;
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
  createdBy: AmendmentPerson;
  createdAt: string;
  authors: AmendmentPerson[];
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

/** A word run of a changed block: kept, inserted or deleted. */
export interface AmendmentWordChange {
  kind: 'equal' | 'insert' | 'delete';
  text: string;
}

/** One top-level block of a diff (the shape of the version history's comparison, without authors). */
export interface AmendmentBlockChange {
  kind: 'unchanged' | 'inserted' | 'deleted' | 'changed';
  fromIndex: number | null;
  toIndex: number | null;
  words: AmendmentWordChange[];
}

export interface AmendmentDiff {
  /** TipTap JSON of the earlier and later texts. */
  from: Record<string, unknown>;
  to: Record<string, unknown>;
  /** Only the blocks that changed, and the blocks of the passage. */
  blocks: AmendmentBlockChange[];
}

export interface AmendmentDetail extends AmendmentSummary {
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

/** Version history as the REST API answers it (apps/server/src/modules/versions/dto). */

export const VERSION_KIND_NAMES = ['automatic', 'named', 'restore', 'event'] as const;
export type VersionKindName = (typeof VERSION_KIND_NAMES)[number];

/** A member as a version names them: with their partner. */
export interface VersionContributor {
  memberId: string;
  displayName: string;
  partnerId: string;
  partnerName: string;
}

export interface VersionSummary {
  number: number;
  kind: VersionKindName;
  /** For kind "event": what happened, e.g. "ballot opened". */
  eventLabel: string | null;
  name: string | null;
  createdAt: string;
  createdBy: VersionContributor | null;
  contributors: VersionContributor[];
  wordsAdded: number;
  wordsRemoved: number;
  contentHash: string;
  chainHash: string;
  shortHash: string;
  restoredFrom: number | null;
}

export interface VersionPage {
  versions: VersionSummary[];
  total: number;
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextBefore: number | null;
}

export interface VersionVerification {
  number: number;
  intact: boolean;
  brokenAt: number | null;
  reason: 'state' | 'content' | 'chain' | null;
  chainHash: string;
  recomputedChainHash: string;
}

/** Longest version name, in characters. */
export const VERSION_NAME_MAX_CHARACTERS = 200;

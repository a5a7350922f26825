import type { DocumentAccess } from './access';

export const RECOMMENDATION_STATUSES = ['draft', 'in_review', 'voting', 'adopted', 'rejected', 'published'] as const;
export type RecommendationStatus = (typeof RECOMMENDATION_STATUSES)[number];

/**
 * The statuses a coordinator sets by hand. Voting, adopted and rejected come from a ballot and
 * published from publishing an edition, so that no hand can overwrite a decided result.
 */
export const MANUAL_RECOMMENDATION_STATUSES = ['draft', 'in_review'] as const satisfies readonly RecommendationStatus[];
export type ManualRecommendationStatus = (typeof MANUAL_RECOMMENDATION_STATUSES)[number];

export const RECOMMENDATION_LEVELS = ['eu', 'national', 'local'] as const;
export type RecommendationLevel = (typeof RECOMMENDATION_LEVELS)[number];

export const THEMES = [
  'euroscepticism',
  'solidarity',
  'active_citizenship',
  'intercultural_dialogue',
  'democratic_participation',
] as const;
export type Theme = (typeof THEMES)[number];

export interface WorkingGroupSummary {
  id: string;
  name: string;
  kind: 'local' | 'thematic';
}

/** One row of the recommendation list. */
export interface RecommendationSummary {
  id: string;
  title: string;
  theme: Theme;
  level: RecommendationLevel;
  status: RecommendationStatus;
  workingGroup: WorkingGroupSummary;
  /** BCP 47 tag of the language the text is written in, e.g. "en" or "sl". */
  language: string;
  lastEditedAt: string | null;
  createdAt: string;
  /** What the signed-in member may do with it. */
  access: DocumentAccess;
  /** Comment threads on it that are not resolved. */
  openThreadCount: number;
}

export interface RecommendationDetail extends RecommendationSummary {
  /** The stored rich text as TipTap (ProseMirror) JSON, as of the last compaction. */
  content: unknown;
}

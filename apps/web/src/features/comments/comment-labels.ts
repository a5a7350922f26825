import type { Stance } from '@accord/contracts';
import type { ParseKeys } from 'i18next';
import type { PanelFilter } from './thread-filters';

/** Catalogue keys written out in full, so the catalogue test sees each one in use (see i18n/labels.ts). */
export const STANCE_LABELS = {
  for: 'comments.stance.for',
  against: 'comments.stance.against',
  neutral: 'comments.stance.neutral',
} as const satisfies Record<Stance, ParseKeys>;

export const FILTER_LABELS = {
  open: 'comments.filter.open',
  resolved: 'comments.filter.resolved',
  mine: 'comments.filter.mine',
  'mentioning-me': 'comments.filter.mentioningMe',
} as const satisfies Record<PanelFilter, ParseKeys>;

import type { MemberRole, PartnerType, ReadOnlyReason, RecommendationLevel, RecommendationStatus, Theme } from '@accord/contracts';
import type { ParseKeys } from 'i18next';

/**
 * Catalogue keys for values that come from data (a status, a role). Written out in full rather
 * than built from the value, so every key in use appears in the source and the catalogue test
 * can tell a used key from a forgotten one.
 */
export const ROLE_LABELS = {
  coordinator: 'role.coordinator',
  delegate: 'role.delegate',
  substitute: 'role.substitute',
  editor: 'role.editor',
  commenter: 'role.commenter',
} as const satisfies Record<MemberRole, ParseKeys>;

export const STATUS_LABELS = {
  draft: 'status.draft',
  in_review: 'status.in_review',
  voting: 'status.voting',
  adopted: 'status.adopted',
  rejected: 'status.rejected',
  published: 'status.published',
} as const satisfies Record<RecommendationStatus, ParseKeys>;

export const THEME_LABELS = {
  euroscepticism: 'theme.euroscepticism',
  solidarity: 'theme.solidarity',
  active_citizenship: 'theme.active_citizenship',
  intercultural_dialogue: 'theme.intercultural_dialogue',
  democratic_participation: 'theme.democratic_participation',
} as const satisfies Record<Theme, ParseKeys>;

export const LEVEL_LABELS = {
  eu: 'level.eu',
  national: 'level.national',
  local: 'level.local',
} as const satisfies Record<RecommendationLevel, ParseKeys>;

export const WORKING_GROUP_KIND_LABELS = {
  local: 'workingGroupKind.local',
  thematic: 'workingGroupKind.thematic',
} as const satisfies Record<'local' | 'thematic', ParseKeys>;

export const READ_ONLY_LABELS = {
  'not-editor': 'editor.readOnly.not-editor',
  'not-in-working-group': 'editor.readOnly.not-in-working-group',
  'not-amendment-author': 'amendments.readOnly.not-amendment-author',
  'amendment-under-vote': 'amendments.readOnly.amendment-under-vote',
  'amendment-closed': 'amendments.readOnly.amendment-closed',
} as const satisfies Record<ReadOnlyReason, ParseKeys>;

export const CONNECTION_LABELS = {
  connecting: 'connection.connecting',
  connected: 'connection.connected',
  offline: 'connection.offline',
} as const satisfies Record<'connecting' | 'connected' | 'offline', ParseKeys>;

export const SAVE_LABELS = {
  saved: 'save.saved',
  saving: 'save.saving',
  unsaved: 'save.unsaved',
  offline: 'save.offline',
} as const satisfies Record<'saved' | 'saving' | 'unsaved' | 'offline', ParseKeys>;

export const PARTNER_TYPE_LABELS = {
  municipality: 'network.partnerType.municipality',
  agency: 'network.partnerType.agency',
  civil_society: 'network.partnerType.civil_society',
} as const satisfies Record<PartnerType, ParseKeys>;

export const INVITATION_STATE_LABELS = {
  pending: 'network.invitationState.pending',
  accepted: 'network.invitationState.accepted',
  expired: 'network.invitationState.expired',
} as const satisfies Record<string, ParseKeys>;

/** The label key of a value from the server that may be one the app does not know yet. */
export function labelOf<K extends string>(labels: Record<K, ParseKeys>, value: string): ParseKeys | null {
  return Object.hasOwn(labels, value) ? labels[value as K] : null;
}

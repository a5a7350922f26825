/** Members, roles and what the web app needs to know about the signed-in member. */
export const MEMBER_ROLES = ['coordinator', 'delegate', 'substitute', 'editor', 'commenter'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export const PARTNER_TYPES = ['municipality', 'agency', 'civil_society'] as const;
export type PartnerType = (typeof PARTNER_TYPES)[number];

/** The header that carries the CSRF token on every state-changing request (double submit). */
export const CSRF_HEADER = 'x-csrf-token';
/** The readable cookie holding the CSRF token; the session cookie itself is httpOnly. */
export const CSRF_COOKIE = 'accord_csrf';
export const SESSION_COOKIE = 'accord_session';

/** The shortest password Accord accepts (invitation and reset forms, and the server's check). */
export const MIN_PASSWORD_LENGTH = 10;

export interface SignedInMember {
  id: string;
  displayName: string;
  email: string;
  roles: MemberRole[];
  partner: { id: string; name: string; country: string };
  network: { id: string; name: string };
  workingGroupIds: string[];
  /** The UI language the member chose ("en", "sl"), or null: then the browser's language applies. */
  language: string | null;
}

export interface DemoAccount {
  email: string;
  password: string;
  role: MemberRole;
  displayName: string;
}

export interface SessionState {
  member: SignedInMember | null;
  /** Present only in demo mode (SEED_DEMO): the seeded accounts and their passwords. */
  demoAccounts: DemoAccount[] | null;
}

export interface SignInResult {
  member: SignedInMember;
  /** Send it as the `x-csrf-token` header with every POST, PATCH, PUT and DELETE. */
  csrfToken: string;
  expiresAt: string;
}

/** Why a member may read but not change a recommendation's text. */
export const READ_ONLY_REASONS = ['not-editor', 'not-in-working-group', 'not-amendment-author', 'amendment-under-vote', 'amendment-closed'] as const;
export type ReadOnlyReason = (typeof READ_ONLY_REASONS)[number];

export interface DocumentAccess {
  canEdit: boolean;
  canComment: boolean;
  /** Set when canEdit is false. */
  readOnlyReason: ReadOnlyReason | null;
}

/** The sentence sent in the websocket permission-denied message, per reason; the web app shows its own. */
export const READ_ONLY_MESSAGES: Record<ReadOnlyReason, string> = {
  'not-editor': 'read-only: only editors of its working group and coordinators may change this text',
  'not-in-working-group': 'read-only: you are not a member of the working group that owns this text',
  'not-amendment-author': 'read-only: only the authors of this amendment and the members they invite may change it',
  'amendment-under-vote': 'read-only: this amendment is under vote',
  'amendment-closed': 'read-only: this amendment is no longer open',
};

export function readOnlyReasonOf(message: string): ReadOnlyReason | null {
  for (const reason of READ_ONLY_REASONS) if (READ_ONLY_MESSAGES[reason] === message) return reason;
  return null;
}

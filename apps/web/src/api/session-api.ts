import i18next from 'i18next';
import { MEMBER_ROLES, type DemoAccount, type MemberRole, type SessionState, type SignedInMember } from '@accord/contracts';
import { isLanguage, type Language } from '@accord/i18n';
import { ApiError } from './api-error';
import { getJson, sendJson } from './http-client';

export function fetchSession(signal?: AbortSignal): Promise<SessionState> {
  return getJson('/api/auth/session', parseSessionState, signal);
}

export function signIn(email: string, password: string): Promise<SignedInMember> {
  return sendJson('POST', '/api/auth/sign-in', { email, password }, (body) => parseMember(isRecord(body) ? body.member : null));
}

export function signOut(): Promise<void> {
  return sendJson('POST', '/api/auth/sign-out');
}

/** Stores the language on the signed-in member; answers the member as now described. */
export function saveLanguage(language: Language): Promise<SignedInMember> {
  return sendJson('PUT', '/api/auth/session/language', { language }, parseMember);
}

export function acceptInvitation(token: string, password: string): Promise<void> {
  return sendJson('POST', '/api/auth/invitations/accept', { token, password });
}

export function requestPasswordReset(email: string): Promise<void> {
  return sendJson('POST', '/api/auth/password-reset', { email });
}

export function confirmPasswordReset(token: string, password: string): Promise<void> {
  return sendJson('POST', '/api/auth/password-reset/confirm', { token, password });
}

function parseSessionState(body: unknown): SessionState {
  if (!isRecord(body)) throw malformed('a session');
  return {
    member: body.member === null || body.member === undefined ? null : parseMember(body.member),
    demoAccounts: Array.isArray(body.demoAccounts) ? body.demoAccounts.map(parseDemoAccount) : null,
  };
}

export function parseMember(body: unknown): SignedInMember {
  if (!isRecord(body) || typeof body.id !== 'string' || typeof body.displayName !== 'string' || typeof body.email !== 'string' || !isRecord(body.partner) || !isRecord(body.network)) {
    throw malformed('a member');
  }
  return {
    id: body.id,
    displayName: body.displayName,
    email: body.email,
    roles: parseRoles(body.roles),
    partner: { id: String(body.partner.id), name: String(body.partner.name), country: String(body.partner.country) },
    network: { id: String(body.network.id), name: String(body.network.name) },
    workingGroupIds: Array.isArray(body.workingGroupIds) ? body.workingGroupIds.filter((id): id is string => typeof id === 'string') : [],
    language: isLanguage(body.language) ? body.language : null,
  };
}

export function parseRoles(value: unknown): MemberRole[] {
  return Array.isArray(value) ? value.filter((role): role is MemberRole => (MEMBER_ROLES as readonly unknown[]).includes(role)) : [];
}

function parseDemoAccount(body: unknown): DemoAccount {
  if (!isRecord(body) || typeof body.email !== 'string' || typeof body.password !== 'string' || typeof body.displayName !== 'string') throw malformed('a demo account');
  const [role] = parseRoles([body.role]);
  return { email: body.email, password: body.password, displayName: body.displayName, role: role ?? 'commenter' };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An answer the app cannot read (a server of another version): `expected` is for the console, people get a sentence. */
function malformed(expected: string): ApiError {
  console.error(`The server sent something that is not ${expected}`);
  return new ApiError(502, i18next.t('app.unexpectedAnswer'));
}

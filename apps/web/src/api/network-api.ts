import type { MemberRole, PartnerType } from '@accord/contracts';
import type { Language } from '@accord/i18n';
import { getJson, sendJson } from './http-client';
import { isRecord, parseRoles } from './session-api';

export interface Partner {
  id: string;
  name: string;
  town: string;
  country: string;
  type: string;
  workingLanguage: string;
  isLead: boolean;
}
export interface WorkingGroup {
  id: string;
  name: string;
  kind: 'local' | 'thematic';
  town: string | null;
  memberIds: string[];
}
export interface Network {
  id: string;
  name: string;
  partners: Partner[];
  workingGroups: WorkingGroup[];
}
export interface Member {
  id: string;
  displayName: string;
  email: string;
  partnerId: string;
  roles: MemberRole[];
  active: boolean;
  workingGroupIds: string[];
}
export interface Invitation {
  id: string;
  email: string;
  displayName: string;
  expiresAt: string;
  state: string;
}
export interface OutboxMail {
  id: string;
  recipient: string;
  subject: string;
  body: string;
  delivery: string;
  createdAt: string;
}
export interface AuditEvent {
  id: string;
  action: string;
  actor: string;
  remoteAddress: string | null;
  detail: Record<string, unknown>;
  createdAt: string;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value));
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);
const list =
  <T>(parse: (item: Record<string, unknown>) => T) =>
  (body: unknown): T[] =>
    Array.isArray(body) ? body.filter(isRecord).map(parse) : [];

const parsePartner = (body: Record<string, unknown>): Partner => ({
  id: text(body.id),
  name: text(body.name),
  town: text(body.town),
  country: text(body.country),
  type: text(body.type),
  workingLanguage: text(body.workingLanguage),
  isLead: body.isLead === true,
});
const parseGroup = (body: Record<string, unknown>): WorkingGroup => ({
  id: text(body.id),
  name: text(body.name),
  kind: body.kind === 'thematic' ? 'thematic' : 'local',
  town: typeof body.town === 'string' ? body.town : null,
  memberIds: strings(body.memberIds),
});
const parseMember = (body: Record<string, unknown>): Member => ({
  id: text(body.id),
  displayName: text(body.displayName),
  email: text(body.email),
  partnerId: text(body.partnerId),
  roles: parseRoles(body.roles),
  active: body.active === true,
  workingGroupIds: strings(body.workingGroupIds),
});

export function fetchNetwork(signal?: AbortSignal): Promise<Network> {
  return getJson(
    '/api/network',
    (body) => {
      const record = isRecord(body) ? body : {};
      return { id: text(record.id), name: text(record.name), partners: list(parsePartner)(record.partners), workingGroups: list(parseGroup)(record.workingGroups) };
    },
    signal,
  );
}

export const fetchMembers = (signal?: AbortSignal): Promise<Member[]> => getJson('/api/network/members', list(parseMember), signal);
export const fetchInvitations = (signal?: AbortSignal): Promise<Invitation[]> =>
  getJson('/api/network/invitations', list((body) => ({ id: text(body.id), email: text(body.email), displayName: text(body.displayName), expiresAt: text(body.expiresAt), state: text(body.state) })), signal);
export const fetchOutbox = (signal?: AbortSignal): Promise<OutboxMail[]> =>
  getJson('/api/mail/outbox', list((body) => ({ id: text(body.id), recipient: text(body.recipient), subject: text(body.subject), body: text(body.body), delivery: text(body.delivery), createdAt: text(body.createdAt) })), signal);
export const fetchAudit = (signal?: AbortSignal): Promise<AuditEvent[]> =>
  getJson(
    '/api/audit',
    list((body) => ({ id: text(body.id), action: text(body.action), actor: text(body.actor), remoteAddress: typeof body.remoteAddress === 'string' ? body.remoteAddress : null, detail: isRecord(body.detail) ? body.detail : {}, createdAt: text(body.createdAt) })),
    signal,
  );

export const changeRoles = (memberId: string, roles: MemberRole[]): Promise<void> => sendJson('PATCH', `/api/network/members/${encodeURIComponent(memberId)}/roles`, { roles });
export const removeMember = (memberId: string): Promise<void> => sendJson('DELETE', `/api/network/members/${encodeURIComponent(memberId)}`);
export const inviteMember = (invitation: { email: string; displayName: string; partnerId: string; roles: MemberRole[]; workingGroupIds: string[]; language: Language }): Promise<void> =>
  sendJson('POST', '/api/network/invitations', invitation);
export const createWorkingGroup = (group: { name: string; kind: 'local' | 'thematic'; town: string | null }): Promise<void> => sendJson('POST', '/api/network/working-groups', group);
export const addToWorkingGroup = (groupId: string, memberId: string): Promise<void> => sendJson('POST', `/api/network/working-groups/${encodeURIComponent(groupId)}/members`, { memberId });
export const removeFromWorkingGroup = (groupId: string, memberId: string): Promise<void> =>
  sendJson('DELETE', `/api/network/working-groups/${encodeURIComponent(groupId)}/members/${encodeURIComponent(memberId)}`);
export const createPartner = (partner: { name: string; town: string; country: string; type: PartnerType; workingLanguage: string }): Promise<void> =>
  sendJson('POST', '/api/network/partners', partner);

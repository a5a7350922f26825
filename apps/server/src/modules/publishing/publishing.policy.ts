import type { MemberRole } from '@accord/contracts';
import type { MemberContext } from '../auth/authenticated-member';
import { documentPolicy, type DocumentScope } from '../documents/document.policy';

const has = (member: Pick<MemberContext, 'roles'>, ...roles: MemberRole[]): boolean => roles.some((role) => member.roles.includes(role));

/**
 * Who may publish and export. Publishing an edition (and an erratum) is for the lead partner's
 * coordinators (canPublish); every member who can read a text may export its draft. Published
 * editions are public: reading them needs no policy.
 */
export const publishingPolicy = {
  /** Role gate before the body is read: coordinators only; the service then checks the partner. */
  mayPublish: (member: MemberContext): boolean => has(member, 'coordinator'),

  canPublish(member: MemberContext, document: DocumentScope, publisher: { isLead: boolean }): boolean {
    return documentPolicy.canRead(member, document) && has(member, 'coordinator') && publisher.isLead;
  },

  canExportDraft(member: MemberContext, document: DocumentScope): boolean {
    return documentPolicy.canRead(member, document);
  },
};

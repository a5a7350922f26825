import type { DocumentAccess, MemberRole } from '@accord/contracts';
import type { MemberContext } from '../auth/authenticated-member';

/** What the policy needs to know about a document: its network and the working group that owns it. */
export interface DocumentScope {
  networkId: string;
  /** Null for a document without a working group (only coordinators edit those). */
  workingGroupId: string | null;
}

const has = (member: MemberContext, ...roles: MemberRole[]): boolean => roles.some((role) => member.roles.includes(role));

/**
 * The one place that says who may read, edit and comment on a recommendation's text; the REST
 * controllers and the collaboration websocket both ask it.
 *
 * - read: every member of the document's network, nobody outside it;
 * - edit: coordinators, and editors who belong to the owning working group;
 * - comment: commenters, editors, delegates (and their substitutes) and coordinators.
 */
export const documentPolicy = {
  canRead(member: MemberContext, document: DocumentScope): boolean {
    return member.networkId === document.networkId;
  },

  canEdit(member: MemberContext, document: DocumentScope): boolean {
    if (!this.canRead(member, document)) return false;
    if (has(member, 'coordinator')) return true;
    return has(member, 'editor') && document.workingGroupId !== null && member.workingGroupIds.includes(document.workingGroupId);
  },

  canComment(member: MemberContext, document: DocumentScope): boolean {
    return this.canRead(member, document) && has(member, 'commenter', 'editor', 'delegate', 'substitute', 'coordinator');
  },

  /** Role gate for creating a recommendation; the service then checks the working group. */
  mayCreate(member: MemberContext): boolean {
    return has(member, 'coordinator', 'editor');
  },

  canCreateIn(member: MemberContext, workingGroup: { networkId: string; id: string }): boolean {
    return this.canEdit(member, { networkId: workingGroup.networkId, workingGroupId: workingGroup.id });
  },

  mayDelete(member: MemberContext): boolean {
    return has(member, 'coordinator');
  },

  mayChangeStatus(member: MemberContext): boolean {
    return has(member, 'coordinator');
  },

  /** What a reader may do, with the reason when they may not edit. Null when they may not read. */
  access(member: MemberContext, document: DocumentScope): DocumentAccess | null {
    if (!this.canRead(member, document)) return null;
    const canEdit = this.canEdit(member, document);
    return {
      canEdit,
      canComment: this.canComment(member, document),
      readOnlyReason: canEdit ? null : has(member, 'editor') ? 'not-in-working-group' : 'not-editor',
    };
  },
};

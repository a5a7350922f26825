import type { AmendmentStatus, DocumentAccess, MemberRole, ReadOnlyReason } from '@accord/contracts';
import type { MemberContext } from '../auth/authenticated-member';

/** What the policy needs to know about a document: its network and the working group that owns it. */
export interface DocumentScope {
  networkId: string;
  /** Null for a document without a working group (only coordinators edit those). */
  workingGroupId: string | null;
  /** Set when the document is an amendment's fork: its status and the members who may edit it. */
  amendment?: { status: AmendmentStatus; authorIds: readonly string[] } | null;
}

const has = (member: MemberContext, ...roles: MemberRole[]): boolean => roles.some((role) => member.roles.includes(role));

function amendmentReadOnlyReason(member: MemberContext, amendment: NonNullable<DocumentScope['amendment']>): ReadOnlyReason {
  if (amendment.status === 'under-vote') return 'amendment-under-vote';
  if (amendment.status !== 'open') return 'amendment-closed';
  return 'not-amendment-author';
}

/**
 * The one place that says who may read, edit and comment on a recommendation's text; the REST
 * controllers and the collaboration websocket both ask it.
 *
 * - read: every member of the document's network, nobody outside it;
 * - edit: coordinators, and editors who belong to the owning working group;
 * - comment: commenters, editors, delegates (and their substitutes) and coordinators.
 * - an amendment's fork: read by the network, edited by its authors and the members they invited
 *   while it is open; under vote, adopted, withdrawn or declined it is read-only for everyone.
 */
export const documentPolicy = {
  canRead(member: MemberContext, document: DocumentScope): boolean {
    return member.networkId === document.networkId;
  },

  canEdit(member: MemberContext, document: DocumentScope): boolean {
    if (!this.canRead(member, document)) return false;
    // An amendment: its authors and invitees, while it is open (under vote it is frozen).
    if (document.amendment) return document.amendment.status === 'open' && document.amendment.authorIds.includes(member.memberId);
    if (has(member, 'coordinator')) return true;
    return has(member, 'editor') && document.workingGroupId !== null && member.workingGroupIds.includes(document.workingGroupId);
  },

  canComment(member: MemberContext, document: DocumentScope): boolean {
    // An amendment is discussed on its recommendation, not in threads of its own.
    if (document.amendment) return false;
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
      readOnlyReason: canEdit ? null : document.amendment ? amendmentReadOnlyReason(member, document.amendment) : has(member, 'editor') ? 'not-in-working-group' : 'not-editor',
    };
  },
};

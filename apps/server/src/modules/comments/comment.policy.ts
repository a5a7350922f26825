import type { MemberContext } from '../auth/authenticated-member';
import { documentPolicy, type DocumentScope } from '../documents/document.policy';

/** What the policy needs to know about one comment. */
export interface CommentScope {
  authorMemberId: string | null;
  deleted: boolean;
  hidden: boolean;
}

/**
 * Who may do what in comment threads; the REST controllers and the collaboration websocket both
 * ask it. It builds on the document policy: reading a thread is reading the text, and taking part
 * (start, reply, react, resolve, reopen) is the document policy's "comment", which every role has.
 * Only authors change their own words; coordinators moderate.
 */
export const commentPolicy = {
  canView(member: MemberContext, document: DocumentScope): boolean {
    return documentPolicy.canRead(member, document);
  },

  /** Start a thread, reply, react, resolve and reopen. */
  canDiscuss(member: MemberContext, document: DocumentScope): boolean {
    return documentPolicy.canComment(member, document);
  },

  /** Edit or delete: the author, while the comment is neither deleted nor hidden (a hidden one may still be deleted). */
  canEdit(member: MemberContext, document: DocumentScope, comment: CommentScope): boolean {
    return this.canDiscuss(member, document) && comment.authorMemberId === member.memberId && !comment.deleted && !comment.hidden;
  },

  canDelete(member: MemberContext, document: DocumentScope, comment: CommentScope): boolean {
    return this.canDiscuss(member, document) && comment.authorMemberId === member.memberId && !comment.deleted;
  },

  /** Role gate of the hide route, checked before the request body. */
  mayModerate(member: MemberContext): boolean {
    return member.roles.includes('coordinator');
  },

  canHide(member: MemberContext, document: DocumentScope, comment: CommentScope): boolean {
    return this.canView(member, document) && this.mayModerate(member) && !comment.deleted;
  },
};

import type { AmendmentStatus } from '@accord/contracts';
import type { MemberContext } from '../auth/authenticated-member';
import { documentPolicy, type DocumentScope } from '../documents/document.policy';

/** What the amendment policy needs to know about an amendment. */
export interface AmendmentScope {
  status: AmendmentStatus;
  authorIds: readonly string[];
}

/**
 * Who may do what with amendments. Editing the fork itself is the document policy's answer (the
 * same for REST and the websocket); this adds the steps around it:
 * - propose: whoever may comment on the recommendation;
 * - withdraw and invite co-authors: its authors, while it is open;
 * - decline: coordinators, while it is open;
 * - adopt: no member; a ballot's result does (AmendmentsService.adopt).
 */
export const amendmentPolicy = {
  canPropose(member: MemberContext, recommendation: DocumentScope): boolean {
    return documentPolicy.canComment(member, recommendation);
  },

  isAuthor(member: MemberContext, amendment: AmendmentScope): boolean {
    return amendment.authorIds.includes(member.memberId);
  },

  canWithdraw(member: MemberContext, amendment: AmendmentScope): boolean {
    return amendment.status === 'open' && this.isAuthor(member, amendment);
  },

  canInvite(member: MemberContext, amendment: AmendmentScope): boolean {
    return amendment.status === 'open' && this.isAuthor(member, amendment);
  },

  /** Role gate of the decline route; the status is checked per record. */
  mayDecline(member: MemberContext): boolean {
    return member.roles.includes('coordinator');
  },

  canDecline(member: MemberContext, amendment: AmendmentScope): boolean {
    return amendment.status === 'open' && this.mayDecline(member);
  },
};

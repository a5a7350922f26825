import type { MemberRole } from '@accord/contracts';
import type { MemberContext } from '../auth/authenticated-member';

const has = (member: Pick<MemberContext, 'roles'>, ...roles: MemberRole[]): boolean => roles.some((role) => member.roles.includes(role));

/**
 * Who may do what with the network itself. Every member sees their own network (partners,
 * working groups); only coordinators manage it. Nobody ever sees another network.
 */
export const networkPolicy = {
  canRead: (_member: MemberContext): boolean => true,
  canManage: (member: MemberContext): boolean => has(member, 'coordinator'),
  /** Ready for the voting issue: a partner's delegate, or their substitute. */
  canVote: (member: MemberContext): boolean => has(member, 'delegate', 'substitute'),
  /** Ready for the publishing issue. */
  canPublish: (member: MemberContext): boolean => has(member, 'coordinator'),
  sameNetwork: (member: MemberContext, record: { networkId: string }): boolean => member.networkId === record.networkId,
};

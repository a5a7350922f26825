import type { MemberRole } from '@accord/contracts';
import type { MemberContext } from '../auth/authenticated-member';

const has = (member: Pick<MemberContext, 'roles'>, ...roles: MemberRole[]): boolean => roles.some((role) => member.roles.includes(role));

/** What the policy needs to know about a ballot. */
export interface BallotScope {
  networkId: string;
  eligiblePartnerIds: readonly string[];
}

export type CastRefusal = 'not-delegate' | 'not-eligible' | null;

/**
 * Who may do what with ballots; the REST routes and the deadline closer ask it.
 *
 * - see: every member of the ballot's network, nobody outside it (another network's ballot is not found);
 * - open, close early, extend, write the outcome: coordinators;
 * - cast and change their partner's vote: the partner's delegate, or its substitute while the
 *   delegate has not voted (that last check is made again by the database at the instant of casting).
 */
export const ballotPolicy = {
  canSee(member: MemberContext, ballot: Pick<BallotScope, 'networkId'>): boolean {
    return member.networkId === ballot.networkId;
  },

  mayManage(member: Pick<MemberContext, 'roles'>): boolean {
    return has(member, 'coordinator');
  },

  /** Role gate of the voting route. */
  mayVote(member: Pick<MemberContext, 'roles'>): boolean {
    return has(member, 'delegate', 'substitute');
  },

  /** As whom the member casts: delegate when they hold both roles. */
  castAs(member: Pick<MemberContext, 'roles'>): 'delegate' | 'substitute' | null {
    if (has(member, 'delegate')) return 'delegate';
    if (has(member, 'substitute')) return 'substitute';
    return null;
  },

  castRefusal(member: MemberContext, ballot: BallotScope): CastRefusal {
    if (!this.castAs(member)) return 'not-delegate';
    if (!ballot.eligiblePartnerIds.includes(member.partnerId)) return 'not-eligible';
    return null;
  },

  /** The substitute may replace a vote only while no delegate has cast it. */
  mayReplace(castAs: 'delegate' | 'substitute', existing: 'delegate' | 'substitute' | null): boolean {
    return castAs === 'delegate' || existing !== 'delegate';
  },
};

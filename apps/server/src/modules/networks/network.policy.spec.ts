import { MEMBER_ROLES, type MemberRole } from '@accord/contracts';
import { describe, expect, it } from 'vitest';
import type { MemberContext } from '../auth/authenticated-member';
import { networkPolicy } from './network.policy';

const member = (roles: MemberRole[]): MemberContext => ({ memberId: 'm', networkId: 'n', partnerId: 'p', displayName: 'T', email: 't@example.org', roles, workingGroupIds: [], language: null });

describe('networkPolicy', () => {
  it('lets only coordinators manage the network, and every member read it', () => {
    for (const role of MEMBER_ROLES) {
      expect(networkPolicy.canManage(member([role]))).toBe(role === 'coordinator');
      expect(networkPolicy.canRead(member([role]))).toBe(true);
    }
  });

  it('is ready for voting (delegates and substitutes) and publishing (coordinators)', () => {
    expect(MEMBER_ROLES.filter((role) => networkPolicy.canVote(member([role])))).toEqual(['delegate', 'substitute']);
    expect(MEMBER_ROLES.filter((role) => networkPolicy.canPublish(member([role])))).toEqual(['coordinator']);
  });

  it('never mixes networks', () => {
    expect(networkPolicy.sameNetwork(member(['coordinator']), { networkId: 'other' })).toBe(false);
  });
});

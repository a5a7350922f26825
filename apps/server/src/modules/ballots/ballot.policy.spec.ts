import { describe, expect, it } from 'vitest';
import type { MemberContext } from '../auth/authenticated-member';
import { ballotPolicy } from './ballot.policy';

const member = (roles: MemberContext['roles'], partnerId = 'p1', networkId = 'n1'): MemberContext => ({
  memberId: 'm',
  networkId,
  partnerId,
  displayName: 'M',
  email: 'm@example.org',
  roles,
  workingGroupIds: [],
  language: null,
});
const ballot = { networkId: 'n1', eligiblePartnerIds: ['p1', 'p2'] };

describe('ballot policy', () => {
  it('lets only coordinators manage ballots', () => {
    expect(ballotPolicy.mayManage(member(['coordinator']))).toBe(true);
    for (const role of ['delegate', 'substitute', 'editor', 'commenter'] as const) expect(ballotPolicy.mayManage(member([role]))).toBe(false);
  });

  it('lets delegates and substitutes of an eligible partner cast', () => {
    expect(ballotPolicy.castRefusal(member(['delegate']), ballot)).toBeNull();
    expect(ballotPolicy.castRefusal(member(['substitute']), ballot)).toBeNull();
    expect(ballotPolicy.castRefusal(member(['coordinator']), ballot)).toBe('not-delegate');
    expect(ballotPolicy.castRefusal(member(['delegate'], 'p9'), ballot)).toBe('not-eligible');
  });

  it('casts as delegate when a member holds both roles', () => {
    expect(ballotPolicy.castAs(member(['substitute', 'delegate']))).toBe('delegate');
  });

  it('lets a substitute replace only a substitute’s vote, the delegate any', () => {
    expect(ballotPolicy.mayReplace('substitute', null)).toBe(true);
    expect(ballotPolicy.mayReplace('substitute', 'substitute')).toBe(true);
    expect(ballotPolicy.mayReplace('substitute', 'delegate')).toBe(false);
    expect(ballotPolicy.mayReplace('delegate', 'substitute')).toBe(true);
  });

  it('does not show another network’s ballot', () => {
    expect(ballotPolicy.canSee(member(['coordinator'], 'p1', 'n2'), ballot)).toBe(false);
  });
});

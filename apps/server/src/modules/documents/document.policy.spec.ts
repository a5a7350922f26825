import { describe, expect, it } from 'vitest';
import type { MemberContext } from '../auth/authenticated-member';
import { documentPolicy } from './document.policy';

const NETWORK = 'net-a';
const GROUP = 'group-1';
const member = (roles: MemberContext['roles'], workingGroupIds: string[] = [], networkId = NETWORK): MemberContext => ({
  memberId: 'm',
  networkId,
  partnerId: 'p',
  displayName: 'Test',
  email: 't@example.org',
  roles,
  workingGroupIds,
  language: null,
});
const draft = { networkId: NETWORK, workingGroupId: GROUP };

describe('documentPolicy', () => {
  it('lets every member of the network read, and nobody from another network', () => {
    expect(documentPolicy.canRead(member(['commenter']), draft)).toBe(true);
    expect(documentPolicy.canRead(member([]), draft)).toBe(true);
    expect(documentPolicy.canRead(member(['coordinator'], [GROUP], 'net-b'), draft)).toBe(false);
    expect(documentPolicy.access(member(['coordinator'], [GROUP], 'net-b'), draft)).toBeNull();
  });

  it('lets coordinators and the editors of the owning working group edit', () => {
    expect(documentPolicy.canEdit(member(['coordinator']), draft)).toBe(true);
    expect(documentPolicy.canEdit(member(['editor'], [GROUP]), draft)).toBe(true);
    expect(documentPolicy.canEdit(member(['editor'], ['other-group']), draft)).toBe(false);
    expect(documentPolicy.canEdit(member(['delegate', 'commenter'], [GROUP]), draft)).toBe(false);
    expect(documentPolicy.canEdit(member(['editor'], [GROUP], 'net-b'), draft)).toBe(false);
  });

  it('lets commenters, editors, delegates, substitutes and coordinators comment', () => {
    for (const role of ['commenter', 'editor', 'delegate', 'substitute', 'coordinator'] as const) {
      expect(documentPolicy.canComment(member([role]), draft)).toBe(true);
    }
    expect(documentPolicy.canComment(member([]), draft)).toBe(false);
  });

  it('says why a member may not edit', () => {
    expect(documentPolicy.access(member(['commenter']), draft)).toEqual({ canEdit: false, canComment: true, readOnlyReason: 'not-editor' });
    expect(documentPolicy.access(member(['editor'], ['x']), draft)).toEqual({ canEdit: false, canComment: true, readOnlyReason: 'not-in-working-group' });
    expect(documentPolicy.access(member(['editor'], [GROUP]), draft)).toEqual({ canEdit: true, canComment: true, readOnlyReason: null });
  });
});

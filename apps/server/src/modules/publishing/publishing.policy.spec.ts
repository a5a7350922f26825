import { describe, expect, it } from 'vitest';
import type { MemberContext } from '../auth/authenticated-member';
import { publishingPolicy } from './publishing.policy';

const member = (roles: MemberContext['roles'], networkId = 'net-a'): MemberContext => ({
  memberId: 'm', networkId, partnerId: 'p', displayName: 'Test', email: 't@example.org', roles, workingGroupIds: [], language: null,
});
const text = { networkId: 'net-a', workingGroupId: 'g' };

describe('publishingPolicy', () => {
  it('lets only coordinators of the lead partner publish, in their own network', () => {
    expect(publishingPolicy.canPublish(member(['coordinator']), text, { isLead: true })).toBe(true);
    expect(publishingPolicy.canPublish(member(['coordinator']), text, { isLead: false })).toBe(false);
    for (const role of ['editor', 'delegate', 'substitute', 'commenter'] as const) expect(publishingPolicy.canPublish(member([role]), text, { isLead: true })).toBe(false);
    expect(publishingPolicy.canPublish(member(['coordinator'], 'net-b'), text, { isLead: true })).toBe(false);
    expect(publishingPolicy.mayPublish(member(['editor']))).toBe(false);
  });

  it('lets every member of the network export a draft, nobody outside it', () => {
    expect(publishingPolicy.canExportDraft(member(['commenter']), text)).toBe(true);
    expect(publishingPolicy.canExportDraft(member(['coordinator'], 'net-b'), text)).toBe(false);
  });
});

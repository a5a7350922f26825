import { MEMBER_ROLES } from '@accord/contracts';
import { describe, expect, it } from 'vitest';
import type { MemberContext } from '../auth/authenticated-member';
import { commentPolicy, type CommentScope } from './comment.policy';

const NETWORK = 'net-a';
const draft = { networkId: NETWORK, workingGroupId: 'group-1' };
const member = (roles: MemberContext['roles'], memberId = 'me', networkId = NETWORK): MemberContext => ({
  memberId,
  networkId,
  partnerId: 'p',
  displayName: 'Test',
  email: 't@example.org',
  roles,
  workingGroupIds: [],
  language: null,
});
const mine: CommentScope = { authorMemberId: 'me', deleted: false, hidden: false };
const theirs: CommentScope = { authorMemberId: 'someone-else', deleted: false, hidden: false };

describe('commentPolicy', () => {
  it('lets every role read and discuss (start, reply, react, resolve, reopen), read-only editors included', () => {
    for (const role of MEMBER_ROLES) {
      expect(commentPolicy.canView(member([role]), draft), role).toBe(true);
      expect(commentPolicy.canDiscuss(member([role]), draft), role).toBe(true);
    }
  });

  it('lets a member without any role read threads but not take part', () => {
    expect(commentPolicy.canView(member([]), draft)).toBe(true);
    expect(commentPolicy.canDiscuss(member([]), draft)).toBe(false);
  });

  it('lets only the author edit and delete, for every role, coordinators included', () => {
    for (const role of MEMBER_ROLES) {
      expect(commentPolicy.canEdit(member([role]), draft, mine), role).toBe(true);
      expect(commentPolicy.canDelete(member([role]), draft, mine), role).toBe(true);
      expect(commentPolicy.canEdit(member([role]), draft, theirs), role).toBe(false);
      expect(commentPolicy.canDelete(member([role]), draft, theirs), role).toBe(false);
    }
    // A removed author's comment belongs to nobody.
    expect(commentPolicy.canEdit(member(['coordinator']), draft, { ...theirs, authorMemberId: null })).toBe(false);
  });

  it('does not edit a deleted or hidden comment; the author may still delete a hidden one', () => {
    expect(commentPolicy.canEdit(member(['editor']), draft, { ...mine, deleted: true })).toBe(false);
    expect(commentPolicy.canDelete(member(['editor']), draft, { ...mine, deleted: true })).toBe(false);
    expect(commentPolicy.canEdit(member(['editor']), draft, { ...mine, hidden: true })).toBe(false);
    expect(commentPolicy.canDelete(member(['editor']), draft, { ...mine, hidden: true })).toBe(true);
  });

  it('lets only coordinators hide a comment', () => {
    for (const role of MEMBER_ROLES) {
      expect(commentPolicy.mayModerate(member([role])), role).toBe(role === 'coordinator');
      expect(commentPolicy.canHide(member([role]), draft, theirs), role).toBe(role === 'coordinator');
    }
    expect(commentPolicy.canHide(member(['coordinator']), draft, { ...theirs, deleted: true })).toBe(false);
  });

  it('gives another network nothing: not even a coordinator sees, discusses, edits or hides', () => {
    const outsider = member(['coordinator', 'commenter'], 'me', 'net-b');
    expect(commentPolicy.canView(outsider, draft)).toBe(false);
    expect(commentPolicy.canDiscuss(outsider, draft)).toBe(false);
    expect(commentPolicy.canEdit(outsider, draft, mine)).toBe(false);
    expect(commentPolicy.canDelete(outsider, draft, mine)).toBe(false);
    expect(commentPolicy.canHide(outsider, draft, theirs)).toBe(false);
  });
});

import type { CommentBody, CommentThreadView, CommentView } from '@accord/contracts';
import { describe, expect, it } from 'vitest';
import { PANEL_FILTERS, threadMatches, visibleCommentCount, type PanelFilter } from './thread-filters';

const ME = 'me';
const author = (memberId: string) => ({ memberId, displayName: memberId, partner: null });
const text = (words: string): CommentBody => ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: words }] }] });
const mentioning = (memberId: string): CommentBody => ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Ask ' }, { type: 'mention', attrs: { memberId, label: memberId } }] }] });

function comment(by: string, body: CommentBody | null, gone: Partial<Pick<CommentView, 'deletedAt' | 'hidden'>> = {}): CommentView {
  return { id: `${by}-${Math.random()}`, threadId: 't', author: author(by), body, stance: null, createdAt: '', editedAt: null, deletedAt: null, hidden: null, reactions: [], stateVector: null, textVersion: 0, ...gone };
}

function thread(status: 'open' | 'resolved', startedBy: string, comments: CommentView[]): CommentThreadView {
  return {
    id: `${status}-${startedBy}`, recommendationId: 'r', status, createdBy: author(startedBy), createdAt: '', resolvedAt: null, resolvedByName: null, comments, stances: [],
    anchor: { start: '', end: '', quotedText: 'passage', stateVector: '', textVersion: 0 },
  };
}

const shownUnder = (filter: PanelFilter, threads: CommentThreadView[]) => threads.filter((candidate) => threadMatches(candidate, filter, ME)).map((candidate) => candidate.id);

describe('the thread filters of the panel', () => {
  const openByOther = thread('open', 'ana', [comment('ana', text('Why?'))]);
  const resolvedMine = thread('resolved', ME, [comment(ME, text('Done.'))]);
  const openRepliedByMe = thread('open', 'ivo', [comment('ivo', text('Hm.')), comment(ME, text('Agreed.'))]);
  const mentionsMe = thread('resolved', 'ana', [comment('ana', mentioning(ME))]);
  const mentionsOther = thread('open', 'ana', [comment('ana', mentioning('ivo'))]);
  const myReplyDeleted = thread('open', 'ivo', [comment('ivo', text('Hm.')), comment(ME, null, { deletedAt: '2026-12-01' })]);
  const all = [openByOther, resolvedMine, openRepliedByMe, mentionsMe, mentionsOther, myReplyDeleted];

  it('offers open (the default), resolved, mine and mentioning me', () => {
    expect(PANEL_FILTERS).toEqual(['open', 'resolved', 'mine', 'mentioning-me']);
  });

  it('shows open threads only under "open", resolved ones only under "resolved"', () => {
    expect(shownUnder('open', all)).toEqual([openByOther.id, openRepliedByMe.id, mentionsOther.id, myReplyDeleted.id]);
    expect(shownUnder('resolved', all)).toEqual([resolvedMine.id, mentionsMe.id]);
  });

  it('"mine": threads I started or replied in, resolved ones too, but not one where my only reply is deleted', () => {
    expect(shownUnder('mine', all)).toEqual([resolvedMine.id, openRepliedByMe.id]);
  });

  it('"mentioning me": threads with a comment that mentions me, resolved ones too', () => {
    expect(shownUnder('mentioning-me', all)).toEqual([mentionsMe.id]);
  });

  it('counts neither tombstones nor hidden comments', () => {
    const hidden = comment('ivo', null, { hidden: { at: '', byName: 'Coordinator', reason: 'Off topic' } });
    expect(visibleCommentCount(thread('open', 'ivo', [comment('ivo', text('a')), hidden, comment(ME, null, { deletedAt: 'x' })]))).toBe(1);
  });
});

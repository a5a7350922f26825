import type { CommentThreadView } from '@accord/contracts';

/** What the panel's filter offers; resolved threads are hidden unless asked for. */
export const PANEL_FILTERS = ['open', 'resolved', 'mine', 'mentioning-me'] as const;
export type PanelFilter = (typeof PANEL_FILTERS)[number];

/** Whether `thread` shows under `filter` for the member `memberId`. "Mine" and "mentioning me" include resolved threads. */
export function threadMatches(thread: CommentThreadView, filter: PanelFilter, memberId: string): boolean {
  switch (filter) {
    case 'open':
      return thread.status === 'open';
    case 'resolved':
      return thread.status === 'resolved';
    case 'mine':
      return thread.createdBy.memberId === memberId || thread.comments.some((comment) => comment.author.memberId === memberId && comment.deletedAt === null);
    case 'mentioning-me':
      return thread.comments.some((comment) =>
        (comment.body?.content ?? []).some((paragraph) => (paragraph.content ?? []).some((node) => node.type === 'mention' && node.attrs.memberId === memberId)),
      );
  }
}

/** The comments a thread shows in its count: tombstones and hidden ones are not counted. */
export function visibleCommentCount(thread: CommentThreadView): number {
  return thread.comments.filter((comment) => comment.deletedAt === null && comment.hidden === null).length;
}

import type { CommentBody, CommentThreadView, ReactionEmoji, Stance } from '@accord/contracts';
import { getJson, sendJson } from './http-client';

export interface NewThread {
  anchor: { start: string; end: string; quotedText: string; stateVector: string };
  body: CommentBody;
  stance: Stance | null;
  stateVector: string;
}

export interface CommentContent {
  body: CommentBody;
  stance: Stance | null;
  stateVector?: string;
}

const base = (recommendationId: string): string => `/api/recommendations/${encodeURIComponent(recommendationId)}/threads`;
const threadPath = (recommendationId: string, threadId: string): string => `${base(recommendationId)}/${encodeURIComponent(threadId)}`;
const commentPath = (recommendationId: string, threadId: string, commentId: string): string => `${threadPath(recommendationId, threadId)}/comments/${encodeURIComponent(commentId)}`;

/** Every thread of the recommendation (open and resolved): the panel filters them itself, so a filter switch needs no round trip. */
export function fetchThreads(recommendationId: string, signal?: AbortSignal): Promise<CommentThreadView[]> {
  return getJson(`${base(recommendationId)}?filter=all`, (body) => {
    if (!Array.isArray(body)) throw new Error('The server answered with something other than a list of threads');
    return body.map(parseThread);
  }, signal);
}

export function createThread(recommendationId: string, thread: NewThread): Promise<CommentThreadView> {
  return sendJson('POST', base(recommendationId), thread, parseThread);
}

export function replyToThread(recommendationId: string, threadId: string, content: CommentContent): Promise<CommentThreadView> {
  return sendJson('POST', `${threadPath(recommendationId, threadId)}/comments`, content, parseThread);
}

export function editComment(recommendationId: string, threadId: string, commentId: string, content: CommentContent): Promise<CommentThreadView> {
  return sendJson('PATCH', commentPath(recommendationId, threadId, commentId), content, parseThread);
}

export function deleteComment(recommendationId: string, threadId: string, commentId: string): Promise<CommentThreadView> {
  return sendJson('DELETE', commentPath(recommendationId, threadId, commentId), undefined, parseThread);
}

export function hideComment(recommendationId: string, threadId: string, commentId: string, reason: string): Promise<CommentThreadView> {
  return sendJson('POST', `${commentPath(recommendationId, threadId, commentId)}/hide`, { reason }, parseThread);
}

export function setReaction(recommendationId: string, threadId: string, commentId: string, emoji: ReactionEmoji, on: boolean): Promise<CommentThreadView> {
  return sendJson(on ? 'PUT' : 'DELETE', `${commentPath(recommendationId, threadId, commentId)}/reactions/${encodeURIComponent(emoji)}`, undefined, parseThread);
}

export function setThreadStatus(recommendationId: string, threadId: string, resolved: boolean): Promise<CommentThreadView> {
  return sendJson('POST', `${threadPath(recommendationId, threadId)}/${resolved ? 'resolve' : 'reopen'}`, undefined, parseThread);
}

/**
 * Checks the fields the panel relies on; the rest of the shape is the server's contract
 * (libs/contracts), which the server's own DTO tests guard.
 */
export function parseThread(body: unknown): CommentThreadView {
  if (
    typeof body !== 'object' || body === null ||
    !('id' in body) || typeof body.id !== 'string' ||
    !('anchor' in body) || typeof body.anchor !== 'object' || body.anchor === null ||
    !('comments' in body) || !Array.isArray(body.comments) ||
    !('status' in body) || (body.status !== 'open' && body.status !== 'resolved')
  ) {
    throw new Error('The server answered with something other than a comment thread');
  }
  return body as CommentThreadView;
}

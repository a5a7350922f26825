import { NOTIFICATION_KINDS, type MentionableMember, type NotificationKind, type NotificationView } from '@accord/contracts';
import i18next from 'i18next';
import { ApiError } from './api-error';
import { getJson, sendJson } from './http-client';

/** The signed-in member's inbox, newest first (the server keeps the latest 100). */
export function fetchNotifications(signal?: AbortSignal): Promise<NotificationView[]> {
  return getJson('/api/notifications', parseNotificationList, signal);
}

/** The number on the bell. */
export function fetchUnreadCount(signal?: AbortSignal): Promise<number> {
  return getJson(
    '/api/notifications/unread-count',
    (body) => {
      if (!isRecord(body) || typeof body.unread !== 'number') throw malformed('an unread count');
      return body.unread;
    },
    signal,
  );
}

/** Marks the given notifications read, or all of them when `ids` is left out; answers how many changed. */
export function markNotificationsRead(ids?: string[]): Promise<number> {
  return sendJson('POST', '/api/notifications/read', ids ? { ids } : {}, (body) => (isRecord(body) && typeof body.marked === 'number' ? body.marked : 0));
}

export function fetchCommentEmails(signal?: AbortSignal): Promise<boolean> {
  return getJson('/api/notifications/preferences', parseCommentEmails, signal);
}

export function saveCommentEmails(commentEmails: boolean): Promise<boolean> {
  return sendJson('PUT', '/api/notifications/preferences', { commentEmails }, parseCommentEmails);
}

/** Members of the network whose name (or a word of it) starts with `prefix`, for @ autocomplete. */
export function fetchMentionableMembers(recommendationId: string, prefix: string, signal?: AbortSignal): Promise<MentionableMember[]> {
  const query = new URLSearchParams({ prefix }).toString();
  return getJson(
    `/api/recommendations/${encodeURIComponent(recommendationId)}/mentionable-members?${query}`,
    (body) => {
      if (!Array.isArray(body)) throw malformed('a list of members');
      return body.map((entry: unknown) => {
        if (!isRecord(entry) || typeof entry.id !== 'string' || typeof entry.displayName !== 'string') throw malformed('a member');
        return { id: entry.id, displayName: entry.displayName, partnerName: typeof entry.partnerName === 'string' ? entry.partnerName : '' };
      });
    },
    signal,
  );
}

function parseCommentEmails(body: unknown): boolean {
  if (!isRecord(body) || typeof body.commentEmails !== 'boolean') throw malformed('notification preferences');
  return body.commentEmails;
}

function parseNotificationList(body: unknown): NotificationView[] {
  if (!Array.isArray(body)) throw malformed('a list of notifications');
  return body.map(parseNotification);
}

function parseNotification(body: unknown): NotificationView {
  if (
    !isRecord(body) ||
    typeof body.id !== 'string' ||
    typeof body.kind !== 'string' ||
    !(NOTIFICATION_KINDS as readonly string[]).includes(body.kind) ||
    !(body.recommendationId === null || typeof body.recommendationId === 'string') ||
    typeof body.recommendationTitle !== 'string' ||
    !(body.threadId === null || typeof body.threadId === 'string') ||
    !(body.commentId === null || typeof body.commentId === 'string') ||
    !(body.ballotId === null || body.ballotId === undefined || typeof body.ballotId === 'string') ||
    typeof body.actorName !== 'string' ||
    typeof body.preview !== 'string' ||
    typeof body.createdAt !== 'string' ||
    !(body.readAt === null || typeof body.readAt === 'string')
  ) {
    throw malformed('a notification');
  }
  return {
    id: body.id,
    kind: body.kind as NotificationKind,
    recommendationId: body.recommendationId,
    recommendationTitle: body.recommendationTitle,
    threadId: body.threadId,
    commentId: body.commentId,
    ballotId: typeof body.ballotId === 'string' ? body.ballotId : null,
    actorName: body.actorName,
    preview: body.preview,
    createdAt: body.createdAt,
    readAt: body.readAt,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function malformed(expected: string): ApiError {
  console.error(`The server sent something that is not ${expected}`);
  return new ApiError(502, i18next.t('app.unexpectedAnswer'));
}

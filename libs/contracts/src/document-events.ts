import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { CommentThreadView } from './comments';
import { MessageType } from './collab-protocol';

/**
 * The query parameter (and its value) a client adds to the collaboration socket URL to receive
 * `MessageType.documentEvents`. Opt-in, because a stock y-websocket client logs
 * "Unable to compute message" for every message type it does not know.
 */
export const DOCUMENT_EVENTS_PARAM = 'events';
export const DOCUMENT_EVENTS_VALUE = 'document';

export const THREAD_EVENT_ACTIONS = [
  'thread.created',
  'thread.resolved',
  'thread.reopened',
  'comment.created',
  'comment.edited',
  'comment.deleted',
  'comment.hidden',
  'reaction.changed',
] as const;
export type ThreadEventAction = (typeof THREAD_EVENT_ACTIONS)[number];

/**
 * One thing that happened to a document besides its text. A thread event carries the whole
 * thread as it is now, so a client replaces its copy by id and never has to merge.
 */
export type DocumentEvent = { kind: 'comment-thread'; action: ThreadEventAction; actorMemberId: string; thread: CommentThreadView };

/** server -> client: [8, JSON of the event as a varString]. */
export function encodeDocumentEvent(event: DocumentEvent): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.documentEvents);
  encoding.writeVarString(encoder, JSON.stringify(event));
  return encoding.toUint8Array(encoder);
}

/**
 * Reads the body of a document event message (after the message type). Returns null for an
 * event this version does not know, so a newer server stays compatible with older clients.
 */
export function readDocumentEvent(decoder: decoding.Decoder): DocumentEvent | null {
  const parsed: unknown = JSON.parse(decoding.readVarString(decoder));
  if (typeof parsed !== 'object' || parsed === null) return null;
  const event = parsed as Partial<DocumentEvent>;
  if (event.kind !== 'comment-thread' || !THREAD_EVENT_ACTIONS.includes(event.action as ThreadEventAction) || typeof event.thread !== 'object' || event.thread === null) return null;
  return event as DocumentEvent;
}

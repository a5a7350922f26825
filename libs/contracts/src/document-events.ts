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
export interface CommentThreadEvent {
  kind: 'comment-thread';
  action: ThreadEventAction;
  actorMemberId: string;
  thread: CommentThreadView;
}

/** What a comment-thread client receives (readDocumentEvent). */
export type DocumentEvent = CommentThreadEvent;

/** Everything the document event bus carries: thread news, ballots that freeze or release the text, and its amendments' news. */
export type DocumentBusEvent = CommentThreadEvent | BallotDocumentEvent | AmendmentDocumentEvent;

export const AMENDMENT_EVENT_ACTIONS = ['proposed', 'withdrawn', 'declined', 'under-vote', 'reopened', 'adopted'] as const;
export type AmendmentEventAction = (typeof AMENDMENT_EVENT_ACTIONS)[number];

/**
 * An amendment of the recommendation was proposed or changed status, published on the
 * recommendation's document: whoever has its editor open sees the list of amendments follow.
 * It names the amendment only; a client reads the list again over REST, with its own rights.
 */
export interface AmendmentDocumentEvent {
  kind: 'amendment';
  action: AmendmentEventAction;
  amendmentId: string;
}

export const BALLOT_EVENT_ACTIONS = ['opened', 'extended', 'closed'] as const;
export type BallotEventAction = (typeof BALLOT_EVENT_ACTIONS)[number];

/**
 * A ballot on the document opened, was extended or closed. `frozenUntil` is the deadline while the
 * text is frozen for the vote (ISO 8601), null once it is not: every instance that holds the document
 * live follows it, and editors show why they are read-only.
 */
export interface BallotDocumentEvent {
  kind: 'ballot';
  action: BallotEventAction;
  ballotId: string;
  frozenUntil: string | null;
}

/** server -> client: [8, JSON of the event as a varString]. */
export function encodeDocumentEvent(event: DocumentBusEvent): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.documentEvents);
  encoding.writeVarString(encoder, JSON.stringify(event));
  return encoding.toUint8Array(encoder);
}

/**
 * Reads the body of a document event message (after the message type): thread news only. Returns
 * null for an event this version does not know (ballot events included: see readDocumentBusEvent),
 * so a newer server stays compatible with older clients.
 */
export function readDocumentEvent(decoder: decoding.Decoder): DocumentEvent | null {
  const event = readDocumentBusEvent(decoder);
  return event?.kind === 'comment-thread' ? event : null;
}

/** Reads any document event this version knows: thread news, ballot freezes and amendment news. Null for others. */
export function readDocumentBusEvent(decoder: decoding.Decoder): DocumentBusEvent | null {
  const parsed: unknown = JSON.parse(decoding.readVarString(decoder));
  if (typeof parsed !== 'object' || parsed === null) return null;
  const amendment = parsed as Partial<AmendmentDocumentEvent>;
  if (amendment.kind === 'amendment') {
    if (!AMENDMENT_EVENT_ACTIONS.includes(amendment.action as AmendmentEventAction) || typeof amendment.amendmentId !== 'string') return null;
    return amendment as AmendmentDocumentEvent;
  }
  const ballot = parsed as Partial<BallotDocumentEvent>;
  if (ballot.kind === 'ballot') {
    if (!BALLOT_EVENT_ACTIONS.includes(ballot.action as BallotEventAction) || typeof ballot.ballotId !== 'string') return null;
    if (ballot.frozenUntil !== null && typeof ballot.frozenUntil !== 'string') return null;
    return ballot as BallotDocumentEvent;
  }
  const event = parsed as Partial<CommentThreadEvent>;
  if (event.kind !== 'comment-thread' || !THREAD_EVENT_ACTIONS.includes(event.action as ThreadEventAction) || typeof event.thread !== 'object' || event.thread === null) return null;
  return event as CommentThreadEvent;
}

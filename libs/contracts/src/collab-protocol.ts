/**
 * The collaboration wire protocol. Message types 0-3 are y-websocket's own; a stock
 * WebsocketProvider speaks them and never sees anything else.
 *
 * Accord adds one message type, `persistence`, that a client opts into. After it
 * subscribes with its Yjs clientID, the server tells it how far that client's own
 * edits are durably stored in PostgreSQL, and whether storage is reachable.
 *
 * And one, `documentEvents`, that a client opts into with `?events=document` on the socket URL
 * (y-websocket's `params`): news about the document that is not its text (comment threads).
 */
export const MessageType = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
  persistence: 7,
  /** server -> client: a document's events (comment threads), JSON; only to clients that opt in. */
  documentEvents: 8,
} as const;

export type MessageTypeValue = (typeof MessageType)[keyof typeof MessageType];

/** Sub-messages of `MessageType.persistence`, after the type varUint. */
export const PersistenceMessage = {
  /** client -> server: varUint clientID. Start receiving `saved` and `storage` for that clientID. */
  subscribe: 0,
  /** server -> client: varUint clock. Every edit of the subscribed clientID below this clock is stored. */
  saved: 1,
  /** server -> client: varUint StorageState. */
  storage: 2,
} as const;

export const StorageState = {
  /** Updates are being written to PostgreSQL as they arrive. */
  healthy: 0,
  /** PostgreSQL is unreachable; edits are held in server memory and written when it is back. */
  unavailable: 1,
} as const;

export type StorageStateValue = (typeof StorageState)[keyof typeof StorageState];

/**
 * WebSocket close codes used by the collaboration endpoint (4000-4999 are free for applications).
 * 1009 (message too big) is sent by the socket library itself for frames over the size limit.
 */
export const CollabCloseCode = {
  messageTooBig: 1009,
  /** The server hit an unexpected error handling this connection; nothing else was affected. Reconnect. */
  internalError: 1011,
  malformedMessage: 4400,
  unauthenticated: 4401,
  forbidden: 4403,
  documentNotFound: 4404,
  unknownMessageType: 4405,
  /** An amendment's update changed text outside its passage; nothing of it was applied. */
  outsidePassage: 4406,
  /** An update would take the document past COLLAB_MAX_DOCUMENT_BYTES; nothing of it was applied. */
  documentTooLarge: 4413,
  invalidUpdate: 4422,
  /** A read-only connection kept sending document updates after being told it may not edit. */
  readOnlyViolation: 4423,
  /** The connection spent its budget of messages or bytes per second (COLLAB_BUDGET_*). */
  rateLimited: 4429,
  storageUnavailable: 4503,
  serverShuttingDown: 1001,
} as const;

export type CollabCloseCodeValue = (typeof CollabCloseCode)[keyof typeof CollabCloseCode];

/** The path prefix of the collaboration endpoint: `/collab/<documentId>`. */
export const COLLAB_PATH = '/collab';

/** The name of the Y.XmlFragment that holds a recommendation's rich text (TipTap's default). */
export const DOCUMENT_FRAGMENT = 'default';

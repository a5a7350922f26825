// The bytes a simulated editor puts on the wire. y-websocket's framing is bare:
// [messageType][body]. Hocuspocus multiplexes documents over one socket and prefixes every
// frame with the document name: [varString name][messageType][body], and wants a token
// message before anything else.
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';

/** y-websocket message types, plus Accord's persistence (7) and Hocuspocus's sync status (8). */
export const MessageType = Object.freeze({
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
  hocuspocusSyncReply: 4,
  persistence: 7,
  hocuspocusSyncStatus: 8,
});

/** Sub-types of Accord's persistence message (libs/contracts/src/collab-protocol.ts). */
export const PersistenceMessage = Object.freeze({ subscribe: 0, saved: 1, storage: 2 });

/** @typedef {'y-websocket' | 'hocuspocus'} Framing */

/**
 * Starts a frame for `documentName` in the given framing.
 * @param {Framing} framing
 * @param {string} documentName
 * @param {number} messageType
 * @returns {encoding.Encoder}
 */
export function startFrame(framing, documentName, messageType) {
  const encoder = encoding.createEncoder();
  if (framing === 'hocuspocus') encoding.writeVarString(encoder, documentName);
  encoding.writeVarUint(encoder, messageType);
  return encoder;
}

/**
 * Opens a received frame: skips Hocuspocus's document name and reads the message type.
 * @param {Framing} framing
 * @param {Uint8Array} frame
 * @returns {{ decoder: decoding.Decoder, messageType: number }}
 */
export function openFrame(framing, frame) {
  const decoder = decoding.createDecoder(frame);
  if (framing === 'hocuspocus') decoding.readVarString(decoder);
  return { decoder, messageType: decoding.readVarUint(decoder) };
}

/**
 * Hocuspocus's token message: [name][2 auth][0 token][varString token]. The peers run with no
 * authentication hook, so any token is accepted.
 * @param {string} documentName
 * @returns {Uint8Array}
 */
export function encodeHocuspocusToken(documentName) {
  const encoder = startFrame('hocuspocus', documentName, MessageType.auth);
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarString(encoder, 'bench');
  return encoding.toUint8Array(encoder);
}

/**
 * Accord's opt-in to saved confirmations: [7 persistence][0 subscribe][varUint clientID]
 * (encodePersistenceSubscribe in libs/contracts/src/persistence-messages.ts).
 * @param {number} clientId
 * @returns {Uint8Array}
 */
export function encodePersistenceSubscribe(clientId) {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.persistence);
  encoding.writeVarUint(encoder, PersistenceMessage.subscribe);
  encoding.writeVarUint(encoder, clientId);
  return encoding.toUint8Array(encoder);
}

/**
 * An awareness update for one client, written by hand so that a thousand editors do not each run
 * y-protocols' Awareness and its 3-second timer: varUint count, then clientID, clock, JSON state.
 * @param {Framing} framing
 * @param {string} documentName
 * @param {number} clientId
 * @param {number} clock
 * @param {unknown} state
 * @returns {Uint8Array}
 */
export function encodeAwareness(framing, documentName, clientId, clock, state) {
  const body = encoding.createEncoder();
  encoding.writeVarUint(body, 1);
  encoding.writeVarUint(body, clientId);
  encoding.writeVarUint(body, clock);
  encoding.writeVarString(body, JSON.stringify(state));
  const encoder = startFrame(framing, documentName, MessageType.awareness);
  encoding.writeVarUint8Array(encoder, encoding.toUint8Array(body));
  return encoding.toUint8Array(encoder);
}

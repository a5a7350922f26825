import { MessageType, PersistenceMessage } from '@accord/contracts';
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { CollabException } from '../collab.exception';

/** y-protocols' sync sub-types. */
export const SyncMessage = { step1: 0, step2: 1, update: 2 } as const;

/** A Yjs update as `Y.decodeUpdate` reads it: its structs and its delete set, not linked to any document. */
export interface DecodedUpdate {
  structs: (Y.Item | Y.GC | Y.Skip)[];
  ds: { clients: Map<number, { clock: number; len: number }[]> };
}

/** One decoded frame from a client, checked for shape but not yet applied. */
export type ClientFrame =
  | { type: 'syncStep1'; stateVector: Uint8Array }
  /** `decoded` is the update read once, here; the checks before applying reuse it. */
  | { type: 'syncUpdate'; update: Uint8Array; decoded: DecodedUpdate }
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'queryAwareness' }
  | { type: 'persistenceSubscribe'; clientId: number };

/**
 * Decodes one websocket frame. Throws a CollabException naming what is wrong: a truncated or
 * malformed frame, an unknown message type, or a Yjs update that cannot be decoded. Nothing is
 * applied here, so a rejected frame leaves the document untouched.
 */
export function parseClientFrame(frame: Uint8Array): ClientFrame {
  const decoder = decoding.createDecoder(frame);
  const parsed = readFrame(decoder);
  if (decoding.hasContent(decoder)) throw CollabException.malformed('trailing bytes after the message');
  return parsed;
}

function readFrame(decoder: decoding.Decoder): ClientFrame {
  const messageType = readOrThrow(() => decoding.readVarUint(decoder), 'empty frame');
  switch (messageType) {
    case MessageType.sync: {
      const syncType = readOrThrow(() => decoding.readVarUint(decoder), 'sync message without a sub-type');
      if (syncType === SyncMessage.step1) {
        const stateVector = readOrThrow(() => decoding.readVarUint8Array(decoder), 'truncated state vector');
        readOrThrow(() => Y.decodeStateVector(stateVector), 'undecodable state vector');
        return { type: 'syncStep1', stateVector };
      }
      if (syncType === SyncMessage.step2 || syncType === SyncMessage.update) {
        const update = readOrThrow(() => decoding.readVarUint8Array(decoder), 'truncated update');
        return { type: 'syncUpdate', update, decoded: decodeUpdate(update) };
      }
      throw CollabException.malformed(`unknown sync message type ${syncType}`);
    }
    case MessageType.awareness: {
      const update = readOrThrow(() => decoding.readVarUint8Array(decoder), 'truncated awareness update');
      return { type: 'awareness', update };
    }
    case MessageType.queryAwareness:
      return { type: 'queryAwareness' };
    case MessageType.persistence: {
      const kind = readOrThrow(() => decoding.readVarUint(decoder), 'persistence message without a sub-type');
      if (kind !== PersistenceMessage.subscribe) throw CollabException.malformed(`unknown persistence message ${kind}`);
      const clientId = readOrThrow(() => decoding.readVarUint(decoder), 'subscribe without a client id');
      return { type: 'persistenceSubscribe', clientId };
    }
    default:
      throw CollabException.unknownMessageType(messageType);
  }
}

/**
 * Yjs applies updates inside a transaction that it cannot roll back, so a frame that fails half
 * way through would leave a half-applied change. Decoding first catches those before they touch
 * the document.
 */
export function decodeUpdate(update: Uint8Array): DecodedUpdate {
  try {
    return Y.decodeUpdate(update) as DecodedUpdate;
  } catch (error) {
    throw CollabException.invalidUpdate(error instanceof Error ? error.message : 'not a Yjs update');
  }
}

function readOrThrow<T>(read: () => T, detail: string): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof CollabException) throw error;
    throw CollabException.malformed(detail);
  }
}

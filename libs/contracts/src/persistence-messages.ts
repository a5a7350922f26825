import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MessageType, PersistenceMessage, StorageState, type StorageStateValue } from './collab-protocol';

/** client -> server: ask for saved confirmations of the edits made under `clientId`. */
export function encodePersistenceSubscribe(clientId: number): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.persistence);
  encoding.writeVarUint(encoder, PersistenceMessage.subscribe);
  encoding.writeVarUint(encoder, clientId);
  return encoding.toUint8Array(encoder);
}

/** server -> client: every edit of the subscribed clientID with a clock below `clock` is stored. */
export function encodeSaved(clock: number): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.persistence);
  encoding.writeVarUint(encoder, PersistenceMessage.saved);
  encoding.writeVarUint(encoder, clock);
  return encoding.toUint8Array(encoder);
}

/** server -> client: whether the server can currently write to its database. */
export function encodeStorageState(state: StorageStateValue): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.persistence);
  encoding.writeVarUint(encoder, PersistenceMessage.storage);
  encoding.writeVarUint(encoder, state);
  return encoding.toUint8Array(encoder);
}

export type PersistenceEvent =
  | { kind: 'saved'; clock: number }
  | { kind: 'storage'; state: StorageStateValue };

/**
 * Reads the body of a persistence message (after the message type varUint has been read).
 * Returns null for sub-types this version does not know, so newer servers stay compatible.
 */
export function readPersistenceEvent(decoder: decoding.Decoder): PersistenceEvent | null {
  const kind = decoding.readVarUint(decoder);
  if (kind === PersistenceMessage.saved) {
    return { kind: 'saved', clock: decoding.readVarUint(decoder) };
  }
  if (kind === PersistenceMessage.storage) {
    const state = decoding.readVarUint(decoder);
    return { kind: 'storage', state: state === StorageState.unavailable ? StorageState.unavailable : StorageState.healthy };
  }
  return null;
}

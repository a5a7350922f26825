import { MessageType } from '@accord/contracts';
import * as encoding from 'lib0/encoding';
import { writePermissionDenied } from 'y-protocols/auth';
import { SyncMessage } from './client-frame';

/** Encoders for the y-websocket messages the server sends. Each is encoded once per fan-out. */
export function encodeSyncStep1(stateVector: Uint8Array): Uint8Array {
  return encodeWithPayload(MessageType.sync, SyncMessage.step1, stateVector);
}

export function encodeSyncStep2(update: Uint8Array): Uint8Array {
  return encodeWithPayload(MessageType.sync, SyncMessage.step2, update);
}

export function encodeSyncUpdate(update: Uint8Array): Uint8Array {
  return encodeWithPayload(MessageType.sync, SyncMessage.update, update);
}

export function encodeAwareness(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.awareness);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

function encodeWithPayload(type: number, subType: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  encoding.writeVarUint(encoder, subType);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

/** y-protocols' auth message: the server applied none of this connection's document updates, and why. */
export function encodePermissionDenied(reason: string): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.auth);
  writePermissionDenied(encoder, reason);
  return encoding.toUint8Array(encoder);
}

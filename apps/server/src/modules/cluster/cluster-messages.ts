import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/**
 * What instances tell each other about a document, on its channel. Every message names its sender,
 * and an instance ignores its own: nothing is ever republished, so nothing can loop.
 */
export const DocumentMessageKind = {
  /** An update a client of the sender made; the sender stores it (as `writerId`, `seq`). */
  update: 0,
  /** Presence (awareness) states of the sender's clients, already stamped by it. */
  presence: 1,
  /** "Here is my state vector: send me what I lack" (an instance opening the document, or healing). */
  catchUpRequest: 2,
  /** The answer to one request: the difference, the presence, and the updates not stored yet. */
  catchUpAnswer: 3,
} as const;

/** An update applied in memory whose storing by `writerId` is not confirmed yet. */
export interface UnstoredUpdate {
  writerId: string;
  seq: number;
  update: Uint8Array;
}

export type DocumentMessage =
  | { kind: typeof DocumentMessageKind.update; sender: string; unstored: UnstoredUpdate }
  | { kind: typeof DocumentMessageKind.presence; sender: string; presence: Uint8Array }
  | { kind: typeof DocumentMessageKind.catchUpRequest; sender: string; requestId: number; stateVector: Uint8Array }
  | { kind: typeof DocumentMessageKind.catchUpAnswer; sender: string; to: string; requestId: number; difference: Uint8Array; presence: Uint8Array; unstored: UnstoredUpdate[] };

export function encodeDocumentMessage(message: DocumentMessage): Buffer {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, message.kind);
  encoding.writeVarString(encoder, message.sender);
  switch (message.kind) {
    case DocumentMessageKind.update:
      writeUnstored(encoder, message.unstored);
      break;
    case DocumentMessageKind.presence:
      encoding.writeVarUint8Array(encoder, message.presence);
      break;
    case DocumentMessageKind.catchUpRequest:
      encoding.writeVarUint(encoder, message.requestId);
      encoding.writeVarUint8Array(encoder, message.stateVector);
      break;
    case DocumentMessageKind.catchUpAnswer:
      encoding.writeVarString(encoder, message.to);
      encoding.writeVarUint(encoder, message.requestId);
      encoding.writeVarUint8Array(encoder, message.difference);
      encoding.writeVarUint8Array(encoder, message.presence);
      encoding.writeVarUint(encoder, message.unstored.length);
      for (const unstored of message.unstored) writeUnstored(encoder, unstored);
      break;
  }
  const bytes = encoding.toUint8Array(encoder);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Null for anything malformed: a message that cannot be read is dropped, never thrown at the subscriber. */
export function decodeDocumentMessage(bytes: Uint8Array): DocumentMessage | null {
  try {
    const decoder = decoding.createDecoder(bytes);
    const kind = decoding.readVarUint(decoder);
    const sender = decoding.readVarString(decoder);
    switch (kind) {
      case DocumentMessageKind.update:
        return { kind, sender, unstored: readUnstored(decoder) };
      case DocumentMessageKind.presence:
        return { kind, sender, presence: decoding.readVarUint8Array(decoder) };
      case DocumentMessageKind.catchUpRequest:
        return { kind, sender, requestId: decoding.readVarUint(decoder), stateVector: decoding.readVarUint8Array(decoder) };
      case DocumentMessageKind.catchUpAnswer: {
        const to = decoding.readVarString(decoder);
        const requestId = decoding.readVarUint(decoder);
        const difference = decoding.readVarUint8Array(decoder);
        const presence = decoding.readVarUint8Array(decoder);
        const count = decoding.readVarUint(decoder);
        const unstored: UnstoredUpdate[] = [];
        for (let index = 0; index < count; index++) unstored.push(readUnstored(decoder));
        return { kind, sender, to, requestId, difference, presence, unstored };
      }
      default:
        return null;
    }
  } catch {
    return null;
  }
}

function writeUnstored(encoder: encoding.Encoder, unstored: UnstoredUpdate): void {
  encoding.writeVarString(encoder, unstored.writerId);
  encoding.writeVarUint(encoder, unstored.seq);
  encoding.writeVarUint8Array(encoder, unstored.update);
}

function readUnstored(decoder: decoding.Decoder): UnstoredUpdate {
  return { writerId: decoding.readVarString(decoder), seq: decoding.readVarUint(decoder), update: decoding.readVarUint8Array(decoder) };
}

/** A heartbeat's payload: the sender's update log writer and how far its edits are stored. */
export interface InstanceStatus {
  writerId: string;
  storedThrough: number;
  /** The instance is shutting down cleanly: its edits are all stored, forget it at once. */
  leaving: boolean;
}

export function encodeInstanceStatus(status: InstanceStatus): Buffer {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, status.writerId);
  encoding.writeVarUint(encoder, status.storedThrough);
  encoding.writeVarUint(encoder, status.leaving ? 1 : 0);
  const bytes = encoding.toUint8Array(encoder);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function decodeInstanceStatus(bytes: Uint8Array): InstanceStatus | null {
  try {
    const decoder = decoding.createDecoder(bytes);
    return { writerId: decoding.readVarString(decoder), storedThrough: decoding.readVarUint(decoder), leaving: decoding.readVarUint(decoder) === 1 };
  } catch {
    return null;
  }
}

/** A message on a non-document channel: `<sender>` then a JSON body. */
export function encodeJsonMessage(sender: string, body: unknown): Buffer {
  return Buffer.from(`${sender}\n${JSON.stringify(body)}`);
}

export function decodeJsonMessage(bytes: Buffer): { sender: string; body: unknown } | null {
  const text = bytes.toString();
  const newline = text.indexOf('\n');
  if (newline < 0) return null;
  try {
    return { sender: text.slice(0, newline), body: JSON.parse(text.slice(newline + 1)) as unknown };
  } catch {
    return null;
  }
}

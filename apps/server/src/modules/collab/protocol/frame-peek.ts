import { MessageType } from '@accord/contracts';
import * as decoding from 'lib0/decoding';
import { SyncMessage } from './client-frame';

/** A document update found in a frame's first bytes, not decoded. */
export interface PeekedUpdate {
  /** The update's bytes (a view into the frame). */
  update: Uint8Array;
  /** False when the update carries no new structs (deletions only), so it cannot grow the document. */
  mayGrow: boolean;
}

/**
 * Finds the update in a sync step 2 or sync update frame without decoding it, so that the
 * connection's rights and the document's room are checked before any Yjs work. Null for any
 * other frame, and for a malformed one (parseClientFrame then says what is wrong).
 */
export function peekSyncUpdate(frame: Uint8Array): PeekedUpdate | null {
  try {
    const decoder = decoding.createDecoder(frame);
    if (decoding.readVarUint(decoder) !== MessageType.sync) return null;
    const syncType = decoding.readVarUint(decoder);
    if (syncType !== SyncMessage.step2 && syncType !== SyncMessage.update) return null;
    const update = decoding.readVarUint8Array(decoder);
    // A Yjs v1 update opens with the number of clients whose structs it carries.
    const structClients = decoding.readVarUint(decoding.createDecoder(update));
    return { update, mayGrow: structClients > 0 };
  } catch {
    return null;
  }
}

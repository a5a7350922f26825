import type { PresenceUser } from '@accord/contracts';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { Awareness } from 'y-protocols/awareness';
import { CollabException } from './collab.exception';

/** Presence states one connection may hold: a tab has one; a few spare for clients that re-create their Y.Doc. */
export const MAX_PRESENCE_STATES_PER_CONNECTION = 4;
/** The largest presence state (its JSON, in UTF-8 bytes): a name, a colour and a caret take a few hundred. */
export const MAX_PRESENCE_STATE_BYTES = 8 * 1024;

/** What the gate needs of a connection. */
export interface PresenceHolder {
  readonly id: number;
  /** The awareness clientIDs this connection introduced; it alone may set, renew or remove them. */
  readonly awarenessClientIds: Set<number>;
  /** The member behind the connection, as others are to see them; null before admission. */
  presence: PresenceUser | null;
}

/** Why entries of one awareness update were left out (for the log). */
export interface PresenceRefusals {
  foreign: number;
  overCap: number;
  oversized: number;
}

interface PresenceEntry {
  clientId: number;
  clock: number;
  state: Record<string, unknown> | null;
}

/**
 * Decides which entries of a client's awareness update reach the document's Awareness and the
 * other clients, and stamps each state with the signed-in member:
 * - a clientID belongs to the first connection that sets a state for it; entries for clientIDs
 *   of other connections are left out (stock y-websocket clients echo everyone's states back, so
 *   this is no error);
 * - a connection introduces at most MAX_PRESENCE_STATES_PER_CONNECTION clientIDs, and a state
 *   over MAX_PRESENCE_STATE_BYTES is left out;
 * - the `user` field is replaced with the member (name, colour, member id, partner).
 * What is left is encoded anew: the client's own bytes never reach anyone.
 */
export class PresenceGate {
  private readonly owners = new Map<number, PresenceHolder>();

  constructor(private readonly awareness: Awareness) {}

  /** The stamped update to apply and fan out, or null when no entry is left. Throws on a malformed update. */
  admit(holder: PresenceHolder, update: Uint8Array, refusals: PresenceRefusals): Uint8Array | null {
    const entries: PresenceEntry[] = [];
    for (const { clientId, clock, json } of readEntries(update)) {
      const owner = this.owners.get(clientId);
      if (owner && owner !== holder) {
        refusals.foreign++;
        continue;
      }
      if (Buffer.byteLength(json) > MAX_PRESENCE_STATE_BYTES) {
        refusals.oversized++;
        continue;
      }
      const state = parseState(json);
      if (state === undefined) continue;
      if (!owner) {
        // Removing a state nobody holds changes nothing; a clock the document has seen is a late echo of a departed client.
        const known = this.awareness.meta.get(clientId);
        if (state === null || (known && clock <= known.clock)) continue;
        if (holder.awarenessClientIds.size >= MAX_PRESENCE_STATES_PER_CONNECTION) {
          refusals.overCap++;
          continue;
        }
        this.owners.set(clientId, holder);
        holder.awarenessClientIds.add(clientId);
      }
      entries.push({ clientId, clock, state: state === null ? null : stamp(state, holder.presence) });
    }
    return entries.length > 0 ? encodeEntries(entries) : null;
  }

  /** Forgets a departing connection's clientIDs and returns them, for their states to be removed. */
  release(holder: PresenceHolder): number[] {
    const owned = [...holder.awarenessClientIds];
    for (const clientId of owned) if (this.owners.get(clientId) === holder) this.owners.delete(clientId);
    holder.awarenessClientIds.clear();
    return owned;
  }
}

function* readEntries(update: Uint8Array): Generator<{ clientId: number; clock: number; json: string }> {
  const decoder = decoding.createDecoder(update);
  try {
    const count = decoding.readVarUint(decoder);
    for (let index = 0; index < count; index++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const json = decoding.readVarString(decoder);
      yield { clientId, clock, json };
    }
  } catch (error) {
    if (error instanceof CollabException) throw error;
    throw CollabException.malformed('undecodable awareness update');
  }
  if (decoding.hasContent(decoder)) throw CollabException.malformed('trailing bytes after the awareness update');
}

/** A state object, null for a removal, or undefined for a value no client sends (left out). */
function parseState(json: string): Record<string, unknown> | null | undefined {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw CollabException.malformed('undecodable awareness update');
  }
  if (value === null) return null;
  return typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function stamp(state: Record<string, unknown>, presence: PresenceUser | null): Record<string, unknown> {
  const stamped: Record<string, unknown> = { ...state };
  if (presence) stamped.user = { ...presence };
  else delete stamped.user;
  return stamped;
}

function encodeEntries(entries: PresenceEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const { clientId, clock, state } of entries) {
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, JSON.stringify(state));
  }
  return encoding.toUint8Array(encoder);
}

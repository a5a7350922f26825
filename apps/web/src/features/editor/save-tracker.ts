import * as Y from 'yjs';
import { encodePersistenceSubscribe, StorageState, type PersistenceEvent } from '@accord/contracts';

export type SaveState = 'saved' | 'saving' | 'unsaved' | 'offline';

export interface SaveSnapshot {
  state: SaveState;
  /** How many edits this tab has made under its current Yjs client ID (its next clock). */
  localClock: number;
  /** Edits of this tab below this clock are durably stored on the server. */
  durableClock: number;
  storageAvailable: boolean;
  connected: boolean;
}

/**
 * Tells the user whether their own edits are stored, from the server's `saved` confirmations
 * (never from a timer): an edit counts as saved only once the server says it reached the database.
 *
 * Framework-free: the collaboration session feeds it connection changes and persistence
 * messages; `send` delivers the subscribe message over the current socket.
 */
export class SaveTracker {
  private durableClock = 0;
  private connected = false;
  private storageAvailable = true;
  private subscribedClientId: number | null = null;
  private current: SaveSnapshot;
  private readonly listeners = new Set<(snapshot: SaveSnapshot) => void>();

  constructor(
    private readonly doc: Y.Doc,
    private readonly send: (message: Uint8Array) => void,
  ) {
    this.current = this.compute();
    doc.on('update', this.onDocumentUpdate);
  }

  /** The connection synced: (re)subscribe, since the server forgets subscriptions with the socket. */
  connectionSynced(): void {
    this.connected = true;
    this.subscribe();
    this.publish();
  }

  connectionLost(): void {
    this.connected = false;
    // Storage health is only known while connected; the server reports it again on subscribe.
    this.storageAvailable = true;
    this.publish();
  }

  receive(event: PersistenceEvent): void {
    if (event.kind === 'saved') {
      // Confirmations can arrive out of order across reconnections; durability never goes back.
      this.durableClock = Math.max(this.durableClock, event.clock);
    } else {
      this.storageAvailable = event.state !== StorageState.unavailable;
    }
    this.publish();
  }

  get snapshot(): SaveSnapshot {
    return this.current;
  }

  onChange(listener: (snapshot: SaveSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  destroy(): void {
    this.doc.off('update', this.onDocumentUpdate);
    this.listeners.clear();
  }

  private readonly onDocumentUpdate = (): void => {
    // Yjs gives a document a new client ID when it detects a clash; confirmations for the old
    // ID say nothing about edits under the new one.
    if (this.subscribedClientId !== null && this.subscribedClientId !== this.doc.clientID) {
      this.durableClock = 0;
      if (this.connected) this.subscribe();
    }
    this.publish();
  };

  private subscribe(): void {
    this.subscribedClientId = this.doc.clientID;
    this.send(encodePersistenceSubscribe(this.doc.clientID));
  }

  private publish(): void {
    const next = this.compute();
    const previous = this.current;
    if (
      next.state === previous.state &&
      next.localClock === previous.localClock &&
      next.durableClock === previous.durableClock &&
      next.storageAvailable === previous.storageAvailable &&
      next.connected === previous.connected
    ) {
      return;
    }
    this.current = next;
    for (const listener of this.listeners) listener(next);
  }

  private compute(): SaveSnapshot {
    const localClock = Y.getState(this.doc.store, this.doc.clientID);
    return {
      state: deriveSaveState(localClock, this.durableClock, this.connected, this.storageAvailable),
      localClock,
      durableClock: this.durableClock,
      storageAvailable: this.storageAvailable,
      connected: this.connected,
    };
  }
}

export function deriveSaveState(
  localClock: number,
  durableClock: number,
  connected: boolean,
  storageAvailable: boolean,
): SaveState {
  if (durableClock >= localClock) return 'saved';
  if (!connected) return 'offline';
  if (!storageAvailable) return 'unsaved';
  return 'saving';
}

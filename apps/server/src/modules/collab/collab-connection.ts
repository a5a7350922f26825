import type { CollabCloseCodeValue } from '@accord/contracts';
import WebSocket from 'ws';

let nextConnectionId = 1;

/** One client's websocket on one document, with what the server tracks about it. */
export class CollabConnection {
  readonly id = nextConnectionId++;
  /** Awareness client ids this connection announced; removed for everyone when it leaves. */
  readonly awarenessClientIds = new Set<number>();
  /** The Yjs clientID whose saved confirmations this connection asked for, if any. */
  savedSubscription: number | null = null;
  /** Confirm `pendingSavedClock` once the update log is durable up to `pendingSavedSeq`. */
  pendingSavedSeq = 0;
  pendingSavedClock = 0;
  lastSavedClockSent = -1;
  /** Cleared at each keep-alive ping, set by the pong. */
  alive = true;

  constructor(
    readonly socket: WebSocket,
    readonly documentId: string,
    readonly remoteAddress: string | undefined,
  ) {}

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  send(message: Uint8Array): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(message);
  }

  close(code: CollabCloseCodeValue, reason: string): void {
    if (this.socket.readyState === WebSocket.OPEN || this.socket.readyState === WebSocket.CONNECTING) {
      this.socket.close(code, reason);
    }
  }
}

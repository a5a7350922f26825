import type { CollabCloseCodeValue, PresenceUser } from '@accord/contracts';
import { DEFAULT_LANGUAGE, type Language } from '@accord/i18n';
import { Logger } from '@nestjs/common';
import type { Socket } from 'node:net';
import WebSocket from 'ws';
import { encodeBinaryFrame } from './protocol/ws-frame';
import { TrafficBudget, type TrafficLimits } from './traffic-budget';

let nextConnectionId = 1;

/** A client that stopped reading: past this many buffered bytes it is disconnected. */
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;

/** Connections with frames waiting for the end of this event-loop turn. */
const pendingFlush = new Set<CollabConnection>();
let flushScheduled = false;

function flushPending(): void {
  flushScheduled = false;
  for (const connection of pendingFlush) {
    try {
      connection.flush();
    } catch (error) {
      // One broken socket must not keep the others' frames from going out.
      CollabConnection.failedFlush(connection, error);
    }
  }
  pendingFlush.clear();
}

/** A point of a client's edits to confirm as saved: its clock then, and what must be stored first. */
export interface SavedCheckpoint {
  clock: number;
  /** This instance's updates up to this sequence number. */
  seq: number;
  /** Other instances' updates carrying the client's content, as far as this instance had got in them (see DocumentReplication.peerMark). */
  peerMark: number;
}

/**
 * One client's websocket on one document, with what the server tracks about it.
 *
 * Outgoing messages are framed once (a fanned-out update is the same frame for every receiver)
 * and queued until the end of the current event-loop turn, then written together: one syscall per
 * connection per turn, however many messages it got in that turn.
 */
export class CollabConnection {
  private static readonly logger = new Logger(CollabConnection.name);
  readonly id = nextConnectionId++;
  /** Awareness client ids this connection introduced (see PresenceGate); removed for everyone when it leaves. */
  readonly awarenessClientIds = new Set<number>();
  /** The Yjs clientID whose saved confirmations this connection asked for, if any. */
  savedSubscription: number | null = null;
  /**
   * The confirmation being waited for: fixed once taken, so that a client typing without pause
   * still gets it after the commit that covers it (see LiveDocument.trackSaved).
   */
  awaitedSaved: SavedCheckpoint | null = null;
  /** The newest point reached meanwhile: awaited next, replaced by each later frame. */
  nextSaved: SavedCheckpoint | null = null;
  lastSavedClockSent = -1;
  /** Cleared at each keep-alive ping, set by the pong. */
  alive = true;
  /** Who is connected, set at admission (see CollabAccess); null until then. */
  memberId: string | null = null;
  /** The language of close reasons: the request's Accept-Language, then the member's choice once admitted. */
  language: Language = DEFAULT_LANGUAGE;
  sessionId: string | null = null;
  sessionKind: 'browser' | 'collab' | null = null;
  /** A read-only connection's updates are not applied; it is told why. */
  readOnly = false;
  readOnlyReason = '';
  /** The member as others see them in presence, stamped by the server; set at admission. */
  presence: PresenceUser | null = null;
  /** Document updates refused because the connection is read-only. */
  refusedUpdates = 0;
  /** Messages and bytes per second this connection may send and cause. */
  readonly budget: TrafficBudget;
  private outbox: Buffer[] = [];

  constructor(
    readonly socket: WebSocket,
    readonly documentId: string,
    readonly remoteAddress: string | undefined,
    limits: TrafficLimits,
  ) {
    this.budget = new TrafficBudget(limits);
  }

  static failedFlush(connection: CollabConnection, error: unknown): void {
    CollabConnection.logger.error({ documentId: connection.documentId, connectionId: connection.id, err: error }, 'Could not write to a collaboration socket; dropping it');
    connection.socket.terminate();
  }

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  /** Queues one y-websocket message. */
  send(message: Uint8Array): void {
    this.sendFrame(encodeBinaryFrame(message));
  }

  /** Queues an already framed message (see `encodeBinaryFrame`), shared by every receiver. */
  sendFrame(frame: Buffer): void {
    if (this.socket.readyState !== WebSocket.OPEN) return;
    this.outbox.push(frame);
    pendingFlush.add(this);
    if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flushPending);
    }
  }

  /** Writes the queued frames in one go. */
  flush(): void {
    const frames = this.outbox;
    if (frames.length === 0) return;
    this.outbox = [];
    if (this.socket.readyState !== WebSocket.OPEN) return;
    const raw = rawSocketOf(this.socket);
    if (!raw) {
      for (const frame of frames) this.socket.send(frame.subarray(frame[1] === 126 ? 4 : frame[1] === 127 ? 10 : 2));
      return;
    }
    if (raw.writableLength > MAX_BUFFERED_BYTES) {
      CollabConnection.logger.warn({ documentId: this.documentId, connectionId: this.id, buffered: raw.writableLength }, 'Disconnecting a client that stopped reading');
      this.socket.terminate();
      return;
    }
    if (frames.length === 1) {
      raw.write(frames[0]);
      return;
    }
    raw.cork();
    for (const frame of frames) raw.write(frame);
    raw.uncork();
  }

  close(code: CollabCloseCodeValue, reason: string): void {
    // Whatever was queued goes out before the close frame.
    this.flush();
    pendingFlush.delete(this);
    if (this.socket.readyState === WebSocket.OPEN || this.socket.readyState === WebSocket.CONNECTING) {
      this.socket.close(code, fitCloseReason(reason));
    }
  }
}

/** A close frame carries at most 123 bytes of reason (RFC 6455), and ws throws on more: cut on a character boundary. */
export function fitCloseReason(reason: string): string {
  if (Buffer.byteLength(reason) <= 123) return reason;
  let fitted = '';
  for (const character of reason) {
    if (Buffer.byteLength(fitted + character) > 123) break;
    fitted += character;
  }
  return fitted;
}

/** The TCP socket under a ws WebSocket, to write pre-framed bytes; null if ws ever hides it. */
function rawSocketOf(socket: WebSocket): Socket | null {
  const raw = (socket as unknown as { _socket?: Socket })._socket;
  return raw && typeof raw.write === 'function' && typeof raw.cork === 'function' ? raw : null;
}

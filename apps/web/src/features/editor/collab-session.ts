import { WebsocketProvider } from 'y-websocket';
import { removeAwarenessStates } from 'y-protocols/awareness';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { COLLAB_PATH, CollabCloseCode, DOCUMENT_EVENTS_PARAM, DOCUMENT_EVENTS_VALUE, MessageType, readDocumentBusEvent, readPersistenceEvent, frozenReasonFor, frozenUntilOf, type AmendmentDocumentEvent, type BallotDocumentEvent, type DocumentEvent } from '@accord/contracts';
import { SaveTracker } from './save-tracker';

export type ConnectionState = 'connecting' | 'connected' | 'offline';

/** Why the server ended the session for good (a 44xx close code); reconnecting would not help. */
export type SessionClosure = 'forbidden' | 'not-found' | 'too-large' | 'too-fast' | 'outside-passage' | 'other';

export interface SessionSnapshot {
  connection: ConnectionState;
  closure: SessionClosure | null;
  /** Set when the server said this connection is read-only (y-protocols' permission denied), with its reason. */
  permissionDenied: string | null;
}

export function collabServerUrl(location: Location = window.location): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${COLLAB_PATH}`;
}

/**
 * One open recommendation: its Y.Doc, the y-websocket connection, and what the user should be
 * told about it (connection state, whether their edits are stored). Framework-free; React
 * reads it through `onChange` / `snapshot`.
 */
export class CollabSession {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  readonly saveTracker: SaveTracker;
  private current: SessionSnapshot = { connection: 'connecting', closure: null, permissionDenied: null };
  private readonly listeners = new Set<() => void>();
  private readonly documentEventListeners = new Set<(event: DocumentEvent) => void>();
  private readonly amendmentListeners = new Set<(event: AmendmentDocumentEvent) => void>();

  constructor(recommendationId: string, serverUrl: string = collabServerUrl()) {
    this.provider = new WebsocketProvider(serverUrl, encodeURIComponent(recommendationId), this.doc, {
      connect: false,
      // Tabs of one browser would otherwise sync with each other directly; the server is the one
      // source of truth and of save confirmations.
      disableBc: true,
      // Comment threads arrive live as document events (message type 8) only when asked for.
      params: { [DOCUMENT_EVENTS_PARAM]: DOCUMENT_EVENTS_VALUE },
    });
    this.saveTracker = new SaveTracker(this.doc, (message) => this.sendToServer(message));

    // The handler must not write to the encoder: whatever it writes is sent back to the server.
    this.provider.messageHandlers[MessageType.persistence] = (_encoder, decoder) => {
      const event = readPersistenceEvent(decoder);
      if (event) this.saveTracker.receive(event);
    };
    this.provider.messageHandlers[MessageType.documentEvents] = (_encoder, decoder) => {
      const event = readDocumentBusEvent(decoder);
      if (event?.kind === 'ballot') this.onBallot(event);
      else if (event?.kind === 'amendment') for (const listener of this.amendmentListeners) listener(event);
      else if (event) for (const listener of this.documentEventListeners) listener(event);
    };
    // y-protocols' auth message: the server applies none of this connection's edits, and says why.
    this.provider.messageHandlers[MessageType.auth] = (_encoder, decoder) => {
      if (decoding.readVarUint(decoder) === 0) this.update({ permissionDenied: decoding.readVarString(decoder) });
    };
    this.provider.on('status', this.onStatus);
    this.provider.on('sync', this.onSync);
    this.provider.on('connection-close', this.onConnectionClose);
    this.provider.on('closed', this.onClosed);
    window.addEventListener('pagehide', this.onPageHide);
    this.provider.connect();
  }

  get snapshot(): SessionSnapshot {
    return this.current;
  }

  /** Whether the server's text has arrived on this connection (y-websocket's sync; false again while reconnecting). */
  get synced(): boolean {
    return this.provider.synced;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Threads and comments changed by anyone (this member included), as the server relays them. */
  onDocumentEvent(listener: (event: DocumentEvent) => void): () => void {
    this.documentEventListeners.add(listener);
    return () => this.documentEventListeners.delete(listener);
  }

  /** An amendment of this text was proposed or changed status (by anyone, on any instance). */
  onAmendmentEvent(listener: (event: AmendmentDocumentEvent) => void): () => void {
    this.amendmentListeners.add(listener);
    return () => this.amendmentListeners.delete(listener);
  }

  /**
   * A ballot on this text opened, was extended or closed: the text is frozen until its deadline,
   * or free again (the server lifted the freeze; rights-based read-only stays with the REST access).
   */
  private onBallot(event: BallotDocumentEvent): void {
    if (event.frozenUntil) this.update({ permissionDenied: frozenReasonFor(event.frozenUntil) });
    else if (this.current.permissionDenied !== null && frozenUntilOf(this.current.permissionDenied) !== null) this.update({ permissionDenied: null });
  }

  destroy(): void {
    window.removeEventListener('pagehide', this.onPageHide);
    this.provider.off('status', this.onStatus);
    this.provider.off('sync', this.onSync);
    this.provider.off('connection-close', this.onConnectionClose);
    this.provider.off('closed', this.onClosed);
    this.listeners.clear();
    this.documentEventListeners.clear();
    this.amendmentListeners.clear();
    this.saveTracker.destroy();
    this.provider.destroy();
    // The provider leaves the awareness it created running (it owns a 3 s timer).
    this.provider.awareness.destroy();
    this.doc.destroy();
  }

  private sendToServer(message: Uint8Array): void {
    const socket = this.provider.ws;
    // Copied because DOM typings only accept ArrayBuffer-backed views; the message is a few bytes.
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(new Uint8Array(message));
  }

  private readonly onStatus = ({ status }: { status: 'connected' | 'disconnected' | 'connecting' }): void => {
    if (status === 'connected') this.update({ connection: 'connected' });
    else if (status === 'disconnected') this.goOffline();
    // 'connecting' is left alone after a loss: every retry would otherwise flip the chip back.
  };

  private readonly onSync = (synced: boolean): void => {
    if (synced) this.saveTracker.connectionSynced();
  };

  private readonly onConnectionClose = (): void => {
    // y-websocket reports 'disconnected' only for sockets that had opened; a refused first
    // attempt arrives only here.
    this.goOffline();
  };

  private readonly onClosed = ({ code }: { code: number }): void => {
    this.update({ connection: 'offline', closure: closureFor(code) });
  };

  private readonly onPageHide = (): void => {
    // Lets the others see this person leave now rather than after the 30 s awareness timeout.
    removeAwarenessStates(this.provider.awareness, [this.doc.clientID], 'page hidden');
  };

  private goOffline(): void {
    this.saveTracker.connectionLost();
    this.update({ connection: 'offline' });
  }

  private update(change: Partial<SessionSnapshot>): void {
    const next = { ...this.current, ...change };
    if (next.connection === this.current.connection && next.closure === this.current.closure && next.permissionDenied === this.current.permissionDenied) return;
    this.current = next;
    for (const listener of this.listeners) listener();
  }
}

/** What the page tells a person for a close code after which y-websocket stops reconnecting (44xx). */
export function closureFor(code: number): SessionClosure {
  if (code === CollabCloseCode.forbidden || code === CollabCloseCode.unauthenticated) return 'forbidden';
  if (code === CollabCloseCode.documentNotFound) return 'not-found';
  if (code === CollabCloseCode.documentTooLarge) return 'too-large';
  if (code === CollabCloseCode.rateLimited) return 'too-fast';
  if (code === CollabCloseCode.outsidePassage) return 'outside-passage';
  return 'other';
}

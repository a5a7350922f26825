import type { LiveDocument } from './live-document';
import type { LoggedUpdate } from './update-log.repository';
import type { UpdateLogWriter } from './update-log-writer';

/** What replication needs from the collaboration server of its instance. */
export interface ReplicationHost {
  readonly writer: UpdateLogWriter;
  /** The document if it is loaded here (and not being unloaded). */
  liveDocument(documentId: string): LiveDocument | undefined;
  /** Peers' updates of these documents are stored now: confirmations waiting on them can go. */
  peerUpdatesStored(documentIds: ReadonlySet<string>): void;
  /** Stores a gone instance's updates under its writer id (idempotent: nothing is stored twice). */
  storeForPeer(writerId: string, updates: readonly LoggedUpdate[]): Promise<void>;
}

/** Counts for /api/collab/stats. */
export interface ReplicationStats {
  mode: 'single' | 'cluster';
  link: 'connected' | 'degraded' | null;
  peers: number;
  catchUpRequests: number;
  catchUpAnswers: number;
  unstoredPeerUpdates: number;
}

/**
 * How a live document reaches the other instances of a cluster. One instance alone needs none of
 * it (`SingleInstance`); with REDIS_URL the cluster module provides the Redis one.
 */
export interface DocumentReplication {
  attach(host: ReplicationHost): void;
  /** Before the document is read from storage: start listening, so nothing published meanwhile is missed. */
  opening(documentId: string): Promise<void>;
  /** After it is restored: apply what arrived meanwhile, then catch up once from the other instances. */
  opened(document: LiveDocument): Promise<void>;
  /** Loading failed, or the document was unloaded: stop listening. */
  closed(documentId: string): void;
  /** A change made on this instance (by a client or the server), queued for storage as `seq`. */
  publishUpdate(document: LiveDocument, update: Uint8Array, seq: number): void;
  /** Presence changed on this instance (stamped states, or departures). */
  publishPresence(document: LiveDocument, presence: Uint8Array): void;
  /**
   * How far this instance has got in other instances' updates: a saved confirmation taken now
   * waits only on those received up to here (later ones bring nothing its clock covers that
   * was not already here).
   */
  peerMark(): number;
  /** Whether this document holds updates of other instances, received up to `peerMark`, carrying content of Yjs client `clientId` that are not stored yet. */
  awaitsPeers(documentId: string, clientId: number, peerMark: number): boolean;
  /** This instance's edits up to here are stored (after each commit). */
  stored(): void;
  stats(): ReplicationStats;
  /** The instance stops; `allStored`: its edits are all stored, so the others may forget it at once. */
  shutdown(allStored: boolean): Promise<void>;
}

export const DOCUMENT_REPLICATION = Symbol('DocumentReplication');

/** One instance: nothing to tell anyone. */
export class SingleInstance implements DocumentReplication {
  attach(): void {}
  opening(): Promise<void> {
    return Promise.resolve();
  }
  opened(): Promise<void> {
    return Promise.resolve();
  }
  closed(): void {}
  publishUpdate(): void {}
  publishPresence(): void {}
  peerMark(): number {
    return 0;
  }
  awaitsPeers(): boolean {
    return false;
  }
  stored(): void {}
  stats(): ReplicationStats {
    return { mode: 'single', link: null, peers: 0, catchUpRequests: 0, catchUpAnswers: 0, unstoredPeerUpdates: 0 };
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

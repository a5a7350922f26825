import { Logger } from '@nestjs/common';
import * as Y from 'yjs';
import type { DocumentReplication, ReplicationHost, ReplicationStats } from '../collab/document-replication';
import type { LiveDocument } from '../collab/live-document';
import type { ClusterLink } from './cluster-link';
import {
  decodeDocumentMessage,
  decodeInstanceStatus,
  type DocumentMessage,
  DocumentMessageKind,
  encodeDocumentMessage,
  encodeInstanceStatus,
  type UnstoredUpdate,
} from './cluster-messages';

/** One document as this instance follows it on its channel. */
interface Replica {
  documentId: string;
  channel: string;
  unsubscribe: (() => void) | null;
  /** Null while the document loads: messages wait in `buffered` until it is restored. */
  document: LiveDocument | null;
  buffered: DocumentMessage[];
  catchUp: CatchUp | null;
}

interface CatchUp {
  requestId: number;
  /** How many answers to wait for: unknown (null) until Redis says how many received the request. */
  awaited: number | null;
  received: number;
  done: () => void;
}

/** Another instance, known by its update log writer: what of its updates is stored, and when it was last heard. */
interface Peer {
  writerId: string;
  lastHeardAt: number;
  storedThrough: number;
  /** Its updates applied here and not known to be stored, by sequence number, with the Yjs clients they carry and when they came (see `remember`). */
  unstored: Map<number, { documentId: string; update: Uint8Array; clients: number[]; ordinal: number }>;
  takingOver: boolean;
}

/**
 * Keeps the copies of a document on several instances equal, through one Redis channel per
 * document. Design (see the README's "Several instances"):
 * - the instance whose client made an update stores it (its group commit) and publishes it once;
 *   the others apply it and only remember it as unstored until that instance's heartbeat says it
 *   is stored. A client's "saved" waits for that too. Should the instance die first, the others
 *   store what it left, under its writer id and sequence numbers: the update log's unique key
 *   makes that idempotent, so nothing is stored twice and no lock is needed;
 * - an instance opening a document subscribes first, loads, applies what arrived meanwhile, then
 *   asks the other instances once for what it lacks (its state vector), waiting for as many answers
 *   as Redis says received the request, at most CLUSTER_CATCH_UP_TIMEOUT_MS: one request per
 *   instance and document, however many clients join;
 * - messages carry their sender; an instance ignores its own and never republishes another's;
 * - when the link comes back after an outage, every live document catches up the same way, in
 *   both directions, since every instance asks.
 */
export class RedisReplication implements DocumentReplication {
  private readonly logger = new Logger(RedisReplication.name);
  private host: ReplicationHost | null = null;
  private readonly replicas = new Map<string, Replica>();
  private readonly peers = new Map<string, Peer>();
  /** Unstored peer updates per document and Yjs client, by the ordinal they came with: what a saved confirmation of that client waits for. */
  private readonly unstoredByDocument = new Map<string, Map<number, Set<number>>>();
  /** How many peer updates were remembered so far: the ordinal of the last one. */
  private remembered = 0;
  private nextRequestId = 1;
  private catchUpRequests = 0;
  private catchUpAnswers = 0;
  private connectedSince: number | null = null;
  private leaving = false;

  constructor(
    private readonly link: ClusterLink,
    private readonly catchUpTimeoutMs: number,
  ) {
    link.heartbeatPayload = () =>
      encodeInstanceStatus({ writerId: this.writerId, storedThrough: this.host ? this.host.writer.storedThrough : 0, leaving: this.leaving });
    link.onPeerHeartbeat = (message) => this.heardPeer(message);
    link.onTick(() => this.takeOverSilentPeers());
    link.onHealed(() => {
      this.connectedSince = Date.now();
      // Whatever was published while the link was down is lost: every live document asks again.
      for (const replica of this.replicas.values()) if (replica.document) void this.requestCatchUp(replica);
    });
    link.onDegraded(() => {
      this.connectedSince = null;
    });
  }

  private get writerId(): string {
    return this.host?.writer.writerId ?? '';
  }

  attach(host: ReplicationHost): void {
    this.host = host;
  }

  async opening(documentId: string): Promise<void> {
    const replica: Replica = { documentId, channel: `${this.link.options.keyPrefix}doc:${documentId}`, unsubscribe: null, document: null, buffered: [], catchUp: null };
    this.replicas.get(documentId)?.unsubscribe?.();
    this.replicas.set(documentId, replica);
    replica.unsubscribe = await this.link.subscribe(replica.channel, (message) => this.receive(replica, message));
  }

  async opened(document: LiveDocument): Promise<void> {
    const replica = this.replicas.get(document.id);
    if (!replica) return;
    replica.document = document;
    for (const message of replica.buffered.splice(0)) this.handle(replica, message);
    await this.requestCatchUp(replica);
  }

  closed(documentId: string): void {
    const replica = this.replicas.get(documentId);
    if (!replica) return;
    this.replicas.delete(documentId);
    replica.unsubscribe?.();
    replica.catchUp?.done();
  }

  publishUpdate(document: LiveDocument, update: Uint8Array, seq: number): void {
    const replica = this.replicas.get(document.id);
    if (!replica) return;
    void this.link.publish(replica.channel, encodeDocumentMessage({ kind: DocumentMessageKind.update, sender: this.link.instanceId, unstored: { writerId: this.writerId, seq, update } }));
  }

  publishPresence(document: LiveDocument, presence: Uint8Array): void {
    const replica = this.replicas.get(document.id);
    if (!replica) return;
    void this.link.publish(replica.channel, encodeDocumentMessage({ kind: DocumentMessageKind.presence, sender: this.link.instanceId, presence }));
  }

  peerMark(): number {
    return this.remembered;
  }

  awaitsPeers(documentId: string, clientId: number, peerMark: number): boolean {
    // Only what came before the confirmation was taken: peer updates that keep arriving never hold it up.
    for (const ordinal of this.unstoredByDocument.get(documentId)?.get(clientId) ?? []) if (ordinal <= peerMark) return true;
    return false;
  }

  stored(): void {
    // Peers hold our updates as unstored until they hear this: tell them now rather than at the next beat.
    this.link.beatNow();
  }

  stats(): ReplicationStats {
    const now = Date.now();
    let unstored = 0;
    for (const peer of this.peers.values()) unstored += peer.unstored.size;
    return {
      mode: 'cluster',
      link: this.link.state,
      peers: [...this.peers.values()].filter((peer) => now - peer.lastHeardAt <= this.link.options.instanceTimeoutMs).length,
      catchUpRequests: this.catchUpRequests,
      catchUpAnswers: this.catchUpAnswers,
      unstoredPeerUpdates: unstored,
    };
  }

  async shutdown(allStored: boolean): Promise<void> {
    // Stored: peers forget this instance at once. Not stored: they take over what they hold of it after the time-out.
    if (allStored) {
      this.leaving = true;
      this.link.beatNow();
    }
    for (const documentId of [...this.replicas.keys()]) this.closed(documentId);
  }

  private receive(replica: Replica, bytes: Buffer): void {
    if (this.replicas.get(replica.documentId) !== replica) return;
    const message = decodeDocumentMessage(bytes);
    // Our own messages come back to us too: never applied twice, never republished.
    if (!message || message.sender === this.link.instanceId) return;
    if (replica.document) return this.handle(replica, message);
    if (message.kind === DocumentMessageKind.catchUpRequest) return this.answer(replica, message.sender, message.requestId, null);
    if (message.kind === DocumentMessageKind.update) this.remember(replica.documentId, message.unstored);
    replica.buffered.push(message);
  }

  private handle(replica: Replica, message: DocumentMessage): void {
    const document = replica.document!;
    switch (message.kind) {
      case DocumentMessageKind.update:
        this.remember(replica.documentId, message.unstored);
        document.applyRemote(message.unstored.update);
        return;
      case DocumentMessageKind.presence:
        document.applyRemotePresence(message.presence);
        return;
      case DocumentMessageKind.catchUpRequest:
        this.answer(replica, message.sender, message.requestId, message.stateVector);
        // The asker has edits we lack (both sides edited while Redis was away, and our own request
        // went out before it listened again): ask in turn, so that the heal goes both ways.
        if (!replica.catchUp && document.lacksAnyOf(message.stateVector)) void this.requestCatchUp(replica);
        return;
      case DocumentMessageKind.catchUpAnswer:
        if (message.to !== this.link.instanceId) return;
        for (const unstored of message.unstored) this.remember(replica.documentId, unstored);
        if (message.difference.byteLength > 2) document.applyRemote(message.difference);
        if (message.presence.byteLength > 1) document.applyRemotePresence(message.presence);
        if (replica.catchUp?.requestId === message.requestId) {
          replica.catchUp.received++;
          if (replica.catchUp.awaited !== null && replica.catchUp.received >= replica.catchUp.awaited) replica.catchUp.done();
        }
        return;
    }
  }

  /** Asks the other instances once for what this one lacks; resolves on their answers or the time-out. */
  private async requestCatchUp(replica: Replica): Promise<void> {
    const document = replica.document;
    if (!document || this.link.state !== 'connected') return;
    replica.catchUp?.done();
    const requestId = this.nextRequestId++;
    this.catchUpRequests++;
    let timer: NodeJS.Timeout | null = null;
    const answered = new Promise<void>((resolve) => {
      const catchUp: CatchUp = {
        requestId,
        awaited: null,
        received: 0,
        done: () => {
          if (timer) clearTimeout(timer);
          if (replica.catchUp === catchUp) replica.catchUp = null;
          resolve();
        },
      };
      replica.catchUp = catchUp;
      timer = setTimeout(catchUp.done, this.catchUpTimeoutMs);
    });
    const catchUp = replica.catchUp!;
    const receivers = await this.link.publish(
      replica.channel,
      encodeDocumentMessage({ kind: DocumentMessageKind.catchUpRequest, sender: this.link.instanceId, requestId, stateVector: document.stateVector() }),
    );
    // Redis says how many subscribers got the request, this instance included: that many answers, minus ours.
    catchUp.awaited = Math.max(0, receivers - 1);
    if (catchUp.received >= catchUp.awaited) catchUp.done();
    await answered;
  }

  private answer(replica: Replica, to: string, requestId: number, stateVector: Uint8Array | null): void {
    const document = replica.document;
    const unstored: UnstoredUpdate[] = [];
    for (const queued of this.host?.writer.pendingOf(replica.documentId) ?? []) unstored.push({ writerId: this.writerId, seq: queued.seq, update: queued.data });
    for (const peer of this.peers.values()) {
      for (const [seq, entry] of peer.unstored) if (entry.documentId === replica.documentId) unstored.push({ writerId: peer.writerId, seq, update: entry.update });
    }
    this.catchUpAnswers++;
    void this.link.publish(
      replica.channel,
      encodeDocumentMessage({
        kind: DocumentMessageKind.catchUpAnswer,
        sender: this.link.instanceId,
        to,
        requestId,
        difference: document && stateVector ? document.differenceFrom(stateVector) : new Uint8Array([0, 0]),
        presence: document ? document.presenceState() : new Uint8Array([0]),
        unstored,
      }),
    );
  }

  /** Notes a peer's update as applied here and not yet known to be stored. */
  private remember(documentId: string, unstored: UnstoredUpdate): void {
    if (unstored.writerId === this.writerId) return;
    const peer = this.peer(unstored.writerId);
    if (unstored.seq <= peer.storedThrough || peer.unstored.has(unstored.seq)) return;
    const clients = updateClients(unstored.update);
    const ordinal = ++this.remembered;
    peer.unstored.set(unstored.seq, { documentId, update: unstored.update, clients, ordinal });
    let byClient = this.unstoredByDocument.get(documentId);
    if (!byClient) {
      byClient = new Map();
      this.unstoredByDocument.set(documentId, byClient);
    }
    for (const client of clients) {
      const ordinals = byClient.get(client);
      if (ordinals) ordinals.add(ordinal);
      else byClient.set(client, new Set([ordinal]));
    }
  }

  private peer(writerId: string): Peer {
    let peer = this.peers.get(writerId);
    if (!peer) {
      peer = { writerId, lastHeardAt: Date.now(), storedThrough: 0, unstored: new Map(), takingOver: false };
      this.peers.set(writerId, peer);
    }
    return peer;
  }

  private heardPeer(message: Buffer): void {
    const status = decodeInstanceStatus(message.subarray(36));
    if (!status || status.writerId === this.writerId) return;
    const peer = this.peer(status.writerId);
    peer.lastHeardAt = Date.now();
    if (status.storedThrough > peer.storedThrough) {
      peer.storedThrough = status.storedThrough;
      this.forget(peer, (seq) => seq <= status.storedThrough);
    }
    if (status.leaving) {
      this.forget(peer, () => true);
      this.peers.delete(peer.writerId);
    }
  }

  /** Drops a peer's updates that are stored now, and frees the confirmations that waited on them. */
  private forget(peer: Peer, stored: (seq: number) => boolean): void {
    const freed = new Set<string>();
    for (const [seq, entry] of peer.unstored) {
      if (!stored(seq)) continue;
      peer.unstored.delete(seq);
      const byClient = this.unstoredByDocument.get(entry.documentId);
      if (!byClient) continue;
      for (const client of entry.clients) {
        const ordinals = byClient.get(client);
        ordinals?.delete(entry.ordinal);
        if (ordinals?.size === 0) byClient.delete(client);
      }
      freed.add(entry.documentId);
      if (byClient.size === 0) this.unstoredByDocument.delete(entry.documentId);
    }
    if (freed.size > 0) this.host?.peerUpdatesStored(freed);
  }

  /**
   * A peer silent for CLUSTER_INSTANCE_TIMEOUT_MS while this instance hears Redis is gone: its
   * unstored updates are stored here, under its writer id, so a retry by anyone inserts nothing twice.
   */
  private takeOverSilentPeers(): void {
    const timeout = this.link.options.instanceTimeoutMs;
    const now = Date.now();
    // While our own link is down every peer looks silent: decide only after hearing Redis for a full time-out.
    if (this.connectedSince === null || now - this.connectedSince < timeout) return;
    for (const peer of this.peers.values()) {
      if (now - peer.lastHeardAt <= timeout || peer.takingOver) continue;
      if (peer.unstored.size === 0) {
        this.peers.delete(peer.writerId);
        continue;
      }
      void this.takeOver(peer);
    }
  }

  private async takeOver(peer: Peer): Promise<void> {
    if (!this.host) return;
    peer.takingOver = true;
    const updates = [...peer.unstored].sort(([a], [b]) => a - b).map(([seq, entry]) => ({ documentId: entry.documentId, data: entry.update, seq }));
    try {
      await this.host.storeForPeer(peer.writerId, updates);
      this.logger.warn({ writerId: peer.writerId, updates: updates.length }, 'An instance went silent; stored the updates it had not stored');
      const last = updates[updates.length - 1].seq;
      this.forget(peer, (seq) => seq <= last);
      if (peer.unstored.size === 0) this.peers.delete(peer.writerId);
    } catch (error) {
      this.logger.warn({ writerId: peer.writerId, err: error }, 'Could not store the updates of a silent instance yet; retrying');
    } finally {
      peer.takingOver = false;
    }
  }
}

/** The Yjs clients whose content an update carries (structs or deletions): whose confirmations it can hold up. */
function updateClients(update: Uint8Array): number[] {
  try {
    const { from, to } = Y.parseUpdateMeta(update);
    return [...new Set([...from.keys(), ...to.keys()])];
  } catch {
    return [];
  }
}

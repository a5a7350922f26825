import { encodeSaved, encodeStorageState, type StorageStateValue } from '@accord/contracts';
import { Logger } from '@nestjs/common';
import { randomInt } from 'node:crypto';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { CollabConnection, type SavedCheckpoint } from './collab-connection';
import { CollabException } from './collab.exception';
import { guardTask } from './connection-guard';
import { PresenceGate, type PresenceRefusals } from './presence-gate';
import { type DecodedUpdate, parseClientFrame } from './protocol/client-frame';
import { peekSyncUpdate } from './protocol/frame-peek';
import { checkUpdate } from './update-check';
import { observeChange, type TextChange } from './text-change';
import { encodeBinaryFrame } from './protocol/ws-frame';
import { encodeAwareness, encodePermissionDenied, encodeSyncStep1, encodeSyncStep2, encodeSyncUpdate } from './protocol/server-messages';
import type { DocumentReplication } from './document-replication';
import type { StoredDocument } from './update-log.repository';
import type { UpdateLogWriter } from './update-log-writer';

/** Origin of the transaction that replays stored state; such updates are not logged again. */
const LOAD_ORIGIN = Symbol('load');
/** Origin of changes from other instances: fanned out to this instance's connections, never stored or published again. */
const REMOTE_ORIGIN = Symbol('remote');
/** Origin of the server's own changes (restores): fanned out to every connection. */
const SERVER_ORIGIN = Symbol('server');
/** A client that never sends sync step 1 still gets ours this soon after joining. */
const STEP1_FALLBACK_MS = 50;
/** Refused updates a read-only connection may send (a few keystrokes before its editor learns it is read-only). */
const READ_ONLY_REFUSALS_BEFORE_CLOSE = 16;
/**
 * Encoding a document to learn its exact size costs time in proportion to it (hundreds of ms near
 * the limit): near its limit, at most once a second and at most a tenth of the time; in between,
 * the running estimate (an upper bound) decides.
 */
const SIZE_MEASURE_INTERVAL_MS = 1000;
const SIZE_MEASURE_TIME_SHARE = 10;

/** A state vector with no entries: the client's document is empty. */
function isEmptyStateVector(stateVector: Uint8Array): boolean {
  return stateVector.byteLength === 1 && stateVector[0] === 0;
}

/** An update with no structs and no deletions, as a client with nothing new answers sync step 1. */
function isEmptyUpdate(update: Uint8Array): boolean {
  return update.byteLength === 2 && update[0] === 0 && update[1] === 0;
}

/** A random 32-bit client id the document has not used yet. */
function freshClientId(doc: Y.Doc): number {
  for (;;) {
    const candidate = randomInt(1, 0x100000000);
    if (!doc.store.clients.has(candidate)) return candidate;
  }
}

/**
 * A domain rule an update must also pass before it is applied (an amendment changes only its
 * passage): returns the refusal, or null. It sees the document as it is before the update.
 */
export type UpdateGuard = (doc: Y.Doc, update: Uint8Array) => CollabException | null;

/** What a live document needs from the service that owns it. */
export interface LiveDocumentHost {
  readonly writer: UpdateLogWriter;
  /** How changes reach the other instances (nothing with one instance). */
  readonly replication: DocumentReplication;
  /** The most bytes a document's encoded state may take (COLLAB_MAX_DOCUMENT_BYTES). */
  readonly maxDocumentBytes: number;
  /** The document has connections waiting for a saved confirmation. */
  awaitDurable(document: LiveDocument): void;
  /** The last connection left. */
  becameIdle(document: LiveDocument): void;
  /** How long one frame held the event loop (for /api/collab/stats). */
  frameHandled(durationMs: number): void;
  /** A connection's update was applied: the items it brought and the items it deleted. */
  edited(document: LiveDocument, connection: CollabConnection, change: TextChange): void;
}

/**
 * One document in memory: its Y.Doc, its Awareness and its connections. Each step of an incoming
 * frame is small: decode and check, apply, fan out (encoded once for all receivers), queue for the
 * update log, confirm once stored.
 */
export class LiveDocument {
  private readonly logger = new Logger(LiveDocument.name);
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly connections = new Set<CollabConnection>();
  /** Updates logged since the last compaction: when to compact next. */
  loggedSinceCompaction = 0;
  unloadTimer: NodeJS.Timeout | null = null;
  /** A stored state not applied to `doc` yet (see `restore`). */
  private unapplied: Uint8Array | null = null;
  private materialiseTimer: NodeJS.Timeout | null = null;
  /** Connections that joined while the state was unapplied and still need our sync step 1. */
  private readonly awaitingStep1 = new Set<CollabConnection>();
  compaction: Promise<void> | null = null;
  /**
   * Set while a ballot on this text is open ("voting is open until …"): every update from every
   * connection is refused with this reason, whatever the connection's rights.
   */
  frozenReason: string | null = null;
  /** Stops following the document event bus (freezes decided on any instance). */
  stopEvents: (() => void) | null = null;
  private readonly presence = new PresenceGate(this.awareness);
  private readonly presenceLimitLogged = new WeakSet<CollabConnection>();
  /** The whole state as one update, kept until the next change: joiners with an empty document all get it. */
  private fullState: Uint8Array | null = null;
  /** Every presence state as one awareness update, kept until presence changes. */
  private presenceSnapshot: Uint8Array | null = null;
  /** Size of the encoded state when last measured, and the bytes of the updates applied since (an upper bound on growth). */
  private measuredBytes = 0;
  private grownBytes = 0;
  private measuredAt = Number.NEGATIVE_INFINITY;
  private measureCostMs = 0;
  /** Set by the update event: tells `apply` whether Yjs announced what it applied. */
  private announced = false;
  /** The domain's rule for this document's updates, set at load (see CollabService.guardUpdates). */
  guard: UpdateGuard | null = null;

  constructor(
    readonly id: string,
    private readonly host: LiveDocumentHost,
  ) {
    // The server itself is not a participant: it has no presence of its own.
    this.awareness.setLocalState(null);
    this.doc.on('update', this.onDocumentUpdate);
    this.awareness.on('update', this.onAwarenessUpdate);
  }

  /**
   * Takes what storage holds; nothing of it is logged again. A compacted state alone is kept as
   * bytes: applying a long document takes tens of milliseconds, and a client that opens it with an
   * empty document can be sent those bytes as they are (see `dispatch`). The Y.Doc gets the state
   * when something needs it, or shortly after the first client synced.
   */
  restore(stored: StoredDocument): void {
    this.loggedSinceCompaction = stored.updates.length;
    this.measuredBytes = stored.state?.byteLength ?? 0;
    this.grownBytes = stored.updates.reduce((total, update) => total + update.byteLength, 0);
    if (stored.state && stored.updates.length === 0) {
      this.unapplied = stored.state;
      return;
    }
    this.applyStored(stored.state ? [stored.state, ...stored.updates] : stored.updates);
  }

  join(connection: CollabConnection): void {
    this.connections.add(connection);
    if (this.unapplied) {
      // Our sync step 1 needs the state vector, hence the applied state: it follows then.
      this.awaitingStep1.add(connection);
      this.materialiseSoon(STEP1_FALLBACK_MS);
    } else {
      connection.send(encodeSyncStep1(Y.encodeStateVector(this.doc)));
    }
    if (this.awareness.getStates().size > 0) connection.send(encodeAwareness(this.allPresence()));
  }

  /** Applies a state kept as bytes, then sends the sync step 1 the connections wait for. */
  private materialise(): void {
    if (this.materialiseTimer) clearTimeout(this.materialiseTimer);
    this.materialiseTimer = null;
    const state = this.unapplied;
    if (!state) return;
    this.unapplied = null;
    this.applyStored([state]);
    if (this.awaitingStep1.size === 0) return;
    const step1 = encodeSyncStep1(Y.encodeStateVector(this.doc));
    for (const connection of this.awaitingStep1) connection.send(step1);
    this.awaitingStep1.clear();
  }

  private materialiseSoon(delayMs: number): void {
    if (this.materialiseTimer) clearTimeout(this.materialiseTimer);
    this.materialiseTimer = setTimeout(() => this.materialiseOrGiveUp(), delayMs);
  }

  /** A stored state that cannot be applied ends this document's connections, not the process. */
  private materialiseOrGiveUp(): void {
    try {
      this.materialise();
    } catch (error) {
      this.logger.error({ documentId: this.id, err: error }, 'Could not apply the stored state of a document; closing its connections');
      const refusal = CollabException.storageUnavailable();
      for (const connection of this.connections) connection.close(refusal.closeCode, refusal.reason);
    }
  }

  private applyStored(updates: Uint8Array[]): void {
    // Without the update listener Yjs does not encode the replayed state once more.
    this.doc.off('update', this.onDocumentUpdate);
    try {
      Y.transact(this.doc, () => updates.forEach((update) => Y.applyUpdate(this.doc, update)), LOAD_ORIGIN);
    } finally {
      this.doc.on('update', this.onDocumentUpdate);
    }
  }

  leave(connection: CollabConnection): void {
    if (!this.connections.delete(connection)) return;
    this.awaitingStep1.delete(connection);
    const owned = this.presence.release(connection);
    if (owned.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, owned, 'leave');
    if (this.connections.size === 0) this.host.becameIdle(this);
  }

  /** Handles one frame; bad input closes only this connection and leaves the document untouched. */
  receive(connection: CollabConnection, frame: Uint8Array): void {
    if (!this.connections.has(connection)) return;
    const started = performance.now();
    try {
      this.dispatch(connection, frame);
    } catch (error) {
      const reason = error instanceof CollabException ? error : CollabException.invalidUpdate('the update could not be applied');
      this.logger.warn(
        { documentId: this.id, connectionId: connection.id, remoteAddress: connection.remoteAddress, closeCode: reason.closeCode, reason: reason.reason, err: error instanceof CollabException ? undefined : error },
        'Closing a collaboration connection after bad input',
      );
      connection.close(reason.closeCode, reason.reasonIn(connection.language));
    } finally {
      this.host.frameHandled(performance.now() - started);
    }
  }

  private dispatch(connection: CollabConnection, frame: Uint8Array): void {
    // Rights and room are checked on the frame's first bytes: an update that will be refused is never decoded.
    const incoming = peekSyncUpdate(frame);
    if (incoming) {
      if (connection.readOnly || this.frozenReason !== null) return this.refuseReadOnly(connection, incoming.update);
      if (incoming.mayGrow) this.assertRoomFor(incoming.update.byteLength);
    }
    const message = parseClientFrame(frame);
    if (this.unapplied) {
      if (message.type === 'syncStep1' && isEmptyStateVector(message.stateVector)) {
        // A client with an empty document needs exactly the stored state: send its bytes.
        this.charge(connection, this.unapplied.byteLength);
        connection.send(encodeSyncStep2(this.unapplied));
        this.materialiseSoon(0);
        return;
      }
      if (!(message.type === 'syncUpdate' && isEmptyUpdate(message.update)) && message.type !== 'awareness' && message.type !== 'queryAwareness') {
        this.materialise();
      }
    }
    switch (message.type) {
      case 'syncStep1':
        // Any answer walks the whole document (its delete set at least): charged at the document's
        // size, capped at the limit so that a document stored before a lower limit still opens.
        this.charge(connection, Math.min(this.sizeEstimate(), this.host.maxDocumentBytes));
        connection.send(encodeSyncStep2(isEmptyStateVector(message.stateVector) ? this.fullStateUpdate() : Y.encodeStateAsUpdate(this.doc, message.stateVector)));
        return;
      case 'syncUpdate':
        if (!this.host.writer.hasRoomFor(message.update.byteLength)) throw CollabException.storageUnavailable();
        // The usual answer to our sync step 1 from a client that has nothing new.
        if (isEmptyUpdate(message.update)) return;
        this.apply(message.update, message.decoded, connection);
        this.trackSaved(connection);
        return;
      case 'awareness': {
        const refusals: PresenceRefusals = { foreign: 0, overCap: 0, oversized: 0 };
        const stamped = this.presence.admit(connection, message.update, refusals);
        if ((refusals.overCap > 0 || refusals.oversized > 0) && !this.presenceLimitLogged.has(connection)) {
          // Once per connection: a flood must not become a flood of log lines.
          this.presenceLimitLogged.add(connection);
          this.logger.warn({ documentId: this.id, connectionId: connection.id, memberId: connection.memberId, ...refusals }, 'Left out presence states over the limits of a connection');
        }
        if (!stamped) return;
        awarenessProtocol.applyAwarenessUpdate(this.awareness, stamped, connection);
        // The stamped states, framed once: never the client's own bytes.
        this.broadcast(encodeAwareness(stamped), connection);
        this.host.replication.publishPresence(this, stamped);
        return;
      }
      case 'queryAwareness': {
        const all = this.allPresence();
        this.charge(connection, all.byteLength);
        connection.send(encodeAwareness(all));
        return;
      }
      case 'persistenceSubscribe':
        connection.savedSubscription = message.clientId;
        connection.lastSavedClockSent = -1;
        connection.awaitedSaved = null;
        connection.nextSaved = null;
        // Always say where storage stands: a reconnecting client may hold an outdated state.
        connection.send(encodeStorageState(this.host.writer.storageState));
        this.trackSaved(connection);
        return;
    }
  }

  /**
   * Applies a client's update so that the update log always equals memory. Belt: `checkUpdate`
   * refuses, whole and before anything is applied, every update Yjs could apply only part-way or
   * integrate differently from a replay (missing references, zero-length or unknown deletions,
   * neighbours in different parents, foreign types, too deep). Braces: should Yjs still throw
   * after integrating part of it, whatever reached memory and was not announced by the update
   * event is logged and fanned out as the difference from the state before; the sender is closed.
   */
  private apply(update: Uint8Array, decoded: DecodedUpdate, connection: CollabConnection): void {
    const clients = checkUpdate(this.doc, decoded);
    const refusal = this.guard?.(this.doc, update);
    if (refusal) throw refusal;
    // Only the clients whose content the update brings can move on (checkUpdate refuses anything that would wait as pending).
    const before = new Map(clients.map((client) => [client, Y.getState(this.doc.store, client)]));
    this.announced = false;
    let change: TextChange;
    try {
      change = observeChange(this.doc, connection, clients, () => Y.applyUpdate(this.doc, update, connection));
    } catch (error) {
      const stateBefore = new Map<number, number>([...Y.decodeStateVector(Y.encodeStateVector(this.doc)), ...before]);
      const difference = Y.encodeStateAsUpdate(this.doc, Y.encodeStateVector(stateBefore));
      if (!this.announced && !isEmptyUpdate(difference)) this.onDocumentUpdate(difference, connection);
      this.logger.error({ documentId: this.id, connectionId: connection.id, err: error, announced: this.announced }, 'Yjs threw while applying a checked update; what it applied is logged');
      throw CollabException.invalidUpdate(error instanceof Error ? error.message : 'the update could not be applied');
    }
    this.host.edited(this, connection, change);
  }

  /**
   * Applies a change that another instance made and stores: fanned out to this instance's
   * connections only. Whatever Yjs cannot integrate yet (a missing earlier update) waits in the
   * document until the catch-up brings what it needs.
   */
  applyRemote(update: Uint8Array): void {
    try {
      if (this.unapplied) this.materialise();
      Y.applyUpdate(this.doc, update, REMOTE_ORIGIN);
    } catch (error) {
      this.logger.error({ documentId: this.id, err: error }, 'Could not apply an update from another instance');
    }
  }

  /** Presence states stamped by another instance. */
  applyRemotePresence(presence: Uint8Array): void {
    try {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, presence, REMOTE_ORIGIN);
    } catch (error) {
      this.logger.warn({ documentId: this.id, err: error }, 'Could not apply presence from another instance');
    }
  }

  stateVector(): Uint8Array {
    if (this.unapplied) this.materialise();
    return Y.encodeStateVector(this.doc);
  }

  /** Whether a document with `stateVector` holds something this one lacks. */
  lacksAnyOf(stateVector: Uint8Array): boolean {
    if (this.unapplied) this.materialise();
    for (const [client, clock] of Y.decodeStateVector(stateVector)) if (clock > Y.getState(this.doc.store, client)) return true;
    return false;
  }

  /** What a document with `stateVector` lacks of this one. */
  differenceFrom(stateVector: Uint8Array): Uint8Array {
    if (this.unapplied) this.materialise();
    return Y.encodeStateAsUpdate(this.doc, stateVector);
  }

  /** Every presence state as one awareness update. */
  presenceState(): Uint8Array {
    return this.allPresence();
  }

  /** The whole current state as one update (what a version stores). */
  currentState(): Uint8Array {
    return this.fullStateUpdate();
  }

  /**
   * Applies a change the server makes (a restore) as a new transaction under a client id of its
   * own, so that its text can be attributed; it is logged and reaches every connection like an
   * edit. Returns the client id used.
   */
  applyServerChange(change: (doc: Y.Doc) => void): { clientId: number; change: TextChange } {
    this.materialise();
    const clientId = (this.doc.clientID = freshClientId(this.doc));
    const applied = observeChange(this.doc, SERVER_ORIGIN, [clientId], () => Y.transact(this.doc, () => change(this.doc), SERVER_ORIGIN));
    return { clientId, change: applied };
  }

  /**
   * After a frame of a subscribed connection: its edits up to the current clock are saved once
   * this instance's updates queued so far are stored (at once if none of this document is queued),
   * and the other instances' updates carrying its content that this one holds as unstored.
   *
   * The confirmation awaited is fixed once taken; later frames only move the one awaited next. A
   * client typing without pause keeps queueing updates: were each frame to push the awaited point
   * to the newest update, no commit would ever reach it and the client would never hear "saved".
   */
  private trackSaved(connection: CollabConnection): void {
    if (connection.savedSubscription === null) return;
    const checkpoint: SavedCheckpoint = {
      clock: Y.getState(this.doc.store, connection.savedSubscription),
      seq: this.host.writer.lastSeq,
      peerMark: this.host.replication.peerMark(),
    };
    if (connection.awaitedSaved) {
      connection.nextSaved = checkpoint;
      return;
    }
    if (this.isSaved(connection.savedSubscription, checkpoint)) return this.sendSaved(connection, checkpoint.clock);
    connection.awaitedSaved = checkpoint;
    this.host.awaitDurable(this);
  }

  /** Whether everything a checkpoint of client `clientId` waits for is stored. */
  private isSaved(clientId: number, checkpoint: SavedCheckpoint): boolean {
    const ownStored = !this.host.writer.hasPending(this.id) || checkpoint.seq <= this.host.writer.storedThrough;
    // Another instance's update of this client (it reconnected here) counts as saved once that instance stored it.
    return ownStored && !this.host.replication.awaitsPeers(this.id, clientId, checkpoint.peerMark);
  }

  /** Called after each commit of the update log and when peers' updates are stored; returns whether confirmations are still awaited. */
  confirmDurable(): boolean {
    let waiting = false;
    for (const connection of this.connections) {
      const clientId = connection.savedSubscription;
      while (connection.awaitedSaved && clientId !== null && this.isSaved(clientId, connection.awaitedSaved)) {
        this.sendSaved(connection, connection.awaitedSaved.clock);
        connection.awaitedSaved = connection.nextSaved;
        connection.nextSaved = null;
      }
      if (connection.awaitedSaved) waiting = true;
    }
    return waiting;
  }

  announceStorageState(state: StorageStateValue): void {
    const message = encodeStorageState(state);
    for (const connection of this.connections) if (connection.savedSubscription !== null) connection.send(message);
  }

  destroy(): void {
    this.stopEvents?.();
    this.stopEvents = null;
    if (this.unloadTimer) clearTimeout(this.unloadTimer);
    if (this.materialiseTimer) clearTimeout(this.materialiseTimer);
    this.doc.off('update', this.onDocumentUpdate);
    this.awareness.off('update', this.onAwarenessUpdate);
    this.awareness.destroy();
    this.doc.destroy();
  }

  private sendSaved(connection: CollabConnection, clock: number): void {
    if (clock <= connection.lastSavedClockSent) return;
    connection.lastSavedClockSent = clock;
    connection.send(encodeSaved(clock));
  }

  private readonly onDocumentUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === LOAD_ORIGIN) return;
    this.fullState = null;
    this.grownBytes += update.byteLength;
    this.broadcast(encodeSyncUpdate(update), origin);
    // Another instance stores its own clients' updates: each update is stored exactly once.
    if (origin === REMOTE_ORIGIN) return;
    this.announced = true;
    const seq = this.host.writer.enqueue(this.id, update);
    this.loggedSinceCompaction++;
    this.host.replication.publishUpdate(this, update, seq);
  };

  private readonly onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    this.presenceSnapshot = null;
    // A client's update is fanned out where it was received (stamped).
    if (origin instanceof CollabConnection) return;
    // Departures and time-outs are the server's own news: tell everyone left. Runs in the
    // Awareness's own timer, so an error stops here.
    guardTask(this.logger, 'presence fan-out', { documentId: this.id }, () => {
      const changed = [...added, ...updated, ...removed];
      if (changed.length === 0) return;
      // Departures of this instance's clients are news for the other instances too; time-outs happen on each.
      const publish = origin === 'leave';
      if (this.connections.size === 0 && !publish) return;
      const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed);
      this.broadcast(encodeAwareness(update), null);
      if (publish) this.host.replication.publishPresence(this, update);
    });
  };

  /** Every presence state as one awareness update, encoded once per change. */
  private allPresence(): Uint8Array {
    this.presenceSnapshot ??= awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...this.awareness.getStates().keys()]);
    return this.presenceSnapshot;
  }

  /** The whole document as one update, encoded once per change; also an exact measure of its size. */
  private fullStateUpdate(): Uint8Array {
    if (this.unapplied) return this.unapplied;
    if (!this.fullState) {
      const started = performance.now();
      this.fullState = Y.encodeStateAsUpdate(this.doc);
      this.measuredBytes = this.fullState.byteLength;
      this.grownBytes = 0;
      this.measuredAt = performance.now();
      this.measureCostMs = this.measuredAt - started;
    }
    return this.fullState;
  }

  /** An upper bound on the size of the encoded document. */
  private sizeEstimate(): number {
    return this.unapplied ? this.unapplied.byteLength : this.measuredBytes + this.grownBytes;
  }

  /**
   * Refuses an update that would take the document past COLLAB_MAX_DOCUMENT_BYTES, counting the
   * whole update as growth. The estimate answers while it leaves room; past that the document is
   * measured, unless it was measured too recently (see SIZE_MEASURE_INTERVAL_MS).
   */
  private assertRoomFor(updateBytes: number): void {
    const limit = this.host.maxDocumentBytes;
    if (this.sizeEstimate() + updateBytes <= limit) return;
    const sinceMeasured = performance.now() - this.measuredAt;
    const exact = this.fullState !== null || this.unapplied !== null || sinceMeasured >= Math.max(SIZE_MEASURE_INTERVAL_MS, SIZE_MEASURE_TIME_SHARE * this.measureCostMs);
    const size = exact ? this.fullStateUpdate().byteLength : this.sizeEstimate();
    if (size + updateBytes > limit) throw CollabException.documentTooLarge(limit);
  }

  /** A read-only connection's update is never decoded nor applied; it is told so, and closed if it keeps on. */
  private refuseReadOnly(connection: CollabConnection, update: Uint8Array): void {
    // An empty sync step 2 (the usual answer to our step 1) needs no reply.
    if (isEmptyUpdate(update)) return;
    connection.refusedUpdates++;
    if (connection.refusedUpdates > READ_ONLY_REFUSALS_BEFORE_CLOSE) throw CollabException.readOnlyViolation(connection.refusedUpdates);
    connection.send(encodePermissionDenied(this.frozenReason ?? connection.readOnlyReason));
  }

  /**
   * Freezes the text for a vote (a reason) or lifts the freeze (null). Every open connection is
   * told at once with y-protocols' permission-denied message, so editors switch to read-only live.
   */
  setFrozen(reason: string | null): void {
    if (reason === this.frozenReason) return;
    this.frozenReason = reason;
    if (reason === null) return;
    const frame = encodeBinaryFrame(encodePermissionDenied(reason));
    for (const connection of this.connections) connection.sendFrame(frame);
  }

  /** Charges work done for a connection to its budget; past it the connection is closed (4429). */
  private charge(connection: CollabConnection, bytes: number): void {
    if (!connection.budget.takeBytes(bytes)) throw CollabException.rateLimited(connection.budget.limits);
  }

  /** Sends one message to every connection but `except`, framed once for all of them. */
  private broadcast(message: Uint8Array, except: unknown): void {
    if (this.connections.size === 0 || (this.connections.size === 1 && this.connections.has(except as CollabConnection))) return;
    const frame = encodeBinaryFrame(message);
    for (const connection of this.connections) if (connection !== except) connection.sendFrame(frame);
  }
}

import { CollabCloseCode, COLLAB_PATH, frozenReasonFor, StorageState, type StorageStateValue } from '@accord/contracts';
import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { IncomingMessage } from 'node:http';
import type WebSocket from 'ws';
import * as Y from 'yjs';
import { clientAddress, compileProxyTrust, type ProxyTrust } from '../../common/client-address';
import type { AppConfig } from '../../config/app-config';
import { CollabAccess } from './collab-access';
import { CollabConnection } from './collab-connection';
import { closeReason, CollabException } from './collab.exception';
import { languageFor } from '../../common/i18n/translator';
import { foldUpdates } from './compaction';
import { failConnection, guardConnection, guardTask, settleInBackground } from './connection-guard';
import type { CollabStatsDto } from './dto/collab-stats.dto';
import { FoldRunner } from './fold-runner';
import { LiveDocument, type LiveDocumentHost, type UpdateGuard } from './live-document';
import type { TextChange } from './text-change';
import { UpdateLogRepository } from './update-log.repository';
import { UpdateLogWriter } from './update-log-writer';
import type { TrafficLimits } from './traffic-budget';
import { DOCUMENT_EVENT_BUS, type DocumentEventBus } from '../events/document-event-bus';
import { relayDocumentEvents } from './document-event-relay';
import { DOCUMENT_REPLICATION, type DocumentReplication, type ReplicationHost } from './document-replication';
import type { LoggedUpdate } from './update-log.repository';
import { encodePermissionDenied } from './protocol/server-messages';
import { DocumentFrozenException } from './collab.exception';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const KEEPALIVE_INTERVAL_MS = 30_000;
const SHUTDOWN_FLUSH_TIMEOUT_MS = 10_000;
/** A y-websocket client sends two or three frames before it hears back; far more is abuse. */
const MAX_EARLY_FRAMES = 64;
/** ws's errors for frames it refuses, and the close code it sends for each (RFC 6455). */
const PROTOCOL_ERROR = 1002;
const WS_ERROR_CLOSE_CODES: Record<string, number> = {
  WS_ERR_UNSUPPORTED_MESSAGE_LENGTH: CollabCloseCode.messageTooBig,
  WS_ERR_INVALID_UTF8: 1007,
};

/**
 * What another module (version history) learns from the collaboration server: which member's
 * connection brought content under which Yjs client ids, and when a document's last connection left.
 */
export interface DocumentActivityObserver {
  /** `change` holds the clock ranges the member's connection inserted and deleted. */
  edited(documentId: string, memberId: string, change: TextChange): void;
  /** May return work it started (a version of the session): a shutdown waits for it before the database closes. */
  becameIdle(documentId: string): void | Promise<unknown>;
}

/** Gives the guard of a document's updates when it is loaded, or null for none (see UpdateGuard). */
export type UpdateGuardSource = (documentId: string) => Promise<UpdateGuard | null>;

/**
 * Where the collaboration server learns whether a text is frozen for a vote: the deadline of the
 * open ballot on it, or null. Registered by the ballots module (which owns ballots) at its start.
 */
export type FreezeSource = (documentId: string) => Promise<Date | null>;

/** A connection's state until it is admitted: frames held until then, and the document once open. */
interface Admission {
  document: LiveDocument | null;
  early: Uint8Array[];
  earlyBytes: number;
}

/**
 * The collaboration server: accepts connections, loads documents on first use and unloads them
 * after the last connection leaves, and owns the update log writer.
 */
@Injectable()
export class CollabService implements LiveDocumentHost, ReplicationHost, BeforeApplicationShutdown {
  private readonly logger = new Logger(CollabService.name);
  private readonly documents = new Map<string, LiveDocument>();
  private readonly loading = new Map<string, Promise<LiveDocument | null>>();
  private readonly unloading = new Map<string, Promise<void>>();
  private readonly awaitingDurable = new Set<LiveDocument>();
  private readonly connections = new Set<CollabConnection>();
  private readonly keepAlive: NodeJS.Timeout;
  private readonly unloadGraceMs: number;
  private readonly compactAfter: number;
  private readonly maxEarlyBytes: number;
  private readonly trafficLimits: TrafficLimits;
  readonly maxDocumentBytes: number;
  private shuttingDown = false;
  private compactionFailures = 0;
  private lastCompactionError: string | null = null;
  private framesHandled = 0;
  private longestFrameMs = 0;
  private readonly folds = new FoldRunner();
  private readonly observers: DocumentActivityObserver[] = [];
  /** What idle observers started (versions of ended sessions), awaited at shutdown. */
  private readonly idleWork = new Set<Promise<unknown>>();
  private readonly guardSources: UpdateGuardSource[] = [];
  private freezeSource: FreezeSource | null = null;
  readonly writer: UpdateLogWriter;

  /** TRUST_PROXY, as Express applies it to REST requests: one client address for both. */
  private readonly proxyTrust: ProxyTrust;

  constructor(
    private readonly updateLog: UpdateLogRepository,
    config: ConfigService<AppConfig, true>,
    private readonly access: CollabAccess,
    @Inject(DOCUMENT_EVENT_BUS) private readonly documentEvents: DocumentEventBus,
    @Inject(DOCUMENT_REPLICATION) readonly replication: DocumentReplication,
  ) {
    access.watch(this.connections);
    this.proxyTrust = compileProxyTrust(config.get('TRUST_PROXY', { infer: true }));
    this.unloadGraceMs = config.get('COLLAB_UNLOAD_GRACE_MS', { infer: true });
    this.compactAfter = config.get('COMPACT_AFTER_UPDATES', { infer: true });
    this.maxEarlyBytes = config.get('COLLAB_MAX_MESSAGE_BYTES', { infer: true });
    this.maxDocumentBytes = config.get('COLLAB_MAX_DOCUMENT_BYTES', { infer: true });
    this.trafficLimits = trafficLimitsOf(config);
    this.writer = new UpdateLogWriter(
      updateLog,
      {
        durable: (documentIds) => {
          this.replication.stored();
          this.onDurable(documentIds);
        },
        storageStateChanged: (state) => this.onStorageStateChanged(state),
      },
      {
        maxQueuedBytes: config.get('PERSIST_QUEUE_MAX_BYTES', { infer: true }),
        minCommitIntervalMs: config.get('PERSIST_COMMIT_INTERVAL_MS', { infer: true }),
      },
    );
    this.keepAlive = setInterval(() => this.pingConnections(), KEEPALIVE_INTERVAL_MS).unref();
    replication.attach(this);
  }

  liveDocument(documentId: string): LiveDocument | undefined {
    return this.documents.get(documentId);
  }

  peerUpdatesStored(documentIds: ReadonlySet<string>): void {
    for (const documentId of documentIds) {
      const document = this.documents.get(documentId);
      if (document && this.awaitingDurable.has(document) && !document.confirmDurable()) this.awaitingDurable.delete(document);
    }
  }

  storeForPeer(writerId: string, updates: readonly LoggedUpdate[]): Promise<void> {
    return this.updateLog.append(writerId, updates);
  }

  stats(): CollabStatsDto {
    return {
      // A document being unloaded (its final compaction running) still counts until it is gone.
      liveDocuments: this.documents.size + this.unloading.size,
      connections: this.connections.size,
      queuedBytes: this.writer.queuedByteCount,
      storage: this.writer.storageState === StorageState.healthy ? 'healthy' : 'unavailable',
      compactionFailures: this.compactionFailures,
      lastCompactionError: this.lastCompactionError,
      framesHandled: this.framesHandled,
      longestFrameMs: Math.round(this.longestFrameMs * 100) / 100,
      cluster: this.replication.stats(),
    };
  }

  frameHandled(durationMs: number): void {
    this.framesHandled++;
    if (durationMs > this.longestFrameMs) this.longestFrameMs = durationMs;
  }

    /**
   * Takes a freshly upgraded socket on `/collab/<documentId>`. Never throws: every listener runs
   * guarded, and admission runs in the background, so an unexpected error closes this connection
   * alone (1011) and is logged.
   */
  accept(socket: WebSocket, request: IncomingMessage): void {
    const documentId = documentIdFromUrl(request.url);
    const connection = new CollabConnection(socket, documentId ?? '', clientAddress(request, this.proxyTrust), this.trafficLimits);
    connection.language = languageFor(null, request.headers['accept-language']);
    const admission: Admission = { document: null, early: [], earlyBytes: 0 };
    socket.binaryType = 'nodebuffer';
    socket.on('message', (data: Buffer) => guardConnection(this.logger, connection, 'message', () => this.receive(connection, admission, data)));
    socket.on('pong', () =>
      guardConnection(this.logger, connection, 'pong', () => {
        connection.alive = true;
      }),
    );
    socket.on('error', (error: Error & { code?: string }) => guardConnection(this.logger, connection, 'error', () => this.onSocketError(connection, error)));
    socket.on('close', () =>
      guardTask(this.logger, 'connection close', { documentId, connectionId: connection.id }, () => {
        this.connections.delete(connection);
        admission.document?.leave(connection);
      }),
    );
    this.connections.add(connection);
    settleInBackground(this.logger, 'admission', { documentId, connectionId: connection.id }, () =>
      this.admit(connection, admission, request, documentId).catch((error: unknown) => failConnection(this.logger, connection, 'admission', error)),
    );
  }

  private receive(connection: CollabConnection, admission: Admission, data: Buffer): void {
    if (!connection.isOpen) return;
    const frame = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    if (!connection.budget.takeMessage(frame.byteLength)) return this.refuse(connection, CollabException.rateLimited(this.trafficLimits));
    if (admission.document) return admission.document.receive(connection, frame);
    // Held until admission, which waits on the database: bounded, or a client could fill memory meanwhile.
    admission.earlyBytes += frame.byteLength;
    if (admission.early.length >= MAX_EARLY_FRAMES || admission.earlyBytes > this.maxEarlyBytes) {
      admission.early.length = 0;
      return this.refuse(connection, CollabException.tooManyEarlyFrames());
    }
    admission.early.push(frame);
  }

  private async admit(connection: CollabConnection, admission: Admission, request: IncomingMessage, documentId: string | null): Promise<void> {
    if (this.shuttingDown) return connection.close(CollabCloseCode.serverShuttingDown, closeReason(connection.language, 'server.closeReason.serverRestarting'));
    if (!documentId) return refuse(connection, CollabException.documentNotFound());
    // Authenticate and authorise before any document data is sent.
    const grant = await this.access.admit(request, documentId);
    if (grant instanceof CollabException) return refuse(connection, grant);
    Object.assign(connection, grant);
    let opened: LiveDocument | null;
    try {
      opened = await this.open(documentId);
    } catch (error) {
      this.logger.error({ documentId, err: error }, 'Could not load a document');
      return refuse(connection, CollabException.storageUnavailable());
    }
    if (!opened) return refuse(connection, CollabException.documentNotFound());
    if (!connection.isOpen) {
      if (opened.connections.size === 0) this.becameIdle(opened);
      return;
    }
    admission.document = opened;
    opened.join(connection);
    this.access.announce(connection);
    if (opened.frozenReason !== null) connection.send(encodePermissionDenied(opened.frozenReason));
    relayDocumentEvents(this.documentEvents, connection, request.url);
    for (const frame of admission.early.splice(0)) opened.receive(connection, frame);
  }

  /** ws closes the socket itself on a frame it cannot take (too big, bad opcode, bad UTF-8); this logs why. */
  private onSocketError(connection: CollabConnection, error: Error & { code?: string }): void {
    const closeCode = error.code ? WS_ERROR_CLOSE_CODES[error.code] ?? (error.code.startsWith('WS_ERR_') ? PROTOCOL_ERROR : undefined) : undefined;
    const context = { documentId: connection.documentId, connectionId: connection.id, memberId: connection.memberId, remoteAddress: connection.remoteAddress, code: error.code, reason: error.message };
    if (closeCode) this.logger.warn({ ...context, closeCode }, 'Closing a collaboration connection after bad input');
    else this.logger.warn(context, 'Collaboration socket error');
  }

  /** Refuses a connection for what it sent, with its close code, and logs it once. */
  private refuse(connection: CollabConnection, reason: CollabException): void {
    this.logger.warn(
      { documentId: connection.documentId, connectionId: connection.id, memberId: connection.memberId, remoteAddress: connection.remoteAddress, closeCode: reason.closeCode, reason: reason.reason },
      'Closing a collaboration connection after bad input',
    );
    refuse(connection, reason);
  }

  awaitDurable(document: LiveDocument): void {
    this.awaitingDurable.add(document);
  }

  becameIdle(document: LiveDocument): void {
    this.unloadLater(document);
    for (const observer of this.observers) {
      guardTask(this.logger, 'idle observer', { documentId: document.id }, () => {
        const work = observer.becameIdle(document.id);
        if (!work) return;
        const tracked: Promise<unknown> = work.catch(() => undefined).finally(() => this.idleWork.delete(tracked));
        this.idleWork.add(tracked);
      });
    }
  }

  private unloadLater(document: LiveDocument): void {
    if (document.unloadTimer) clearTimeout(document.unloadTimer);
    document.unloadTimer = setTimeout(() => settleInBackground(this.logger, 'unload', { documentId: document.id }, () => this.unload(document)), this.unloadGraceMs);
  }

  edited(document: LiveDocument, connection: CollabConnection, change: TextChange): void {
    // Only admitted, writable connections reach here; the member is the one the server authenticated.
    const memberId = connection.memberId;
    if (!memberId || (change.inserted.length === 0 && change.deleted.length === 0)) return;
    for (const observer of this.observers) guardTask(this.logger, 'edit observer', { documentId: document.id }, () => observer.edited(document.id, memberId, change));
  }

  /** Registers a module whose rules updates of some documents must pass (called once at its start). */
  guardUpdates(source: UpdateGuardSource): void {
    this.guardSources.push(source);
  }

  /** Registers where freezes come from (the ballots module, once at its start). */
  setFreezeSource(source: FreezeSource): void {
    this.freezeSource = source;
  }

  /** Whether the text is frozen for a vote on this instance now (a live document only). */
  frozenReason(documentId: string): string | null {
    return this.documents.get(documentId)?.frozenReason ?? null;
  }

  /** Registers a module that follows edits and idle documents (called once at its start). */
  observe(observer: DocumentActivityObserver): void {
    this.observers.push(observer);
  }

  /**
   * A document's whole current state as one update: the live one's when it is open (edits not yet
   * stored included), else the stored state with the log after it. Null for an unknown document.
   */
  async currentState(documentId: string): Promise<Uint8Array | null> {
    const live = this.documents.get(documentId);
    if (live) return live.currentState();
    const stored = await this.updateLog.load(documentId);
    if (!stored) return null;
    return stored.updates.length === 0 && stored.state ? stored.state : Y.mergeUpdates(stored.state ? [stored.state, ...stored.updates] : stored.updates);
  }

  /**
   * Applies a change the server makes to a document (a restore) to its live state, opening it if
   * needed: the change is logged and reaches every open editor like an edit. Returns the Yjs
   * client id the change was made under, or null for an unknown document.
   */
  async applyServerChange(documentId: string, change: (doc: Y.Doc) => void): Promise<{ clientId: number; change: TextChange } | null> {
    const document = await this.open(documentId);
    if (!document) return null;
    // The server refuses its own changes to a frozen text too (a restore during a vote).
    if (document.frozenReason !== null) {
      if (document.connections.size === 0) this.unloadLater(document);
      throw new DocumentFrozenException(document.frozenReason);
    }
    try {
      return document.applyServerChange(change);
    } finally {
      // Opened only for this change: unload it again after the grace period.
      if (document.connections.size === 0) this.unloadLater(document);
    }
  }

  /** A compaction nobody waits for: whatever it throws is logged, never left to the process. */
  private compactInBackground(document: LiveDocument): void {
    settleInBackground(this.logger, 'compaction', { documentId: document.id }, () => this.compact(document));
  }

  /** Folds a document's update log into its stored state; one compaction per document at a time. */
  compact(document: LiveDocument): Promise<void> {
    if (document.compaction) return document.compaction;
    // The fold reads only what is committed: updates still queued stay in the log and count towards the next compaction
    // (counted as folded, they were left in the log after the last one and replayed at every opening).
    document.loggedSinceCompaction = this.writer.pendingCount(document.id);
    document.compaction = this.updateLog
      .compact(document.id, (stored) => this.folds.fold(stored))
      .then((folded) => {
        if (folded > 0) this.logger.debug({ documentId: document.id, folded }, 'Compacted the update log');
      })
      .catch((error: unknown) => {
        // Visible, because a document that never compacts replays its whole log at every load.
        const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        this.compactionFailures++;
        this.lastCompactionError = `${document.id}: ${reason}`.slice(0, 500);
        this.logger.error({ documentId: document.id, reason, err: error }, 'Compaction failed; the update log is kept');
      })
      .finally(() => {
        document.compaction = null;
      });
    return document.compaction;
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.shuttingDown = true;
    clearInterval(this.keepAlive);
    for (const connection of this.connections) {
      connection.close(CollabCloseCode.serverShuttingDown, closeReason(connection.language, 'server.closeReason.serverRestarting'));
      // Gone for the server now, not when the close handshake ends: the sessions end here (see idleWork).
      this.documents.get(connection.documentId)?.leave(connection);
    }
    const stored = await this.writer.flush(SHUTDOWN_FLUSH_TIMEOUT_MS);
    if (!stored) {
      this.logger.error({ queuedBytes: this.writer.queuedByteCount }, 'Shutting down with edits not stored: the database stayed unreachable');
    }
    this.writer.stop();
    await this.replication.shutdown(stored);
    await Promise.all([...this.unloading.values()]);
    // The sessions the closing connections ended are kept as versions before the database closes.
    await waitAtMost(Promise.allSettled([...this.idleWork]), SHUTDOWN_FLUSH_TIMEOUT_MS);
    const open = [...this.documents.values()];
    this.documents.clear();
    await Promise.all(open.map((document) => (stored ? this.compact(document) : Promise.resolve())));
    for (const document of open) document.destroy();
    await this.folds.destroy();
  }

  private async open(documentId: string): Promise<LiveDocument | null> {
    const unloading = this.unloading.get(documentId);
    if (unloading) await unloading;
    const live = this.documents.get(documentId);
    if (live) {
      if (live.unloadTimer) clearTimeout(live.unloadTimer);
      live.unloadTimer = null;
      return live;
    }
    let loading = this.loading.get(documentId);
    if (!loading) {
      loading = this.load(documentId).finally(() => this.loading.delete(documentId));
      this.loading.set(documentId, loading);
    }
    return loading;
  }

  /**
   * Listens for other instances' changes before reading storage, applies what arrived meanwhile
   * after it, then catches up once with the instances that hold the document: never a stale copy.
   */
  private async load(documentId: string): Promise<LiveDocument | null> {
    await this.replication.opening(documentId);
    // Follow ballots first, then ask for the freeze: an opening in between is not missed.
    let document: LiveDocument | null = null;
    let announced: { frozenUntil: string | null } | null = null;
    const stopEvents = this.documentEvents.subscribe(documentId, (event) => {
      if (event.kind !== 'ballot') return;
      if (document) document.setFrozen(event.frozenUntil ? frozenReasonFor(event.frozenUntil) : null);
      else announced = { frozenUntil: event.frozenUntil };
    });
    try {
      // Three reads at once: an opening waits for one round trip, not three in a row.
      const [stored, frozenUntil, guardsOrNull] = await Promise.all([
        this.updateLog.load(documentId),
        this.freezeSource ? this.freezeSource(documentId) : Promise.resolve(null),
        Promise.all(this.guardSources.map((source) => source(documentId))),
      ]);
      if (!stored) {
        this.replication.closed(documentId);
        stopEvents();
        return null;
      }
      const guards = guardsOrNull.filter((guard): guard is UpdateGuard => guard !== null);
      document = new LiveDocument(documentId, this);
      const opened = document;
      if (guards.length > 0) opened.guard = (doc, update) => guards.reduce<CollabException | null>((refusal, guard) => refusal ?? guard(doc, update), null);
      document.stopEvents = stopEvents;
      const until = announced ? (announced as { frozenUntil: string | null }).frozenUntil : frozenUntil ? frozenUntil.toISOString() : null;
      document.setFrozen(until ? frozenReasonFor(until) : null);
      document.restore(stored);
      await this.replication.opened(document);
    } catch (error) {
      this.replication.closed(documentId);
      stopEvents();
      document?.destroy();
      throw error;
    }
    this.documents.set(documentId, document);
    if (document.loggedSinceCompaction >= this.compactAfter) this.compactInBackground(document);
    return document;
  }

  private async unload(document: LiveDocument): Promise<void> {
    document.unloadTimer = null;
    if (document.connections.size > 0 || this.documents.get(document.id) !== document) return;
    if (this.writer.hasPending(document.id)) {
      // Its edits are not stored yet (the database may be down): keep it until they are.
      this.unloadLater(document);
      return;
    }
    this.documents.delete(document.id);
    this.replication.closed(document.id);
    this.awaitingDurable.delete(document);
    const unloading = (async () => {
      try {
        if (document.compaction) await document.compaction;
        if (document.loggedSinceCompaction > 0) await this.compact(document);
      } finally {
        document.destroy();
      }
    })();
    // Registered before it can settle, removed once it has: the map holds only unloads under way.
    this.unloading.set(document.id, unloading);
    try {
      await unloading;
    } finally {
      if (this.unloading.get(document.id) === unloading) this.unloading.delete(document.id);
    }
  }

  /** Runs inside the writer's commit loop: one document's failure must not stop the others' confirmations. */
  private onDurable(documentIds: ReadonlySet<string>): void {
    for (const document of this.awaitingDurable) {
      guardTask(this.logger, 'saved confirmations', { documentId: document.id }, () => {
        if (!document.confirmDurable()) this.awaitingDurable.delete(document);
      });
    }
    for (const documentId of documentIds) {
      const document = this.documents.get(documentId);
      if (document && document.loggedSinceCompaction >= this.compactAfter) this.compactInBackground(document);
    }
  }

  private onStorageStateChanged(state: StorageStateValue): void {
    for (const document of this.documents.values()) {
      guardTask(this.logger, 'storage state notice', { documentId: document.id }, () => document.announceStorageState(state));
    }
  }

  private pingConnections(): void {
    for (const connection of this.connections) {
      guardConnection(this.logger, connection, 'keep-alive', () => {
        if (!connection.alive) {
          connection.socket.terminate();
          return;
        }
        connection.alive = false;
        connection.socket.ping();
      });
    }
  }
}

/**
 * The per-connection budget. The byte burst is what a stock client's initial sync can take: its own
 * state in one frame of the largest size, our answer of a document at its limit, and a second of traffic.
 */
function trafficLimitsOf(config: ConfigService<AppConfig, true>): TrafficLimits {
  const bytesPerSecond = config.get('COLLAB_BUDGET_BYTES_PER_SECOND', { infer: true });
  return {
    messagesPerSecond: config.get('COLLAB_BUDGET_MESSAGES_PER_SECOND', { infer: true }),
    messageBurst: config.get('COLLAB_BUDGET_MESSAGE_BURST', { infer: true }),
    bytesPerSecond,
    byteBurst: config.get('COLLAB_MAX_MESSAGE_BYTES', { infer: true }) + config.get('COLLAB_MAX_DOCUMENT_BYTES', { infer: true }) + bytesPerSecond,
  };
}

function refuse(connection: CollabConnection, reason: CollabException): void {
  connection.close(reason.closeCode, reason.reasonIn(connection.language));
}

/** `/collab/<uuid>` (with an optional query) to the document id, or null for anything else, malformed included. */
export function documentIdFromUrl(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const pathname = new URL(url, 'ws://localhost').pathname;
    if (!pathname.startsWith(`${COLLAB_PATH}/`)) return null;
    const id = decodeURIComponent(pathname.slice(COLLAB_PATH.length + 1));
    return UUID.test(id) ? id.toLowerCase() : null;
  } catch {
    // Not a URL, or bad percent-encoding (URIError): no document by that name.
    return null;
  }
}

/** Resolves when `work` settles or after `ms`, whichever comes first. */
function waitAtMost(work: Promise<unknown>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    void work.finally(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

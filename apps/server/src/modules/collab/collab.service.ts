import { CollabCloseCode, COLLAB_PATH, StorageState, type StorageStateValue } from '@accord/contracts';
import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { IncomingMessage } from 'node:http';
import type WebSocket from 'ws';
import type { AppConfig } from '../../config/app-config';
import { CollabAccess } from './collab-access';
import { CollabConnection } from './collab-connection';
import { CollabException } from './collab.exception';
import type { CollabStatsDto } from './dto/collab-stats.dto';
import { FoldRunner } from './fold-runner';
import { LiveDocument, type LiveDocumentHost } from './live-document';
import { UpdateLogRepository } from './update-log.repository';
import { UpdateLogWriter } from './update-log-writer';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const KEEPALIVE_INTERVAL_MS = 30_000;
const SHUTDOWN_FLUSH_TIMEOUT_MS = 10_000;
/** A y-websocket client sends two or three frames before it hears back; far more is abuse. */
const MAX_EARLY_FRAMES = 64;

/**
 * The collaboration server: accepts connections, loads documents on first use and unloads them
 * after the last connection leaves, and owns the update log writer.
 */
@Injectable()
export class CollabService implements LiveDocumentHost, BeforeApplicationShutdown {
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
  private shuttingDown = false;
  private compactionFailures = 0;
  private lastCompactionError: string | null = null;
  private framesHandled = 0;
  private longestFrameMs = 0;
  private readonly folds = new FoldRunner();
  readonly writer: UpdateLogWriter;

  constructor(
    private readonly updateLog: UpdateLogRepository,
    config: ConfigService<AppConfig, true>,
    private readonly access: CollabAccess,
  ) {
    access.watch(this.connections);
    this.unloadGraceMs = config.get('COLLAB_UNLOAD_GRACE_MS', { infer: true });
    this.compactAfter = config.get('COMPACT_AFTER_UPDATES', { infer: true });
    this.maxEarlyBytes = config.get('COLLAB_MAX_MESSAGE_BYTES', { infer: true });
    this.writer = new UpdateLogWriter(
      updateLog,
      {
        durable: (documentIds, durableSeq) => this.onDurable(documentIds, durableSeq),
        storageStateChanged: (state) => this.onStorageStateChanged(state),
      },
      {
        maxQueuedBytes: config.get('PERSIST_QUEUE_MAX_BYTES', { infer: true }),
        minCommitIntervalMs: config.get('PERSIST_COMMIT_INTERVAL_MS', { infer: true }),
      },
    );
    this.keepAlive = setInterval(() => this.pingConnections(), KEEPALIVE_INTERVAL_MS).unref();
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
    };
  }

  frameHandled(durationMs: number): void {
    this.framesHandled++;
    if (durationMs > this.longestFrameMs) this.longestFrameMs = durationMs;
  }

  /** Takes a freshly upgraded socket on `/collab/<documentId>`. */
  async accept(socket: WebSocket, request: IncomingMessage): Promise<void> {
    const documentId = documentIdFromUrl(request.url);
    const connection = new CollabConnection(socket, documentId ?? '', request.socket.remoteAddress);
    let document: LiveDocument | null = null;
    const early: Uint8Array[] = [];
    let earlyBytes = 0;
    socket.binaryType = 'nodebuffer';
    socket.on('message', (data: Buffer) => {
      const frame = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      if (document) return document.receive(connection, frame);
      if (!connection.isOpen) return;
      // Held until admission, which waits on the database: bounded, or a client could fill memory meanwhile.
      earlyBytes += frame.byteLength;
      if (early.length >= MAX_EARLY_FRAMES || earlyBytes > this.maxEarlyBytes) {
        early.length = 0;
        return refuse(connection, CollabException.tooManyEarlyFrames());
      }
      early.push(frame);
    });
    socket.on('pong', () => {
      connection.alive = true;
    });
    socket.on('error', (error: Error & { code?: string }) => {
      this.logger.warn({ documentId, connectionId: connection.id, remoteAddress: connection.remoteAddress, code: error.code, reason: error.message }, 'Collaboration socket error');
    });
    socket.on('close', () => {
      this.connections.delete(connection);
      document?.leave(connection);
    });
    this.connections.add(connection);

    if (this.shuttingDown) return connection.close(CollabCloseCode.serverShuttingDown, 'Server restarting, reconnect shortly');
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
    document = opened;
    opened.join(connection);
    this.access.announce(connection);
    for (const frame of early.splice(0)) opened.receive(connection, frame);
  }

  awaitDurable(document: LiveDocument): void {
    this.awaitingDurable.add(document);
  }

  becameIdle(document: LiveDocument): void {
    if (document.unloadTimer) clearTimeout(document.unloadTimer);
    document.unloadTimer = setTimeout(() => void this.unload(document), this.unloadGraceMs);
  }

  /** Folds a document's update log into its stored state; one compaction per document at a time. */
  compact(document: LiveDocument): Promise<void> {
    if (document.compaction) return document.compaction;
    document.loggedSinceCompaction = 0;
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
    for (const connection of this.connections) connection.close(CollabCloseCode.serverShuttingDown, 'Server restarting, reconnect shortly');
    const stored = await this.writer.flush(SHUTDOWN_FLUSH_TIMEOUT_MS);
    if (!stored) {
      this.logger.error({ queuedBytes: this.writer.queuedByteCount }, 'Shutting down with edits not stored: the database stayed unreachable');
    }
    this.writer.stop();
    await Promise.all([...this.unloading.values()]);
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

  private async load(documentId: string): Promise<LiveDocument | null> {
    const stored = await this.updateLog.load(documentId);
    if (!stored) return null;
    const document = new LiveDocument(documentId, this);
    document.restore(stored);
    this.documents.set(documentId, document);
    if (document.loggedSinceCompaction >= this.compactAfter) void this.compact(document);
    return document;
  }

  private async unload(document: LiveDocument): Promise<void> {
    document.unloadTimer = null;
    if (document.connections.size > 0 || this.documents.get(document.id) !== document) return;
    if (this.writer.hasPending(document.id)) {
      // Its edits are not stored yet (the database may be down): keep it until they are.
      this.becameIdle(document);
      return;
    }
    this.documents.delete(document.id);
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

  private onDurable(documentIds: ReadonlySet<string>, durableSeq: number): void {
    for (const document of this.awaitingDurable) {
      if (!document.confirmDurable(durableSeq)) this.awaitingDurable.delete(document);
    }
    for (const documentId of documentIds) {
      const document = this.documents.get(documentId);
      if (document && document.loggedSinceCompaction >= this.compactAfter) void this.compact(document);
    }
  }

  private onStorageStateChanged(state: StorageStateValue): void {
    for (const document of this.documents.values()) document.announceStorageState(state);
  }

  private pingConnections(): void {
    for (const connection of this.connections) {
      if (!connection.alive) {
        connection.socket.terminate();
        continue;
      }
      connection.alive = false;
      connection.socket.ping();
    }
  }
}

function refuse(connection: CollabConnection, reason: CollabException): void {
  connection.close(reason.closeCode, reason.reason);
}

/** `/collab/<uuid>` (with an optional query) to the document id, or null. */
export function documentIdFromUrl(url: string | undefined): string | null {
  if (!url) return null;
  const pathname = new URL(url, 'ws://localhost').pathname;
  if (!pathname.startsWith(`${COLLAB_PATH}/`)) return null;
  const id = decodeURIComponent(pathname.slice(COLLAB_PATH.length + 1));
  return UUID.test(id) ? id.toLowerCase() : null;
}

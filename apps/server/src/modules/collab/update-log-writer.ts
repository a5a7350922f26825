import { StorageState, type StorageStateValue } from '@accord/contracts';
import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { LoggedUpdate } from './update-log.repository';

/**
 * Most bytes of edits written by one statement. After an outage the queue can hold
 * PERSIST_QUEUE_MAX_BYTES (64 MiB); in one statement that would outlast the query timeout.
 */
export const MAX_BATCH_BYTES = 4 * 1024 * 1024;

/** What the writer needs from storage; the repository in production, a double nowhere. */
export interface UpdateLogStore {
  /** Idempotent per (`writerId`, update `seq`): a retry of a batch that did commit adds nothing. */
  append(writerId: string, updates: readonly LoggedUpdate[]): Promise<void>;
}

export interface UpdateLogWriterEvents {
  /** Every update enqueued with a sequence number up to `durableSeq` is committed. */
  durable(documentIds: ReadonlySet<string>, durableSeq: number): void;
  storageStateChanged(state: StorageStateValue): void;
}

export interface UpdateLogWriterOptions {
  maxQueuedBytes: number;
  maxBatchSize?: number;
  /** Most bytes per statement (default MAX_BATCH_BYTES); a single larger update still goes alone. */
  maxBatchBytes?: number;
  /**
   * Least time between the starts of two commits. Under load this gathers more updates per
   * transaction (fewer commits, round trips and confirmations); after a quiet spell the first
   * update still commits at once.
   */
  minCommitIntervalMs?: number;
  retryInitialMs?: number;
  retryMaxMs?: number;
}

/**
 * The group commit: updates from every document queue here in the order they were applied,
 * and one writer loop stores whatever has gathered in a single transaction while the previous
 * one was in flight. If the database is unreachable the queue is kept (up to a byte limit)
 * and retried with backoff, so editing goes on through an outage.
 */
export class UpdateLogWriter {
  private readonly logger = new Logger(UpdateLogWriter.name);
  private readonly queue: LoggedUpdate[] = [];
  /** Unique per process start: with each update's sequence number, the key of its row. */
  readonly writerId = randomUUID();
  private readonly pendingByDocument = new Map<string, number>();
  private queuedBytes = 0;
  private nextSeq = 1;
  private draining: Promise<void> | null = null;
  private state: StorageStateValue = StorageState.healthy;
  private stopped = false;
  private wakeRetry: (() => void) | null = null;
  private lastCommitStartedAt = 0;
  private committedSeq = 0;

  constructor(
    private readonly store: UpdateLogStore,
    private readonly events: UpdateLogWriterEvents,
    private readonly options: UpdateLogWriterOptions,
  ) {}

  get storageState(): StorageStateValue {
    return this.state;
  }

  get queuedByteCount(): number {
    return this.queuedBytes;
  }

  /** The sequence number of the last update enqueued (0 before any). */
  get lastSeq(): number {
    return this.nextSeq - 1;
  }

  /** Every update enqueued with a sequence number up to this one is stored. */
  get storedThrough(): number {
    return this.queue.length === 0 ? this.lastSeq : this.committedSeq;
  }

  /** The updates of a document still waiting to be stored, oldest first. */
  pendingOf(documentId: string): LoggedUpdate[] {
    if (!this.pendingByDocument.has(documentId)) return [];
    return this.queue.filter((update) => update.documentId === documentId);
  }

  hasRoomFor(byteLength: number): boolean {
    return this.queuedBytes + byteLength <= this.options.maxQueuedBytes;
  }

  hasPending(documentId: string): boolean {
    return this.pendingByDocument.has(documentId);
  }

  /** How many updates of a document are queued or being committed. */
  pendingCount(documentId: string): number {
    return this.pendingByDocument.get(documentId) ?? 0;
  }

  /** Queues an update that is already applied in memory; returns its sequence number. */
  enqueue(documentId: string, data: Uint8Array): number {
    const seq = this.nextSeq++;
    this.queue.push({ documentId, data, seq });
    this.queuedBytes += data.byteLength;
    this.pendingByDocument.set(documentId, (this.pendingByDocument.get(documentId) ?? 0) + 1);
    if (!this.draining) {
      // Let the updates of this event-loop turn gather before the first transaction starts.
      this.draining = new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.drain());
    }
    return seq;
  }

  /** Resolves when everything queued so far is stored, or after `timeoutMs` (returns false then). */
  async flush(timeoutMs: number): Promise<boolean> {
    // Retry at once rather than after the current backoff: someone is waiting.
    this.wakeRetry?.();
    const deadline = Date.now() + timeoutMs;
    while (this.draining && Date.now() < deadline) {
      await Promise.race([this.draining, sleep(Math.min(100, Math.max(0, deadline - Date.now())))]);
    }
    return this.queue.length === 0;
  }

  /** Stops retrying; what is still queued then is reported as lost by the caller. */
  stop(): void {
    this.stopped = true;
    this.wakeRetry?.();
  }

  private async drain(): Promise<void> {
    let retryDelay = this.options.retryInitialMs ?? 200;
    const maxBatch = this.options.maxBatchSize ?? 2000;
    try {
      while (this.queue.length > 0 && !this.stopped) {
        const wait = this.lastCommitStartedAt + (this.options.minCommitIntervalMs ?? 0) - Date.now();
        if (wait > 0 && this.state === StorageState.healthy) await sleep(wait);
        this.lastCommitStartedAt = Date.now();
        const batch = this.nextBatch(maxBatch, this.options.maxBatchBytes ?? MAX_BATCH_BYTES);
        try {
          await this.store.append(this.writerId, batch);
        } catch (error) {
          this.setState(StorageState.unavailable, error);
          await this.waitForRetry(retryDelay);
          retryDelay = Math.min(retryDelay * 2, this.options.retryMaxMs ?? 5000);
          continue;
        }
        retryDelay = this.options.retryInitialMs ?? 200;
        this.queue.splice(0, batch.length);
        const documentIds = new Set<string>();
        for (const update of batch) {
          this.queuedBytes -= update.data.byteLength;
          documentIds.add(update.documentId);
          const left = (this.pendingByDocument.get(update.documentId) ?? 1) - 1;
          if (left === 0) this.pendingByDocument.delete(update.documentId);
          else this.pendingByDocument.set(update.documentId, left);
        }
        this.committedSeq = batch[batch.length - 1].seq;
        this.setState(StorageState.healthy);
        this.events.durable(documentIds, this.committedSeq);
      }
    } finally {
      this.draining = null;
    }
  }

  /** The oldest queued updates, at most `maxCount` of them and `maxBytes` in all (at least one). */
  private nextBatch(maxCount: number, maxBytes: number): LoggedUpdate[] {
    let bytes = 0;
    let count = 0;
    while (count < this.queue.length && count < maxCount) {
      bytes += this.queue[count].data.byteLength;
      if (count > 0 && bytes > maxBytes) break;
      count++;
    }
    return this.queue.slice(0, count);
  }

  private setState(state: StorageStateValue, error?: unknown): void {
    if (state === this.state) return;
    this.state = state;
    if (state === StorageState.unavailable) {
      this.logger.error(
        { err: error, queuedUpdates: this.queue.length, queuedBytes: this.queuedBytes },
        'Database unreachable: holding edits in memory until it is back',
      );
    } else {
      this.logger.log({ queuedUpdates: this.queue.length }, 'Database reachable again: queued edits are being stored');
    }
    this.events.storageStateChanged(state);
  }

  private waitForRetry(delayMs: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, delayMs);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeRetry = () => {
        this.wakeRetry = null;
        done();
      };
    });
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { foldUpdates } from './compaction';
import type { CompactedDocument, StoredDocument } from './update-log.repository';

/**
 * Below this many stored bytes a fold takes a few milliseconds: it runs inline. Above, it runs in
 * a worker thread, so that folding a long document does not hold every connection's event loop.
 */
export const FOLD_INLINE_MAX_BYTES = 64 * 1024;

interface FoldReply {
  id: number;
  state?: Uint8Array;
  content?: unknown;
  error?: string;
}

/** Folds stored documents, large ones in one lazily started worker thread. */
export class FoldRunner {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (folded: CompactedDocument) => void; reject: (error: Error) => void }>();
  /** The compiled worker script; absent when running from TypeScript sources (unit and db tests). */
  private readonly script = join(__dirname, 'fold.worker.js');

  fold(stored: StoredDocument): CompactedDocument | Promise<CompactedDocument> {
    const bytes = (stored.state?.byteLength ?? 0) + stored.updates.reduce((sum, update) => sum + update.byteLength, 0);
    if (bytes < FOLD_INLINE_MAX_BYTES || !existsSync(this.script)) return foldUpdates(stored);
    const worker = this.start();
    const id = this.nextId++;
    return new Promise<CompactedDocument>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, state: stored.state, updates: stored.updates });
    });
  }

  async destroy(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script);
    // An idle worker must not keep the process alive.
    worker.unref();
    worker.on('message', (reply: FoldReply) => {
      const job = this.pending.get(reply.id);
      if (!job) return;
      this.pending.delete(reply.id);
      if (reply.error !== undefined || !reply.state) job.reject(new Error(reply.error ?? 'the fold worker sent no state'));
      else job.resolve({ state: reply.state, content: reply.content });
    });
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = null;
      for (const job of this.pending.values()) job.reject(error);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the fold worker exited with code ${code}`)));
    this.worker = worker;
    return worker;
  }
}

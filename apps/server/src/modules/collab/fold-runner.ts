import { join } from 'node:path';
import { WorkerThread } from '../../common/worker-thread';
import { foldUpdates } from './compaction';
import type { CompactedDocument, StoredDocument } from './update-log.repository';

/**
 * Below this many stored bytes a fold takes a few milliseconds: it runs inline. Above, it runs in
 * a worker thread, so that folding a long document does not hold every connection's event loop.
 */
export const FOLD_INLINE_MAX_BYTES = 64 * 1024;

export interface FoldJob {
  state: Uint8Array | null;
  updates: Uint8Array[];
}

/** Folds stored documents, large ones in one lazily started worker thread. */
export class FoldRunner {
  private readonly thread = new WorkerThread<FoldJob, CompactedDocument>(join(__dirname, 'fold.worker.js'), 'fold');

  fold(stored: StoredDocument): CompactedDocument | Promise<CompactedDocument> {
    const bytes = (stored.state?.byteLength ?? 0) + stored.updates.reduce((sum, update) => sum + update.byteLength, 0);
    if (bytes < FOLD_INLINE_MAX_BYTES || !this.thread.available) return foldUpdates(stored);
    return this.thread.run({ state: stored.state, updates: stored.updates });
  }

  destroy(): Promise<void> {
    return this.thread.destroy();
  }
}

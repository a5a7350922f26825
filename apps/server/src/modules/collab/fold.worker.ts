import { parentPort } from 'node:worker_threads';
import { foldUpdates } from './compaction';

/** Runs `foldUpdates` off the server's event loop; one job at a time, answered in order. */
parentPort?.on('message', (job: { id: number; state: Uint8Array | null; updates: Uint8Array[] }) => {
  try {
    const folded = foldUpdates({ state: job.state, updates: job.updates });
    parentPort?.postMessage({ id: job.id, state: folded.state, content: folded.content }, [folded.state.buffer as ArrayBuffer]);
  } catch (error) {
    parentPort?.postMessage({ id: job.id, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
  }
});

import { parentPort } from 'node:worker_threads';
import { serveJobs } from '../../common/worker-thread';
import { foldUpdates } from './compaction';
import type { FoldJob } from './fold-runner';

/** Runs `foldUpdates` off the server's event loop; one job at a time, answered in order. */
serveJobs(parentPort, (job: FoldJob) => {
  const folded = foldUpdates({ state: job.state, updates: job.updates });
  return { result: folded, transfer: [folded.state.buffer as ArrayBuffer] };
});

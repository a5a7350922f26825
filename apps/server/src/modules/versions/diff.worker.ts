import { parentPort } from 'node:worker_threads';
import { serveJobs } from '../../common/worker-thread';
import { compareStates, type ComparisonJob } from './version-comparison';

/** Runs `compareStates` off the server's event loop, for versions too long to diff inline. */
serveJobs(parentPort, (job: ComparisonJob) => ({ result: compareStates(job) }));

// What one measurement does, from a started server to a result row.
import { performance } from 'node:perf_hooks';
import { LoadWorker } from './worker-pool.mjs';
import { SimulatedEditor } from './editor-client.mjs';
import { cpuSnapshot, cpuSpent, machineBusySeconds, peakRssMiB } from './proc-stats.mjs';
import { summarise } from './percentiles.mjs';

/**
 * @typedef {object} LoadConfig
 * @property {string} id e.g. "300x30"
 * @property {number} clients
 * @property {number} documents
 * @property {number} durationMs how long editors type
 * @property {number} intervalMs mean time between two edits of one editor
 * @property {number} awarenessMs mean time between two cursor moves of one editor
 * @property {number} drainMs upper bound on waiting for the last arrivals
 */

/** @param {number} ms */
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * @param {import('./peers.mjs').RunningPeer} running
 * @returns {Promise<Map<number, number>>}
 */
async function serverCpu(running) {
  return cpuSnapshot([running.pid, ...await running.helperPids()]);
}

/**
 * Simulated editors type for a while; every arrival is timed.
 * @param {import('./peers.mjs').PeerDefinition} peer
 * @param {import('./peers.mjs').RunningPeer} running
 * @param {LoadConfig} config
 * @param {number} workerCount
 */
export async function measureLoad(peer, running, config, workerCount) {
  const documents = await running.createDocuments(config.documents);
  const phaseStartedAt = performance.now();
  const workers = Array.from({ length: Math.max(1, Math.min(workerCount, documents.length)) }, () => new LoadWorker());
  try {
    /** @type {{ documentName: string, url: string, urls?: string[], clients: number }[][]} */
    const plans = workers.map(() => []);
    documents.forEach((documentName, index) => {
      // Spread the clients as evenly as the division allows; a room never spans two workers.
      const clients = Math.floor(config.clients / documents.length) + (index < config.clients % documents.length ? 1 : 0);
      plans[index % workers.length].push({ documentName, url: running.urlFor(documentName), urls: running.urlsFor?.(documentName), clients });
    });
    const connectTimeoutMs = 60_000;
    const connected = await Promise.all(workers.map((worker, i) => worker.request({
      cmd: 'connect', rooms: plans[i], framing: peer.framing, subscribeSaved: peer.savedConfirmations,
      connectConcurrency: 50, timeoutMs: connectTimeoutMs,
    }, 'connected', connectTimeoutMs * 3)));

    const connectedAt = performance.now();
    const cpuBefore = await serverCpu(running);
    const machineBefore = machineBusySeconds();
    const typed = await Promise.all(workers.map((worker) => worker.request({
      cmd: 'type', durationMs: config.durationMs, intervalMs: config.intervalMs,
      awarenessMs: config.awarenessMs, drainMs: config.drainMs,
    }, 'typed', config.durationMs + config.drainMs + 30_000)));
    const cpuAfter = await serverCpu(running);
    const serverCpuSeconds = cpuSpent(cpuBefore, cpuAfter);
    const machineSeconds = machineBusySeconds() - machineBefore;
    const typedAt = performance.now();
    const verified = await Promise.all(workers.map((worker) => worker.request({ cmd: 'verify', timeoutMs: 30_000 }, 'verified', 120_000)));
    await Promise.all(workers.map((worker) => worker.request({ cmd: 'close' }, 'closed', 30_000)));

    const sum = (/** @type {Record<string, unknown>[]} */ answers, /** @type {string} */ key) => answers.reduce((total, answer) => total + Number(answer[key]), 0);
    const deliveries = sum(typed, 'deliveries');
    const typedMs = Math.max(...typed.map((answer) => Number(answer.typedMs)));
    return {
      peer: peer.id,
      config: config.id,
      clients: config.clients,
      documents: config.documents,
      connect: summarise(connected.flatMap((answer) => /** @type {number[]} */ (answer.connectMs))),
      connectFailures: connected.flatMap((answer) => /** @type {string[]} */ (answer.failures)).length,
      latency: summarise(typed.flatMap((answer) => /** @type {number[]} */ (answer.deliveryLatencies))),
      saved: peer.savedConfirmations ? summarise(typed.flatMap((answer) => /** @type {number[]} */ (answer.savedLatencies))) : null,
      unsaved: sum(typed, 'unsaved'),
      edits: sum(typed, 'edits'),
      deliveries,
      deliveriesPerSecond: deliveries / (typedMs / 1000),
      undelivered: sum(typed, 'undelivered'),
      roomsConverged: sum(verified, 'converged'),
      rooms: sum(verified, 'rooms'),
      convergenceProblems: verified.flatMap((answer) => /** @type {string[]} */ (answer.problems)),
      droppedClients: typed.flatMap((answer) => /** @type {string[]} */ (answer.failedClients)).length,
      serverCpuSeconds,
      // The server process alone; the rest of serverCpuSeconds is its helpers' (PostgreSQL backends, Redis).
      processCpuSeconds: (cpuAfter.get(running.pid) ?? 0) - (cpuBefore.get(running.pid) ?? 0),
      cpuPerThousandDeliveries: deliveries > 0 ? serverCpuSeconds / deliveries * 1000 : null,
      peakRssMiB: peakRssMiB(running.pid),
      generatorCpuSeconds: sum(typed, 'generatorCpuSeconds'),
      generatorWorkers: workers.length,
      // Everything else on the machine in the same window: other people's work competes for the cores.
      otherCpuSeconds: Math.max(0, machineSeconds - serverCpuSeconds - sum(typed, 'generatorCpuSeconds')),
      generatorLoopDelayP99Ms: Math.max(...typed.map((answer) => Number(answer.loopDelayP99Ms))),
      generatorLoopDelayMaxMs: Math.max(...typed.map((answer) => Number(answer.loopDelayMaxMs))),
      windowSeconds: (typedMs + Math.max(...typed.map((answer) => Number(answer.drainedMs)))) / 1000,
      phaseSeconds: {
        connect: (connectedAt - phaseStartedAt) / 1000,
        type: (typedAt - connectedAt) / 1000,
        verify: (performance.now() - typedAt) / 1000,
      },
      framesToServer: sum(typed, 'framesOut'),
      framesFromServer: sum(typed, 'framesIn'),
    };
  } finally {
    for (const worker of workers) worker.stop();
  }
}

/**
 * Builds a document with `edits` edits of history from four writers, lets every client leave and
 * the server unload it, then times fresh clients opening it.
 * @param {import('./peers.mjs').PeerDefinition} peer
 * @param {import('./peers.mjs').RunningPeer} running
 * @param {number} edits
 * @param {number} reopens
 */
export async function measureReopen(peer, running, edits, reopens) {
  const [documentName] = await running.createDocuments(1);
  const url = running.urlFor(documentName);
  /** @param {string} name */
  const editor = (name) => new SimulatedEditor({ url, documentName, framing: peer.framing, name, room: null, subscribeSaved: false, samples: null });
  // A server that drops idle documents would otherwise lose the history: keep one silent client.
  const keeper = !peer.keepsIdleDocuments && !peer.persistent ? editor('keeper') : null;
  // Only a server that stores documents and drops idle ones reloads on reopen; wait for that.
  const reloads = !peer.keepsIdleDocuments && peer.persistent;
  if (keeper) await keeper.connect(30_000);

  const writers = Array.from({ length: 4 }, (_, i) => editor(`writer#${i}`));
  await Promise.all(writers.map((writer) => writer.connect(30_000)));
  for (const writer of writers) writer.addParagraph();
  const buildStartedAt = performance.now();
  for (let i = 0; i < edits; i += 1) {
    writers[i % writers.length].type();
    // Yield now and then so that frames leave and arrive while the history grows, as in real use.
    if (i % 200 === 199) await pause(1);
  }
  const settleDeadline = performance.now() + 120_000;
  const agreed = () => writers.every((writer) => writer.stateVector() === writers[0].stateVector());
  while (!agreed() && performance.now() < settleDeadline) await pause(20);
  const buildSeconds = (performance.now() - buildStartedAt) / 1000;
  const expected = writers[0].content();
  const unloadsBefore = running.unloadCount(documentName);
  for (const writer of writers) writer.close();
  if (reloads) await running.waitUntilUnloaded(documentName, unloadsBefore);

  /** @type {number[]} */
  const openMs = [];
  let intact = agreed();
  for (let i = 0; i < reopens; i += 1) {
    const reader = editor(`reader#${i}`);
    openMs.push(await reader.connect(60_000));
    if (reader.content() !== expected) intact = false;
    const seen = running.unloadCount(documentName);
    reader.close();
    if (reloads && i < reopens - 1) await running.waitUntilUnloaded(documentName, seen);
  }
  keeper?.close();
  return {
    peer: peer.id,
    edits,
    buildSeconds,
    documentChars: expected.length,
    firstOpenMs: openMs[0],
    medianOpenMs: summarise(openMs).p50,
    opens: openMs.length,
    reopenedFrom: reloads ? 'storage' : keeper ? 'memory, held by a silent client' : 'memory',
    intact,
  };
}

/**
 * Opens `clients` connections over `documents` rooms at the same instant and times the last sync.
 * @param {import('./peers.mjs').PeerDefinition} peer
 * @param {import('./peers.mjs').RunningPeer} running
 * @param {number} clients
 * @param {number} documents
 * @param {number} workerCount
 */
export async function measureStorm(peer, running, clients, documents, workerCount) {
  const names = await running.createDocuments(documents);
  const workers = Array.from({ length: Math.max(1, workerCount) }, () => new LoadWorker());
  try {
    /** @type {{ documentName: string, url: string }[][]} */
    const shares = workers.map(() => []);
    for (let i = 0; i < clients; i += 1) {
      const documentName = names[i % names.length];
      shares[i % workers.length].push({ documentName, url: running.urlFor(documentName) });
    }
    // Once every worker has loaded its modules, all of them start on the same wall-clock instant.
    await Promise.all(workers.map((worker) => worker.request({ cmd: 'ready' }, 'ready', 30_000)));
    const startAtEpochMs = Date.now() + 200;
    const cpuBefore = await serverCpu(running);
    const answers = await Promise.all(workers.map((worker, i) => worker.request({
      cmd: 'storm', clients: shares[i], framing: peer.framing, startAtEpochMs, timeoutMs: 60_000,
    }, 'stormed', 120_000)));
    const cpuAfter = await serverCpu(running);
    const connectMs = answers.flatMap((answer) => /** @type {number[]} */ (answer.connectMs));
    return {
      peer: peer.id,
      clients,
      documents,
      allSyncedMs: Math.max(...answers.map((answer) => Number(answer.lastSyncedEpochMs))) - startAtEpochMs,
      connect: summarise(connectMs),
      failures: answers.reduce((total, answer) => total + Number(answer.failures), 0),
      serverCpuSeconds: cpuSpent(cpuBefore, cpuAfter),
      peakRssMiB: peakRssMiB(running.pid),
    };
  } finally {
    for (const worker of workers) worker.stop();
  }
}

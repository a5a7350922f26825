// Two instances of a server linked through a Redis of their own, clients split between them:
// Accord (REDIS_URL) and Hocuspocus with @hocuspocus/extension-redis. Chosen with --peers=accord-2,hocuspocus-redis-2
// (not in the default set: the smoke run stays one instance per peer).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import pg from 'pg';
import {
  ACCORD_ENTRY, ACCORD_NODE_ARGS, REPOSITORY_ROOT, accordBackendPids, accordDocumentUrl, accordEnvironment,
  accordUnavailableReason, createAccordDocuments, createBenchDatabase, databaseUrl, dropBenchDatabase, waitForAccordUnload,
} from './accord-adapter.mjs';
import { peersInstalled } from './peer-modules.mjs';

/** @param {number} ms */
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** @returns {Promise<number>} */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** @param {import('node:child_process').ChildProcess} child */
async function stopProcess(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  const force = setTimeout(() => child.kill('SIGKILL'), 5000);
  child.kill('SIGTERM');
  await exited;
  clearTimeout(force);
}

/**
 * A Redis for one measurement only (never the machine's shared one), so that its CPU is ours alone.
 * @returns {Promise<{ port: number, pid: number, stop: () => Promise<void> }>}
 */
async function startOwnRedis() {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode}`);
    const ready = await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.end();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ready) break;
    if (Date.now() > deadline) throw new Error('redis-server did not listen within 10 s');
    await pause(50);
  }
  return { port, pid: /** @type {number} */ (child.pid), stop: () => stopProcess(child) };
}

/**
 * @param {number} port
 * @param {import('node:child_process').ChildProcess} child
 */
async function waitForLinkedAccord(port, child) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Accord exited with code ${child.exitCode}`);
    try {
      const health = await (await fetch(`http://127.0.0.1:${port}/health`)).json();
      if (health?.details?.redis?.status === 'up') return;
    } catch {
      // not listening yet
    }
    await pause(100);
  }
  throw new Error('Accord did not link to Redis within 60 s');
}

/** @type {import('./peers.mjs').PeerDefinition} */
export const accordTwoInstances = {
  id: 'accord-2',
  label: 'Accord x2 + Redis (PostgreSQL)',
  framing: 'y-websocket',
  savedConfirmations: true,
  keepsIdleDocuments: false,
  persistent: true,
  storage: 'PostgreSQL 15; two instances through a Redis of their own',
  unavailableReason: accordUnavailableReason,
  async start(port, tag) {
    const redis = await startOwnRedis();
    const database = await createBenchDatabase(tag);
    const ports = [port, await freePort()];
    /** @type {import('node:child_process').ChildProcess[]} */
    const children = [];
    const client = new pg.Client({ connectionString: databaseUrl(database), application_name: 'accord-bench' });
    const stop = async () => {
      await Promise.all(children.map(stopProcess));
      await redis.stop();
      await client.end().catch(() => undefined);
      await dropBenchDatabase(database).catch((error) => process.stderr.write(`could not drop ${database}: ${error}\n`));
    };
    try {
      for (const instancePort of ports) {
        // The first instance runs the migrations before the second starts.
        const child = spawn(process.execPath, [...ACCORD_NODE_ARGS, ACCORD_ENTRY], {
          cwd: REPOSITORY_ROOT,
          env: { ...accordEnvironment(instancePort, database), REDIS_URL: `redis://127.0.0.1:${redis.port}`, REDIS_KEY_PREFIX: `bench-${tag}:` },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        child.stdout?.on('data', (chunk) => process.stderr.write(`[accord:${instancePort}] ${chunk}`));
        child.stderr?.on('data', (chunk) => process.stderr.write(`[accord:${instancePort}] ${chunk}`));
        children.push(child);
        await waitForLinkedAccord(instancePort, child);
      }
      await client.connect();
    } catch (error) {
      await stop();
      throw error;
    }
    return {
      pid: /** @type {number} */ (children[0].pid),
      urlFor: (documentId) => accordDocumentUrl(ports[0], documentId),
      urlsFor: (documentId) => ports.map((instancePort) => accordDocumentUrl(instancePort, documentId)),
      createDocuments: (count) => createAccordDocuments(client, count, ports[0]),
      helperPids: async () => [/** @type {number} */ (children[1].pid), redis.pid, ...(await accordBackendPids(client))],
      unloadCount: () => 0,
      waitUntilUnloaded: async () => {
        await waitForAccordUnload(ports[0]);
        await waitForAccordUnload(ports[1]);
      },
      stop,
    };
  },
};

/** @type {import('./peers.mjs').PeerDefinition} */
export const hocuspocusTwoInstances = {
  id: 'hocuspocus-redis-2',
  label: 'Hocuspocus x2 + extension-redis (memory)',
  framing: 'hocuspocus',
  savedConfirmations: false,
  keepsIdleDocuments: false,
  persistent: false,
  storage: 'memory only; two instances through a Redis of their own (@hocuspocus/extension-redis)',
  unavailableReason: () => (peersInstalled() ? null : 'tests/bench/peers is not installed (npm ci --prefix tests/bench/peers)'),
  async start(port) {
    const { startLauncherFor } = await import('./peers.mjs');
    const redis = await startOwnRedis();
    const ports = [port, await freePort()];
    /** @type {Awaited<ReturnType<typeof startLauncherFor>>[]} */
    const started = [];
    const stop = async () => {
      await Promise.all(started.map((instance) => stopProcess(instance.child)));
      await redis.stop();
    };
    try {
      for (const instancePort of ports) started.push(await startLauncherFor('hocuspocus.mjs', [`--port=${instancePort}`, `--redis=${redis.port}`], `hocuspocus:${instancePort}`));
    } catch (error) {
      await stop();
      throw error;
    }
    let documents = 0;
    return {
      pid: /** @type {number} */ (started[0].child.pid),
      urlFor: (documentName) => `ws://127.0.0.1:${ports[0]}/${documentName}`,
      urlsFor: (documentName) => ports.map((instancePort) => `ws://127.0.0.1:${instancePort}/${documentName}`),
      createDocuments: async (count) => Array.from({ length: count }, () => `bench-${++documents}`),
      helperPids: async () => [/** @type {number} */ (started[1].child.pid), redis.pid],
      unloadCount: (documentName) => started.reduce((total, instance) => total + (instance.unloads.get(documentName) ?? 0), 0),
      waitUntilUnloaded: async () => undefined,
      stop,
    };
  },
};

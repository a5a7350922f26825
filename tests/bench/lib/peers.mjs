// The servers under test, each behind the same small interface so that run.mjs treats them alike.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import readline from 'node:readline';
import pg from 'pg';
import {
  ACCORD_ENTRY, ACCORD_NODE_ARGS, REPOSITORY_ROOT, accordBackendPids, accordDocumentUrl,
  accordEnvironment, accordSession, accordUnavailableReason, createAccordDocuments, createBenchDatabase, waitForAccordUnload,
  databaseUrl, dropBenchDatabase,
} from './accord-adapter.mjs';
import { peersInstalled } from './peer-modules.mjs';

const SERVERS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'servers');
const START_TIMEOUT_MS = 60_000;

/**
 * @typedef {object} RunningPeer
 * @property {number} pid the server process, whose CPU and memory are measured
 * @property {(documentName: string) => string} urlFor
 * @property {(documentName: string) => string[]} [urlsFor] several instances: client i of a room opens urlsFor(room)[i % length]
 * @property {(count: number) => Promise<string[]>} createDocuments names (or ids) of fresh documents
 * @property {() => Promise<number[]>} helperPids other processes whose CPU counts as the server's
 * @property {(documentName: string) => number} unloadCount how often the server reported unloading it
 * @property {(documentName: string, seen: number) => Promise<void>} waitUntilUnloaded resolves once unloadCount exceeds `seen`
 * @property {() => Promise<void>} stop
 */

/**
 * @typedef {object} PeerDefinition
 * @property {string} id short name used on the command line and in tables
 * @property {string} label
 * @property {import('./wire.mjs').Framing} framing
 * @property {boolean} savedConfirmations speaks Accord's persistence message
 * @property {boolean} keepsIdleDocuments keeps a document in memory with no client connected
 * @property {boolean} persistent stores documents, so an unloaded document is read back on reopen
 * @property {string} storage where documents live between sessions
 * @property {() => string | null} unavailableReason
 * @property {(port: number, tag: string) => Promise<RunningPeer>} start
 */

/** @returns {Promise<number>} a loopback port nobody listens on right now */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** @param {number} ms */
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * @param {import('node:child_process').ChildProcess} child
 * @returns {Promise<void>}
 */
function stopProcess(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Node flags for the peers' servers, to profile them as Accord is: PEER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof-peers". */
const PEER_NODE_ARGS = (process.env.PEER_NODE_ARGS ?? '').split(' ').filter(Boolean);

/**
 * Starts one of our launchers and resolves once it prints `listening`. Lines `unloaded <name>`
 * are counted for the reopen measure; anything else is passed through to stderr for diagnosis.
 * @param {string} script file in tests/bench/servers
 * @param {string[]} args
 * @param {string} label
 * @returns {Promise<{ child: import('node:child_process').ChildProcess, unloads: Map<string, number>, unloadWaiters: Set<() => void> }>}
 */
function startLauncher(script, args, label) {
  const child = spawn(process.execPath, [...PEER_NODE_ARGS, path.join(SERVERS_DIR, script), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  /** @type {Map<string, number>} */
  const unloads = new Map();
  /** @type {Set<() => void>} */
  const unloadWaiters = new Set();
  child.stderr?.on('data', (chunk) => process.stderr.write(`[${label}] ${chunk}`));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${label} did not start within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${label} exited with code ${code} before listening`));
    });
    const lines = readline.createInterface({ input: /** @type {NodeJS.ReadableStream} */ (child.stdout) });
    lines.on('line', (line) => {
      if (line.startsWith('listening ')) {
        clearTimeout(timer);
        resolve({ child, unloads, unloadWaiters });
      } else if (line.startsWith('unloaded ')) {
        const name = line.slice('unloaded '.length);
        unloads.set(name, (unloads.get(name) ?? 0) + 1);
        for (const wake of unloadWaiters) wake();
      } else {
        process.stderr.write(`[${label}] ${line}\n`);
      }
    });
  });
}

/**
 * @param {Awaited<ReturnType<typeof startLauncher>>} started
 * @param {number} port
 * @param {() => void} [cleanUp]
 * @returns {RunningPeer}
 */
function launcherPeer(started, port, cleanUp) {
  const { child, unloads, unloadWaiters } = started;
  let documents = 0;
  return {
    pid: /** @type {number} */ (child.pid),
    urlFor: (documentName) => `ws://127.0.0.1:${port}/${documentName}`,
    createDocuments: async (count) => Array.from({ length: count }, () => {
      documents += 1;
      return `bench-${documents}`;
    }),
    helperPids: async () => [],
    unloadCount: (documentName) => unloads.get(documentName) ?? 0,
    waitUntilUnloaded: (documentName, seen) => new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        unloadWaiters.delete(check);
        reject(new Error(`${documentName} was not unloaded within 30 s`));
      }, 30_000);
      function check() {
        if ((unloads.get(documentName) ?? 0) > seen) {
          clearTimeout(timer);
          unloadWaiters.delete(check);
          resolve();
        }
      }
      unloadWaiters.add(check);
      check();
    }),
    stop: async () => {
      await stopProcess(child);
      cleanUp?.();
    },
  };
}

const peersMissing = () => (peersInstalled() ? null : 'tests/bench/peers is not installed (npm ci --prefix tests/bench/peers)');

/** @type {PeerDefinition} */
const accord = {
  id: 'accord',
  label: 'Accord (PostgreSQL)',
  framing: 'y-websocket',
  savedConfirmations: true,
  keepsIdleDocuments: false,
  persistent: true,
  storage: 'PostgreSQL 15 (fresh database per start)',
  unavailableReason: accordUnavailableReason,
  async start(port, tag) {
    const database = await createBenchDatabase(tag);
    const child = spawn(process.execPath, [...ACCORD_NODE_ARGS, ACCORD_ENTRY], {
      cwd: REPOSITORY_ROOT,
      env: accordEnvironment(port, database),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk) => process.stderr.write(`[accord] ${chunk}`));
    child.stderr?.on('data', (chunk) => process.stderr.write(`[accord] ${chunk}`));
    const client = new pg.Client({ connectionString: databaseUrl(database), application_name: 'accord-bench' });
    const stop = async () => {
      await stopProcess(child);
      await client.end().catch(() => undefined);
      await dropBenchDatabase(database).catch((error) => process.stderr.write(`could not drop ${database}: ${error}\n`));
    };
    try {
      await waitForHealth(port, child);
      await client.connect();
    } catch (error) {
      await stop();
      throw error;
    }
    return {
      pid: /** @type {number} */ (child.pid),
      urlFor: (documentId) => accordDocumentUrl(port, documentId),
      createDocuments: (count) => createAccordDocuments(client, count, port),
      helperPids: () => accordBackendPids(client),
      unloadCount: () => 0,
      waitUntilUnloaded: () => waitForAccordUnload(port),
      httpUrl: `http://127.0.0.1:${port}`,
      apiSession: () => accordSession(port),
      query: (sql, params) => client.query(sql, params),
      stop,
    };
  },
};

/**
 * @param {number} port
 * @param {import('node:child_process').ChildProcess} child
 */
async function waitForHealth(port, child) {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Accord exited with code ${child.exitCode} before it was healthy`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health`);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await pause(100);
  }
  throw new Error(`Accord did not answer GET /health with 200 within ${START_TIMEOUT_MS} ms`);
}

/** @type {PeerDefinition} */
const yWebsocketServer = {
  id: 'y-websocket',
  label: 'y-websocket reference (memory)',
  framing: 'y-websocket',
  savedConfirmations: false,
  keepsIdleDocuments: true,
  persistent: false,
  storage: 'memory only',
  unavailableReason: peersMissing,
  async start(port) {
    return launcherPeer(await startLauncher('y-websocket-server.mjs', [`--port=${port}`], 'y-websocket'), port);
  },
};

/** @type {PeerDefinition} */
const hocuspocus = {
  id: 'hocuspocus',
  label: 'Hocuspocus (memory)',
  framing: 'hocuspocus',
  savedConfirmations: false,
  keepsIdleDocuments: false,
  persistent: false,
  storage: 'memory only (unloaded when the last client leaves)',
  unavailableReason: peersMissing,
  async start(port) {
    return launcherPeer(await startLauncher('hocuspocus.mjs', [`--port=${port}`], 'hocuspocus'), port);
  },
};

/** @type {PeerDefinition} */
const hocuspocusSqlite = {
  id: 'hocuspocus-sqlite',
  label: 'Hocuspocus + SQLite',
  framing: 'hocuspocus',
  savedConfirmations: false,
  keepsIdleDocuments: false,
  persistent: true,
  storage: 'SQLite file (extension-sqlite, debounced whole-document writes)',
  unavailableReason: peersMissing,
  async start(port) {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'accord-bench-sqlite-'));
    const started = await startLauncher('hocuspocus.mjs', [`--port=${port}`, `--sqlite=${path.join(folder, 'documents.sqlite')}`], 'hocuspocus-sqlite');
    return launcherPeer(started, port, () => rmSync(folder, { recursive: true, force: true }));
  },
};

/** Ours first; run.mjs reverses the order on every other repetition so that peers alternate. */
export const PEERS = [accord, yWebsocketServer, hocuspocus, hocuspocusSqlite];

/** A launcher started for the two-instance peers (lib/cluster-peers.mjs). */
export const startLauncherFor = startLauncher;

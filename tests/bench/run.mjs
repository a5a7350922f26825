// npm run bench: Accord against the servers our users would otherwise pick, on this machine.
//
//   node tests/bench/run.mjs                      every configuration, reopen and storm, writes docs/
//   node tests/bench/run.mjs --smoke              4 clients on 1 document, small extras, prints only
//   node tests/bench/run.mjs --smoke --write      ... and writes docs/
//   node tests/bench/run.mjs --configs=300x30,extras --peers=accord,y-websocket --reps=1
//   node tests/bench/run.mjs --configs=history    version history only (Accord): version, diff, bytes
//   other flags: --duration=<s> --interval=<ms> --workers=<n>
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PEERS, freePort } from './lib/peers.mjs';
import { accordTwoInstances, hocuspocusTwoInstances } from './lib/cluster-peers.mjs';
import { PEERS_DIR, peersInstalled, peerPackageVersion } from './lib/peer-modules.mjs';
import { REPOSITORY_ROOT } from './lib/accord-adapter.mjs';
import { measureLoad, measureReopen, measureStorm } from './lib/scenarios.mjs';
import { measureFootprint } from './lib/footprint.mjs';
import { describeMachine } from './lib/proc-stats.mjs';
import { consoleSummary, renderReport } from './lib/report.mjs';
import { demoVersionBytes, historySectionOf, measureHistory, renderHistorySection, withHistorySection } from './lib/history.mjs';

/** @type {Map<string, string>} */
const flags = new Map();
for (const arg of process.argv.slice(2)) {
  const match = /^--([^=]+)(?:=(.*))?$/.exec(arg);
  if (!match) throw new Error(`unknown argument ${arg}`);
  flags.set(match[1], match[2] ?? 'true');
}
const smoke = flags.has('smoke');
const write = !flags.has('no-write') && (!smoke || flags.has('write'));
const repetitions = Number(flags.get('reps') ?? 2);
const workerCount = Number(flags.get('workers') ?? 2);
const durationMs = Number(flags.get('duration') ?? (smoke ? 3 : 15)) * 1000;
const intervalMs = Number(flags.get('interval') ?? 1000);

/**
 * @param {number} clients
 * @param {number} documents
 * @param {string} [id]
 * @returns {import('./lib/scenarios.mjs').LoadConfig}
 */
const loadConfig = (clients, documents, id = `${clients}x${documents}`) => ({
  id, clients, documents, durationMs, intervalMs, awarenessMs: intervalMs * 3, drainMs: 10_000,
});
const ALL_CONFIGS = [loadConfig(4, 1, 'smoke'), loadConfig(20, 1), loadConfig(100, 10), loadConfig(300, 30), loadConfig(1000, 100)];

const selected = flags.get('configs')?.split(',') ?? (smoke ? ['smoke', 'extras', 'history'] : ['20x1', '100x10', '300x30', '1000x100', 'extras', 'history']);
const configs = selected.filter((id) => id !== 'extras' && id !== 'history' && id !== 'footprint').map((id) => {
  const known = ALL_CONFIGS.find((config) => config.id === id);
  if (known) return known;
  const match = /^(\d+)x(\d+)$/.exec(id);
  if (!match) throw new Error(`unknown configuration ${id}: use e.g. 300x30, smoke or extras`);
  return loadConfig(Number(match[1]), Number(match[2]));
});
const extras = selected.includes('extras')
  ? (smoke ? { reopenEdits: 500, stormClients: 50, stormDocuments: 5 } : { reopenEdits: 20_000, stormClients: 1000, stormDocuments: 100 })
  : null;
// Memory per loaded document and per idle connection: --configs=footprint (part of a full run).
const footprint = selected.includes('footprint') || !flags.has('configs')
  ? (smoke ? { documents: 3, editsPerDocument: 20, idleConnections: 10 } : { documents: 50, editsPerDocument: 400, idleConnections: 300 })
  : null;
/** Version history is Accord's alone: a 20,000-edit document (400 in the smoke run). */
const history = selected.includes('history') ? { edits: smoke ? 400 : 20_000 } : null;
const peerIds = flags.get('peers')?.split(',');
// The two-instance peers run only when named: --peers=accord-2,hocuspocus-redis-2 --configs=100x50,300x30
const peers = [...PEERS, accordTwoInstances, hocuspocusTwoInstances].filter((peer) => (peerIds ? peerIds.includes(peer.id) : PEERS.includes(peer)));

if (!peersInstalled()) {
  console.log('installing the peers: npm ci --prefix tests/bench/peers');
  execFileSync('npm', ['ci', '--prefix', PEERS_DIR], { stdio: 'inherit' });
}

/** @type {{ loads: Record<string, any>[], reopens: Record<string, any>[], storms: Record<string, any>[], footprints: Record<string, any>[], histories: Record<string, any>[] }} */
const results = { loads: [], reopens: [], storms: [], footprints: [], histories: [] };
const startedAt = new Date().toISOString();
let runs = 0;

/**
 * Starts the peer fresh, runs `measure` against it and always stops it again. A peer that cannot
 * run gives a skipped row with the reason, so the report says why a column is empty.
 * @template T
 * @param {import('./lib/peers.mjs').PeerDefinition} peer
 * @param {(running: import('./lib/peers.mjs').RunningPeer) => Promise<T>} measure
 * @returns {Promise<T | { peer: string, skipped: string }>}
 */
async function withFreshServer(peer, measure) {
  const unavailable = peer.unavailableReason();
  if (unavailable) return { peer: peer.id, skipped: unavailable };
  runs += 1;
  let running;
  try {
    running = await peer.start(await freePort(), `r${runs}`);
    return await measure(running);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    console.error(`${peer.id}: ${reason}`);
    return { peer: peer.id, skipped: reason };
  } finally {
    await running?.stop();
  }
}

for (let rep = 1; rep <= repetitions; rep += 1) {
  const order = rep % 2 === 1 ? peers : [...peers].reverse();
  for (const config of configs) {
    for (const peer of order) {
      process.stdout.write(`rep ${rep} ${config.id} ${peer.id} ... `);
      const runStartedAt = Date.now();
      const row = await withFreshServer(peer, (running) => measureLoad(peer, running, config, workerCount));
      results.loads.push({ ...row, config: config.id, rep });
      console.log('skipped' in row ? `skipped (${row.skipped})` : `p99 ${row.latency.p99?.toFixed(2)} ms, CPU ${row.serverCpuSeconds.toFixed(2)} s (process ${row.processCpuSeconds.toFixed(2)} s), ${row.undelivered} undelivered, ${row.roomsConverged}/${row.rooms} converged (${((Date.now() - runStartedAt) / 1000).toFixed(0)} s: ${JSON.stringify(row.phaseSeconds)})`);
    }
  }
  if (extras) {
    for (const peer of order) {
      process.stdout.write(`rep ${rep} reopen ${peer.id} ... `);
      const reopen = await withFreshServer(peer, (running) => measureReopen(peer, running, extras.reopenEdits, 3));
      results.reopens.push({ ...reopen, rep });
      console.log('skipped' in reopen ? 'skipped' : `first open ${reopen.firstOpenMs.toFixed(1)} ms`);
      process.stdout.write(`rep ${rep} storm ${peer.id} ... `);
      const storm = await withFreshServer(peer, (running) => measureStorm(peer, running, extras.stormClients, extras.stormDocuments, workerCount));
      results.storms.push({ ...storm, rep });
      console.log('skipped' in storm ? 'skipped' : `all synced after ${storm.allSyncedMs.toFixed(0)} ms`);
    }
  }
  if (footprint) {
    for (const peer of order) {
      process.stdout.write(`rep ${rep} footprint ${peer.id} ... `);
      const row = await withFreshServer(peer, (running) => measureFootprint(peer, running, footprint));
      results.footprints.push({ ...row, rep });
      console.log('skipped' in row ? 'skipped' : `${row.perDocumentKiB.toFixed(0)} KiB per document, ${row.perIdleConnectionKiB.toFixed(1)} KiB per idle connection`);
    }
  }
  const accordPeer = PEERS.find((peer) => peer.id === 'accord');
  if (history && accordPeer) {
    process.stdout.write(`rep ${rep} history accord ... `);
    const row = await withFreshServer(accordPeer, (running) => measureHistory(accordPeer, running, history.edits));
    results.histories.push({ ...row, rep });
    console.log('skipped' in row ? `skipped (${row.skipped})` : `version ${row.versionMs.map((ms) => ms.toFixed(1)).join(' / ')} ms, diff ${row.diffMs.toFixed(1)} ms (cached ${row.cachedDiffMs.toFixed(1)} ms), ${row.versions.at(-1).stateBytes} B state + ${row.versions.at(-1).jsonBytes} B JSON`);
  }
}

console.log(consoleSummary(results));

const versions = {
  '@y/websocket-server': peerPackageVersion('@y/websocket-server'),
  '@hocuspocus/server': peerPackageVersion('@hocuspocus/server'),
  '@hocuspocus/extension-sqlite': peerPackageVersion('@hocuspocus/extension-sqlite'),
  '@hocuspocus/extension-redis': peerPackageVersion('@hocuspocus/extension-redis'),
  'yjs (peers)': peerPackageVersion('yjs'),
  'sqlite3': peerPackageVersion('sqlite3'),
};
const resultsDir = path.join(REPOSITORY_ROOT, 'tests', 'bench', 'results');
mkdirSync(resultsDir, { recursive: true });
writeFileSync(path.join(resultsDir, `${startedAt.replace(/[:.]/g, '-')}.json`), JSON.stringify({ startedAt, versions, machine: describeMachine(), results }, null, 1));

if (write) {
  const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
  const reportPath = path.join(REPOSITORY_ROOT, 'docs', 'benchmarks.md');
  const previous = existsSync(reportPath) ? readFileSync(reportPath, 'utf8') : '';
  mkdirSync(path.join(REPOSITORY_ROOT, 'docs'), { recursive: true });
  // A history-only run rewrites only its section; a load run keeps the last history section.
  let markdown = previous;
  if (configs.length > 0 || extras) {
    const report = renderReport({ results, machine: describeMachine(), versions, configs, peers, extras, command, startedAt, repetitions });
    markdown = report.markdown;
    writeFileSync(path.join(REPOSITORY_ROOT, 'docs', 'benchmarks-chart.svg'), report.svg);
  }
  const section = history ? renderHistorySection({ rows: results.histories, demo: demoVersionBytes(), command, startedAt }) : historySectionOf(previous);
  if (section) markdown = withHistorySection(markdown, section);
  writeFileSync(reportPath, markdown);
  console.log('\nwrote docs/benchmarks.md');
}

// The smoke run is CI's check that the benchmark itself works: any lost edit, divergent room or
// failed peer other than an unbuilt Accord fails it.
const broken = [
  ...results.loads.filter((row) => ('skipped' in row ? row.peer !== 'accord' : row.undelivered > 0 || row.roomsConverged !== row.rooms || row.latency.count === 0)),
  ...results.reopens.filter((row) => ('skipped' in row ? row.peer !== 'accord' : !row.intact)),
  ...results.storms.filter((row) => ('skipped' in row ? row.peer !== 'accord' : row.failures > 0)),
  ...results.footprints.filter((row) => ('skipped' in row ? row.peer !== 'accord' : row.failures > 0)),
  ...results.histories.filter((row) => !('skipped' in row) && row.versions.length !== 2),
];
if (broken.length > 0) {
  console.error(`\n${broken.length} measurement(s) failed: ${broken.map((row) => `${row.peer}${row.config ? ` ${row.config}` : ''}`).join(', ')}`);
  process.exitCode = 1;
}

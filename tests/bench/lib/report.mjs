// Turns result rows into docs/benchmarks.md, its chart and the console summary.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderChart } from './chart-svg.mjs';

/** @param {number | null | undefined} value @param {number} [digits] */
const fixed = (value, digits = 1) => (value === null || value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits));

/**
 * @param {string[]} header
 * @param {string[][]} rows
 */
function table(header, rows) {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
}

export const FOOTPRINT_HEADER = [
  'peer', 'rep', 'RSS at start MiB', 'documents', 'characters each', 'KiB per loaded document', 'idle connections',
  'KiB per idle connection', 'peak RSS MiB', 'failed clients',
];

/** @param {Record<string, any>} row */
export function footprintRow(row) {
  if (row.skipped) return [row.peer, String(row.rep), `skipped: ${row.skipped}`, ...FOOTPRINT_HEADER.slice(3).map(() => '')];
  return [
    row.peer, String(row.rep), fixed(row.startRssMiB), String(row.documents), String(row.documentChars), fixed(row.perDocumentKiB, 0),
    String(row.idleConnections), fixed(row.perIdleConnectionKiB, 1), fixed(row.peakRssMiB), String(row.failures),
  ];
}

export const LOAD_HEADER = [
  'peer', 'rep', 'connect p50/p95 ms', 'latency p50 ms', 'p95', 'p99', 'max', 'deliveries/s',
  'undelivered', 'converged', 'server CPU s', 'CPU s / 1k deliveries', 'peak RSS MiB', 'saved p50/p99 ms',
  'generator CPU s', 'generator loop delay p99/max ms', 'other CPU s',
];

/** @param {Record<string, any>} row */
export function loadRow(row) {
  if (row.skipped) return [row.peer, String(row.rep), `skipped: ${row.skipped}`, ...LOAD_HEADER.slice(3).map(() => '')];
  return [
    row.peer, String(row.rep),
    `${fixed(row.connect.p50)} / ${fixed(row.connect.p95)}`,
    fixed(row.latency.p50, 2), fixed(row.latency.p95, 2), fixed(row.latency.p99, 2), fixed(row.latency.max, 1),
    fixed(row.deliveriesPerSecond, 0),
    String(row.undelivered + (row.unsaved ? ` (+${row.unsaved} unsaved)` : '')),
    `${row.roomsConverged}/${row.rooms}`,
    fixed(row.serverCpuSeconds, 2), fixed(row.cpuPerThousandDeliveries, 4), fixed(row.peakRssMiB, 0),
    row.saved ? `${fixed(row.saved.p50)} / ${fixed(row.saved.p99)}` : 'n/a',
    `${fixed(row.generatorCpuSeconds, 1)} (${row.generatorWorkers} proc)`,
    `${fixed(row.generatorLoopDelayP99Ms)} / ${fixed(row.generatorLoopDelayMaxMs)}`,
    fixed(row.otherCpuSeconds, 1),
  ];
}

export const REOPEN_HEADER = ['peer', 'rep', 'edits', 'chars', 'reopened from', 'first open ms', 'median open ms', 'intact'];
/** @param {Record<string, any>} row */
export function reopenRow(row) {
  if (row.skipped) return [row.peer, String(row.rep), `skipped: ${row.skipped}`, '', '', '', '', ''];
  return [row.peer, String(row.rep), String(row.edits), String(row.documentChars), row.reopenedFrom,
    fixed(row.firstOpenMs), fixed(row.medianOpenMs), row.intact ? 'yes' : 'NO'];
}

export const STORM_HEADER = ['peer', 'rep', 'clients / docs', 'all synced ms', 'connect p50 ms', 'p99 ms', 'failures', 'server CPU s', 'peak RSS MiB'];
/** @param {Record<string, any>} row */
export function stormRow(row) {
  if (row.skipped) return [row.peer, String(row.rep), `skipped: ${row.skipped}`, '', '', '', '', '', ''];
  return [row.peer, String(row.rep), `${row.clients} / ${row.documents}`, fixed(row.allSyncedMs, 0),
    fixed(row.connect.p50), fixed(row.connect.p99), String(row.failures), fixed(row.serverCpuSeconds, 2), fixed(row.peakRssMiB, 0)];
}

/**
 * @param {{ loads: Record<string, any>[], reopens: Record<string, any>[], storms: Record<string, any>[] }} results
 * @returns {string}
 */
export function consoleSummary(results) {
  const parts = [];
  for (const config of [...new Set(results.loads.map((row) => row.config))]) {
    parts.push(`\n${config}\n${table(LOAD_HEADER, results.loads.filter((row) => row.config === config).map(loadRow))}`);
  }
  if (results.reopens.length) parts.push(`\nreopen\n${table(REOPEN_HEADER, results.reopens.map(reopenRow))}`);
  if (results.storms.length) parts.push(`\nconnect storm\n${table(STORM_HEADER, results.storms.map(stormRow))}`);
  if (results.footprints?.length) parts.push(`\nmemory footprint\n${table(FOOTPRINT_HEADER, results.footprints.map(footprintRow))}`);
  return parts.join('\n');
}

/**
 * Mean over repetitions of one measure, per peer and load, for the chart.
 * @param {Record<string, any>[]} loads
 * @param {string[]} configIds
 * @param {string[]} peerIds
 * @param {(row: Record<string, any>) => number | null} pick
 */
function seriesOf(loads, configIds, peerIds, pick) {
  return peerIds.map((peer) => ({
    name: peer,
    values: configIds.map((config) => {
      const values = loads.filter((row) => row.peer === peer && row.config === config && !row.skipped)
        .map(pick).filter((value) => value !== null && Number.isFinite(value));
      return values.length ? values.reduce((sum, value) => sum + Number(value), 0) / values.length : null;
    }),
  }));
}

/**
 * @param {object} input
 * @param {{ loads: Record<string, any>[], reopens: Record<string, any>[], storms: Record<string, any>[] }} input.results
 * @param {ReturnType<typeof import('./proc-stats.mjs').describeMachine>} input.machine
 * @param {Record<string, string>} input.versions
 * @param {import('./scenarios.mjs').LoadConfig[]} input.configs
 * @param {import('./peers.mjs').PeerDefinition[]} input.peers
 * @param {{ reopenEdits: number, stormClients: number, stormDocuments: number } | null} input.extras
 * @param {string} input.command
 * @param {string} input.startedAt
 * @param {number} input.repetitions
 * @returns {{ markdown: string, svg: string }}
 */
export function renderReport({ results, machine, versions, configs, peers, extras, command, startedAt, repetitions }) {
  const configIds = configs.filter((config) => config.id !== 'smoke').map((config) => config.id);
  const chartConfigs = configIds.length ? configIds : configs.map((config) => config.id);
  const peerIds = peers.map((peer) => peer.id);
  const svg = renderChart({
    loads: chartConfigs.map((id) => id.replace('x', ' / ')),
    latency: seriesOf(results.loads, chartConfigs, peerIds, (row) => row.latency.p99),
    cpu: seriesOf(results.loads, chartConfigs, peerIds, (row) => row.cpuPerThousandDeliveries),
  });
  const sample = configs[0];
  const lines = [
    '# Benchmarks',
    '',
    `Generated by \`${command}\` (tests/bench/run.mjs) on ${startedAt}. Do not edit by hand: rerun the benchmark.`,
    '',
    '![p99 latency and CPU per 1,000 deliveries by load](benchmarks-chart.svg)',
    '',
    '## Machine and versions',
    '',
    `- CPU: ${machine.cpuModel}, ${machine.cores} cores; memory ${machine.memoryGiB} GiB; ${machine.kernel}`,
    `- Node ${machine.node}; ${Object.entries(versions).map(([name, version]) => `${name} ${version}`).join(', ')}`,
    '- Servers and load generator share the machine; the generator\'s own CPU is reported per run so a reader can',
    '  tell whether it, not the server, was the limit.',
    '',
    '## Method',
    '',
    '- Each server is started fresh, on a free loopback port, for every measurement; peers alternate with ours',
    `  (the order is reversed on every other repetition), ${repetitions} repetition(s).`,
    ...peers.map((peer) => `- **${peer.id}**: ${peer.label}; storage: ${peer.storage}.`),
    '- Simulated editors are real websocket clients speaking the y-websocket protocol (sync and awareness from',
    '  y-protocols, frames written with lib0; Hocuspocus gets its document-name framing and token message).',
    '  Each room is a TipTap-shaped document: Y.XmlFragment `default` holding `paragraph` elements with Y.XmlText,',
    '  as y-prosemirror writes it. Every editor appends its own paragraph, then types 1-3 characters in it, at its',
    `  caret 9 times in 10 and at a random place otherwise (15% of edits after a backspace) every ${sample?.intervalMs ?? '?'} ms ±50%, and moves its cursor (awareness, relative`,
    `  positions as y-prosemirror publishes them) every ${sample?.awarenessMs ?? '?'} ms ±50%, for ${fixed((sample?.durationMs ?? 0) / 1000, 0)} s.`,
    '- Editors are spread over forked worker processes, whole rooms per worker, so an edit and all its arrivals are',
    '  timed on one monotonic clock. An edit is identified exactly by its author\'s (clientID, clock): every edit',
    '  inserts, a receiver sees the author\'s clock pass the edit\'s end in `afterTransaction`.',
    '- **Latency**: local edit made -> integrated by each other client of the room (one sample per edit and',
    '  receiver). **Deliveries/s**: those samples per second of typing. **Undelivered**: (edit, receiver) pairs',
    '  missing after a drain of at most 10 s; must be 0. **Converged**: rooms where every client has the same state',
    '  vector and XML, and a fresh client syncing from the server afterwards gets exactly that.',
    '- **Generator CPU / loop delay / other CPU**: the workers\' CPU seconds and worst event-loop delay during typing,',
    '  and the CPU the rest of the machine used in the same window (all cores busy time from /proc/stat minus server',
    '  and generator). High values in the last column mean the run shared its cores with other work.',
    '- **Server CPU**: utime+stime from /proc/<pid>/stat of the server process over typing and drain; for Accord',
    '  plus the PostgreSQL backends with application_name `accord` (pg_stat_activity). **Peak RSS**: VmHWM.',
    '- **Saved** (Accord only): a client subscribes with message type 7; time from a local edit to a `saved` clock',
    '  covering it.',
    extras ? `- **Reopen**: four writers make ${extras.reopenEdits} edits to one document, leave, and the server unloads it (Hocuspocus + SQLite` : '- Reopen and connect storm were not run.',
    ...(extras ? [
      '  reports unloading; Accord is polled until GET /api/collab/stats shows no document in memory, its final',
      '  compaction included); then a fresh client opens it, three times. The reference keeps',
      '  the document in memory; plain Hocuspocus drops idle documents, so a silent client holds it there.',
      `- **Connect storm**: ${extras.stormClients} clients over ${extras.stormDocuments} documents opened at the same instant; time until the last is synced.`,
    ] : []),
    '',
  ];
  for (const config of configs) {
    const rows = results.loads.filter((row) => row.config === config.id);
    if (rows.length === 0) continue;
    lines.push(`## ${config.clients} clients on ${config.documents} document${config.documents === 1 ? '' : 's'} (${config.id})`, '');
    lines.push(table(LOAD_HEADER, rows.map(loadRow)), '');
  }
  if (results.reopens.length) lines.push('## Reopening a document with a long history', '', table(REOPEN_HEADER, results.reopens.map(reopenRow)), '');
  if (results.storms.length) lines.push('## Connect storm', '', table(STORM_HEADER, results.storms.map(stormRow)), '');
  if (results.footprints?.length) {
    lines.push('## Memory per loaded document and per idle connection', '',
      'Each server starts fresh; one writer per document types a paragraph of about the demo texts\' size, then silent',
      'clients connect, spread over the documents. Figures are differences of the resident set (median of five readings',
      'once it settles): before and after loading the documents (less one connection each), and before and after the',
      'idle clients joined.', '', table(FOOTPRINT_HEADER, results.footprints.map(footprintRow)), '');
  }
  // What we learned from profiling is written by hand and kept across runs.
  const notesFile = fileURLToPath(new URL('../../../docs/benchmarks-notes.md', import.meta.url));
  lines.push(existsSync(notesFile) ? readFileSync(notesFile, 'utf8').trim() : '## Notes', '');
  return { markdown: lines.join('\n'), svg };
}

// Memory per loaded document and per idle connection: what a server holds for each, read from its
// resident set as documents load and connections open, with no typing going on.
import { readFileSync } from 'node:fs';
import { SimulatedEditor } from './editor-client.mjs';

/** @param {number} ms */
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Current resident set (VmRSS) of a process in MiB, or null once it is gone.
 * @param {number} pid
 * @returns {number | null}
 */
export function currentRssMiB(pid) {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/**
 * The resident set once it stops moving: the median of readings over `settleMs`, taken after the
 * server had time to finish what the last step started (saves, compaction, garbage collection).
 * @param {number} pid
 * @param {number} settleMs
 */
async function settledRssMiB(pid, settleMs) {
  await pause(settleMs);
  const readings = [];
  for (let i = 0; i < 5; i += 1) {
    readings.push(currentRssMiB(pid) ?? Number.NaN);
    await pause(200);
  }
  readings.sort((a, b) => a - b);
  return readings[2];
}

/**
 * Loads `documents` documents of the demo size (one writer each types `editsPerDocument` edits of a
 * paragraph, about 2 characters an edit), then opens `idleConnections` silent clients spread over
 * them, and reads the server's resident set before, between and after.
 * @param {import('./peers.mjs').PeerDefinition} peer
 * @param {import('./peers.mjs').RunningPeer} running
 * @param {{ documents: number, editsPerDocument: number, idleConnections: number }} size
 */
export async function measureFootprint(peer, running, size) {
  const names = await running.createDocuments(size.documents);
  /** @param {string} documentName @param {string} name */
  const client = (documentName, name) => new SimulatedEditor({
    url: running.urlFor(documentName), documentName, framing: peer.framing, name, room: null, subscribeSaved: false, samples: null,
  });
  const startRss = await settledRssMiB(running.pid, 1000);

  const writers = names.map((documentName, i) => client(documentName, `writer#${i}`));
  for (const writer of writers) await writer.connect(30_000);
  for (const writer of writers) writer.addParagraph();
  for (let edit = 0; edit < size.editsPerDocument; edit += 1) {
    for (const writer of writers) writer.type();
    if (edit % 20 === 19) await pause(5);
  }
  const loadedRss = await settledRssMiB(running.pid, 3000);
  const documentChars = writers[0].content().length;

  const idle = [];
  for (let i = 0; i < size.idleConnections; i += 1) {
    const reader = client(names[i % names.length], `reader#${i}`);
    await reader.connect(30_000);
    idle.push(reader);
  }
  const idleRss = await settledRssMiB(running.pid, 2000);
  const failures = [...writers, ...idle].filter((editor) => editor.failure !== null).length;
  for (const editor of [...writers, ...idle]) editor.close();

  const perConnectionKiB = ((idleRss - loadedRss) * 1024) / size.idleConnections;
  return {
    peer: peer.id,
    documents: size.documents,
    editsPerDocument: size.editsPerDocument,
    documentChars,
    idleConnections: size.idleConnections,
    startRssMiB: startRss,
    // Each document came with its writer's connection: take one connection out of its share.
    perDocumentKiB: ((loadedRss - startRss) * 1024) / size.documents - perConnectionKiB,
    perIdleConnectionKiB: perConnectionKiB,
    peakRssMiB: Math.max(startRss, loadedRss, idleRss),
    failures,
  };
}

// The history case of the benchmark: what a version costs (time to make one, bytes to keep one) and
// how long a diff of two versions of a long-edited document takes, against the built Accord server.
import { createRequire } from 'node:module';
import path from 'node:path';
import { REPOSITORY_ROOT } from './accord-adapter.mjs';
import { SimulatedEditor } from './editor-client.mjs';

const HISTORY_START = '<!-- history:start -->';
const HISTORY_END = '<!-- history:end -->';

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Builds a document from `edits` typed edits by 4 writers (as the reopen measure does), naming a
 * version at half and at the end through the REST API, then compares the two (first uncached, in
 * the worker thread above 64 kB, then from the cache) and reads the stored sizes from PostgreSQL.
 * @param {import('./peers.mjs').PeerDefinition} peer the Accord peer
 * @param {import('./peers.mjs').RunningPeer & { httpUrl: string, apiSession: () => { cookie: string, csrfToken: string }, query: (sql: string, params: unknown[]) => Promise<{ rows: any[] }> }} running
 * @param {number} edits
 */
export async function measureHistory(peer, running, edits) {
  const [documentId] = await running.createDocuments(1);
  const url = running.urlFor(documentId);
  const session = running.apiSession();
  const versionsPath = `/api/recommendations/${documentId}/versions`;
  /** @returns {Promise<{ ms: number, body: any }>} */
  const timed = async (method, route, body) => {
    const startedAt = performance.now();
    const response = await fetch(`${running.httpUrl}${route}`, {
      method,
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const answer = await response.json();
    const ms = performance.now() - startedAt;
    if (!response.ok) throw new Error(`${method} ${route} answered ${response.status}: ${JSON.stringify(answer)}`);
    return { ms, body: answer };
  };

  const writers = Array.from({ length: 4 }, (_, i) => new SimulatedEditor({ url, documentName: documentId, framing: peer.framing, name: `writer#${i}`, room: null, subscribeSaved: false, samples: null }));
  await Promise.all(writers.map((writer) => writer.connect(30_000)));
  for (const writer of writers) writer.addParagraph();
  const agreed = () => writers.every((writer) => writer.stateVector() === writers[0].stateVector());
  const typeEdits = async (count, offset) => {
    for (let i = 0; i < count; i += 1) {
      writers[(offset + i) % writers.length].type();
      if (i % 200 === 199) await pause(1);
    }
    const deadline = performance.now() + 120_000;
    while (!agreed() && performance.now() < deadline) await pause(20);
  };

  await typeEdits(edits / 2, 0);
  const half = await timed('POST', versionsPath, { name: 'Half way' });
  await typeEdits(edits / 2, edits / 2);
  const full = await timed('POST', versionsPath, { name: `After ${edits} edits` });
  const chars = writers[0].content().length;
  for (const writer of writers) writer.close();

  const firstDiff = await timed('GET', `${versionsPath}/${half.body.number}/compare/${full.body.number}`);
  const cachedDiff = await timed('GET', `${versionsPath}/${half.body.number}/compare/${full.body.number}`);
  const { rows } = await running.query(
    `SELECT number, octet_length(state) AS "stateBytes", octet_length(content::text) AS "jsonBytes", pg_column_size(state) + pg_column_size(content) AS "storedBytes"
       FROM document_version WHERE document_id = $1 ORDER BY number`,
    [documentId],
  );
  return {
    peer: peer.id,
    edits,
    chars,
    versionMs: [half.ms, full.ms],
    diffMs: firstDiff.ms,
    cachedDiffMs: cachedDiff.ms,
    diffWordsAdded: firstDiff.body.wordsAdded,
    diffWordsRemoved: firstDiff.body.wordsRemoved,
    versions: rows.map((row) => ({ number: row.number, stateBytes: Number(row.stateBytes), jsonBytes: Number(row.jsonBytes), storedBytes: Number(row.storedBytes) })),
  };
}

/**
 * Bytes a version of each demo recommendation takes: its full Yjs state (encodeStateAsUpdate of the
 * seeded text) and its TipTap JSON, read from the built code (no server needed).
 */
export function demoVersionBytes() {
  const require = createRequire(import.meta.url);
  const { DEMO_RECOMMENDATIONS } = require(path.join(REPOSITORY_ROOT, 'dist', 'apps', 'server', 'src', 'database', 'seed', 'demo-network.js'));
  const { encodeProsemirrorJsonAsUpdate } = require(path.join(REPOSITORY_ROOT, 'dist', 'libs', 'editor', 'src', 'index.js'));
  return DEMO_RECOMMENDATIONS.map((recommendation) => ({
    title: recommendation.title,
    stateBytes: encodeProsemirrorJsonAsUpdate(recommendation.content).byteLength,
    jsonBytes: Buffer.byteLength(JSON.stringify(recommendation.content)),
  }));
}

const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;

/** The history section of docs/benchmarks.md, between markers so that other runs keep it. */
export function renderHistorySection({ rows, demo, command, startedAt }) {
  const lines = [HISTORY_START, '## Version history', '', `Measured by \`${command}\` on ${startedAt.slice(0, 10)} (one fresh Accord server per repetition).`, ''];
  lines.push('A version stores the full Yjs state (`encodeStateAsUpdate`) and its TipTap JSON. The long document is typed by 4');
  lines.push('simulated editors (1-3 letters per edit, 15% of edits also delete a letter); a named version is made');
  lines.push('half way and at the end through `POST /api/recommendations/:id/versions` (the server reads its live state,');
  lines.push('converts, hashes and appends), then `GET …/versions/1/compare/2` diffs them (structural diff with');
  lines.push('authorship, in the worker thread above 64 kB), once uncached and once from the cache. Times are wall-clock');
  lines.push('times of the HTTP requests, on the machine described above (shared with other work while measured).', '');
  lines.push('| rep | edits | chars | version at half ms | version at end ms | diff ms (first) | diff ms (cached) | state at end | JSON at end | stored at end (TOAST) |');
  lines.push('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const row of rows) {
    if ('skipped' in row) {
      lines.push(`| ${row.rep} | skipped: ${row.skipped} | | | | | | | | |`);
      continue;
    }
    const last = row.versions[row.versions.length - 1];
    lines.push(`| ${row.rep} | ${row.edits} | ${row.chars} | ${row.versionMs[0].toFixed(1)} | ${row.versionMs[1].toFixed(1)} | ${row.diffMs.toFixed(1)} | ${row.cachedDiffMs.toFixed(1)} | ${kib(last.stateBytes)} | ${kib(last.jsonBytes)} | ${kib(last.storedBytes)} |`);
  }
  lines.push('', 'Bytes per version of the demo recommendations (their seeded text; a version stores both columns):', '');
  lines.push('| recommendation | Yjs state | TipTap JSON | together |', '| --- | --- | --- | --- |');
  for (const entry of demo) lines.push(`| ${entry.title} | ${entry.stateBytes} B | ${entry.jsonBytes} B | ${kib(entry.stateBytes + entry.jsonBytes)} |`);
  lines.push(HISTORY_END);
  return lines.join('\n');
}

/** Puts `section` into `markdown` in place of an earlier history section, or at the end. */
export function withHistorySection(markdown, section) {
  const start = markdown.indexOf(HISTORY_START);
  const end = markdown.indexOf(HISTORY_END);
  if (start >= 0 && end > start) return `${markdown.slice(0, start)}${section}${markdown.slice(end + HISTORY_END.length)}`;
  return `${markdown.trimEnd()}\n\n${section}\n`;
}

/** The history section of an existing report, to carry over into a run that did not measure it. */
export function historySectionOf(markdown) {
  const start = markdown.indexOf(HISTORY_START);
  const end = markdown.indexOf(HISTORY_END);
  return start >= 0 && end > start ? markdown.slice(start, end + HISTORY_END.length) : null;
}

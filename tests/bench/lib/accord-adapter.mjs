// Everything the benchmark needs to know about Accord's server lives here, so that the lead can
// plug it in without reading the harness. Functions marked TODO(lead) are the plug points.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const REPOSITORY_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/** The built server, as `npm run build` leaves it. */
export const ACCORD_ENTRY = path.join(REPOSITORY_ROOT, 'dist', 'apps', 'server', 'main.js');
/** The benchmark's PostgreSQL: a fresh database per server start is created and dropped here. */
export const BENCH_POSTGRES = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';
/** The pool's application_name, which tells our backends apart from everyone else's. */
export const ACCORD_APPLICATION_NAME = 'accord';

/** @returns {string | null} why the Accord peer cannot run, or null when it can */
export function accordUnavailableReason() {
  if (!existsSync(ACCORD_ENTRY)) return `${path.relative(REPOSITORY_ROOT, ACCORD_ENTRY)} does not exist: run \`npm run build\` first`;
  return null;
}

/**
 * @param {string} database
 * @returns {string} connection string for `database` on the benchmark's PostgreSQL
 */
export function databaseUrl(database) {
  return `${BENCH_POSTGRES}/${database}`;
}

/**
 * Creates an empty database for one server start. The name carries the harness's pid so that
 * two benchmark runs on one machine never collide.
 * @param {string} tag
 * @returns {Promise<string>} the database name
 */
export async function createBenchDatabase(tag) {
  const name = `accord_bench_${process.pid}_${tag}`.replace(/[^a-z0-9_]/g, '_');
  const admin = new pg.Client({ connectionString: databaseUrl('postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return name;
}

/** @param {string} name */
export async function dropBenchDatabase(name) {
  const admin = new pg.Client({ connectionString: databaseUrl('postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/**
 * Creates `count` recommendations the collaboration endpoint will accept, after the server has run
 * its migrations, and returns their ids (UUIDs), in order.
 *
 * TODO(lead): fill in the SQL once the recommendations schema is final. It must insert whatever a
 * recommendation needs (network, working group, author...) so that `/collab/<id>` loads it, and
 * return the ids, e.g.
 *   INSERT INTO recommendations (id, title, ...) SELECT gen_random_uuid(), 'Bench ' || n, ...
 *   FROM generate_series(1, $1) AS n RETURNING id
 * Until then the Accord peer is skipped with this message.
 * @param {pg.Client} pgClient connected to the server's (migrated) database
 * @param {number} count
 * @returns {Promise<string[]>}
 */
export async function createAccordDocuments(pgClient, count) {
  void pgClient;
  void count;
  throw new Error('createAccordDocuments in tests/bench/lib/accord-adapter.mjs has no SQL yet (TODO(lead))');
}

/**
 * The websocket URL a client opens for one document.
 * TODO(lead): once authentication is on, add what a client presents (a token in the query, or a
 * cookie header in editor-client.mjs), so the benchmark measures with authentication on.
 * @param {number} port
 * @param {string} documentId
 * @returns {string}
 */
export function accordDocumentUrl(port, documentId) {
  return `ws://127.0.0.1:${port}/collab/${documentId}`;
}

/**
 * PostgreSQL backends serving the server, whose CPU counts as the server's.
 * @param {pg.Client} pgClient
 * @returns {Promise<number[]>}
 */
export async function accordBackendPids(pgClient) {
  const result = await pgClient.query('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [ACCORD_APPLICATION_NAME]);
  return result.rows.map((row) => Number(row.pid));
}

/**
 * How long the harness waits, after the last client of a document left, for the server to unload
 * it, so that the reopen measure reads it back from PostgreSQL.
 * TODO(lead): replace the wait with an exact signal if the server gets one (a log line at warn
 * level the harness can watch for, as the Hocuspocus launcher prints `unloaded <name>`), or set it to
 * the unload grace period the server uses.
 */
export const ACCORD_UNLOAD_WAIT_MS = Number(process.env.ACCORD_UNLOAD_WAIT_MS ?? 5000);

/**
 * The environment the server starts with.
 * @param {number} port
 * @param {string} database
 * @returns {NodeJS.ProcessEnv}
 */
export function accordEnvironment(port, database) {
  return {
    ...process.env,
    PORT: String(port),
    DATABASE_URL: databaseUrl(database),
    LOG_LEVEL: 'warn',
    BENCH_OPEN_DOCUMENTS: '1',
    NODE_ENV: 'production',
  };
}

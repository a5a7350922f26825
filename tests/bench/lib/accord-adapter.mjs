// Everything the benchmark needs to know about Accord's server lives here: how to start it, make
// documents, sign in, and tell when it has unloaded a document.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createCoordinator, signInForCollab } from '../../fixtures/collab-auth.mjs';

/** Admission tokens of the bench documents, and the session that may read the server's stats. */
const tokenByDocument = new Map();
const sessionByPort = new Map();

export const REPOSITORY_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/** The built server, as `npm run build` leaves it. */
export const ACCORD_ENTRY = path.join(REPOSITORY_ROOT, 'dist', 'apps', 'server', 'src', 'main.js');
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
 * its migrations, and returns their ids (UUIDs), in order: one bench network and working group,
 * then a document and its recommendation per id, as the demo seed does.
 * @param {pg.Client} pgClient connected to the server's (migrated) database
 * @param {number} count
 * @param {number} port the server's, to sign in
 * @returns {Promise<string[]>}
 */
export async function createAccordDocuments(pgClient, count, port) {
  const tag = `bench-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  const { rows: [network] } = await pgClient.query(`INSERT INTO network (slug, name) VALUES ($1, 'Benchmark network') RETURNING id`, [tag]);
  const { rows: [group] } = await pgClient.query(
    `INSERT INTO working_group (network_id, name, kind) VALUES ($1, 'Benchmark group', 'thematic') RETURNING id`,
    [network.id],
  );
  const { rows } = await pgClient.query(
    `WITH documents AS (
       INSERT INTO document (network_id, kind) SELECT $1, 'recommendation' FROM generate_series(1, $3) RETURNING id
     )
     INSERT INTO recommendation (id, network_id, working_group_id, title, theme, level)
     SELECT id, $1, $2, 'Benchmark ' || id, 'active_citizenship', 'eu' FROM documents
     RETURNING id`,
    [network.id, group.id, count],
  );
  // Measured with authentication on: every client presents a token from a signed-in coordinator.
  const session = await signInForCollab(`http://127.0.0.1:${port}`, await createCoordinator(pgClient, network.id));
  sessionByPort.set(port, session);
  for (const row of rows) tokenByDocument.set(row.id, session.collabToken);
  return rows.map((row) => row.id);
}

/**
 * The signed-in coordinator's session on the server at `port` (cookie and CSRF token), for REST calls.
 * @param {number} port
 * @returns {{ cookie: string, csrfToken: string, collabToken: string }}
 */
export function accordSession(port) {
  const session = sessionByPort.get(port);
  if (!session) throw new Error(`no bench session on port ${port}: create documents first`);
  return session;
}

/**
 * The websocket URL a client opens for one document.
 * Each client presents the admission token of a signed-in coordinator of the bench network.
 * @param {number} port
 * @param {string} documentId
 * @returns {string}
 */
export function accordDocumentUrl(port, documentId) {
  return `ws://127.0.0.1:${port}/collab/${documentId}?token=${encodeURIComponent(tokenByDocument.get(documentId) ?? '')}`;
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
 * Resolves once the server holds no document in memory (its stats endpoint says so), so that the
 * reopen measure reads the document back from PostgreSQL.
 * @param {number} port
 */
export async function waitForAccordUnload(port) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const response = await fetch(`http://127.0.0.1:${port}/api/collab/stats`, { headers: { cookie: sessionByPort.get(port)?.cookie ?? '' } });
    const stats = await response.json();
    if (stats.liveDocuments === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('Accord did not unload its documents within 30 s');
}

/**
 * The node flags Accord runs with in production (package.json's start scripts, docker/Dockerfile):
 * the benchmark measures what is deployed.
 */
export const ACCORD_RUNTIME_ARGS = ['--max-semi-space-size=2'];

/**
 * Extra node flags for our server only, e.g. ACCORD_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"
 * (node refuses --cpu-prof in NODE_OPTIONS).
 */
export const ACCORD_NODE_ARGS = [...ACCORD_RUNTIME_ARGS, ...(process.env.ACCORD_NODE_ARGS ?? '').split(' ').filter(Boolean)];

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
    SEED_DEMO: 'false',
    COLLAB_UNLOAD_GRACE_MS: '500',
    COLLAB_TOKEN_TTL_SECONDS: '3600',
    NODE_ENV: 'production',
  };
}

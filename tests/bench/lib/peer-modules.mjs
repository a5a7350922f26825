import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding the peers' own package.json, lock file and node_modules. */
export const PEERS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'peers');

/**
 * Loads a module from the peers' folder, never from the repository root: the peers must run on the
 * exact yjs, lib0 and ws their lock file pins, and one process must hold a single copy of yjs.
 * The CommonJS builds are used because createRequire resolves them through each package's exports.
 * @param {string} specifier
 * @returns {unknown}
 */
export function requirePeerModule(specifier) {
  const peerRequire = createRequire(path.join(PEERS_DIR, 'package.json'));
  return peerRequire(specifier);
}

/** @returns {boolean} whether `npm ci --prefix tests/bench/peers` has run */
export function peersInstalled() {
  return existsSync(path.join(PEERS_DIR, 'node_modules', '@hocuspocus', 'server', 'package.json'))
    && existsSync(path.join(PEERS_DIR, 'node_modules', '@y', 'websocket-server', 'package.json'))
    && existsSync(path.join(PEERS_DIR, 'node_modules', '@hocuspocus', 'extension-redis', 'package.json'));
}

/**
 * @param {string} name package name
 * @returns {string} the installed version, read from the peers' node_modules
 */
export function peerPackageVersion(name) {
  // Read the file itself: some packages (Hocuspocus) do not export their package.json.
  const file = path.join(PEERS_DIR, 'node_modules', ...name.split('/'), 'package.json');
  const pkg = /** @type {{ version?: unknown }} */ (JSON.parse(readFileSync(file, 'utf8')));
  return typeof pkg.version === 'string' ? pkg.version : 'unknown';
}

import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
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
    && existsSync(path.join(PEERS_DIR, 'node_modules', '@y', 'websocket-server', 'package.json'));
}

/**
 * @param {string} name package name
 * @returns {string} the installed version, read from the peers' node_modules
 */
export function peerPackageVersion(name) {
  const pkg = /** @type {{ version: string }} */ (requirePeerModule(`${name}/package.json`));
  return pkg.version;
}

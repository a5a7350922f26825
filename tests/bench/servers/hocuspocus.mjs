// Hocuspocus (@hocuspocus/server), optionally with its SQLite extension, on the harness's port.
// Its Server class binds every interface, so the launcher hands sockets from its own loopback-only
// HTTP server to Hocuspocus#handleConnection, the documented way to embed it.
import http from 'node:http';
import { requirePeerModule } from '../lib/peer-modules.mjs';
import { readLauncherArgs, LOOPBACK } from '../lib/launcher-args.mjs';

const { port, flags } = readLauncherArgs(process.argv.slice(2));
const sqliteFile = flags.get('sqlite');
/** `--redis=<port>`: one of several instances linked through @hocuspocus/extension-redis. */
const redisPort = flags.get('redis');

/**
 * @typedef {{ handleConnection: (socket: unknown, request: http.IncomingMessage) => void }} HocuspocusInstance
 * @typedef {{ Hocuspocus: new (configuration: Record<string, unknown>) => HocuspocusInstance }} HocuspocusModule
 * @typedef {{ SQLite: new (configuration: { database: string }) => object, schema: string }} SqliteModule
 * @typedef {{ Redis: new (configuration: { host: string, port: number, prefix: string }) => object }} RedisModule
 */
const { Hocuspocus } = /** @type {HocuspocusModule} */ (requirePeerModule('@hocuspocus/server'));
/** @type {typeof import('ws')} */
const ws = /** @type {never} */ (requirePeerModule('ws'));

/** @type {object[]} */
const extensions = [];
if (sqliteFile !== undefined) {
  const { SQLite, schema } = /** @type {SqliteModule} */ (requirePeerModule('@hocuspocus/extension-sqlite'));
  await createTable(sqliteFile, schema);
  extensions.push(new SQLite({ database: sqliteFile }));
}
if (redisPort !== undefined) {
  const { Redis } = /** @type {RedisModule} */ (requirePeerModule('@hocuspocus/extension-redis'));
  extensions.push(new Redis({ host: LOOPBACK, port: Number(redisPort), prefix: 'bench' }));
}

/**
 * The extension creates its table in onConfigure without waiting for it, so the first document load
 * could race it ("no such table: documents", seen in CI). The table exists before Hocuspocus starts.
 * @param {string} file
 * @param {string} statement
 */
async function createTable(file, statement) {
  /** @type {{ Database: new (file: string) => { run: (sql: string, done: (error: Error | null) => void) => void; close: (done: () => void) => void } }} */
  const sqlite3 = /** @type {never} */ (requirePeerModule('sqlite3'));
  const database = new sqlite3.Database(file);
  await new Promise((resolve, reject) => database.run(statement, (error) => (error ? reject(error) : resolve(undefined))));
  await new Promise((resolve) => database.close(() => resolve(undefined)));
}

const hocuspocus = new Hocuspocus({
  quiet: true,
  extensions,
  // The harness's reopen measure waits for this line instead of guessing how long unloading takes.
  async afterUnloadDocument(/** @type {{ documentName: string }} */ payload) {
    process.stdout.write(`unloaded ${payload.documentName}\n`);
  },
});

const sockets = new ws.WebSocketServer({ noServer: true });
const server = http.createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'text/plain' });
  response.end('okay');
});
server.on('upgrade', (request, socket, head) => {
  sockets.handleUpgrade(request, socket, head, (client) => hocuspocus.handleConnection(client, request));
});
server.listen(port, LOOPBACK, () => process.stdout.write(`listening ${port}\n`));
process.on('SIGTERM', () => process.exit(0));

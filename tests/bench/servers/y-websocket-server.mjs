// The y-websocket reference server (@y/websocket-server), in memory, exactly as its own
// bin/server.js wires it, but bound to loopback on the port the harness chose.
import http from 'node:http';
import { requirePeerModule } from '../lib/peer-modules.mjs';
import { readLauncherArgs, LOOPBACK } from '../lib/launcher-args.mjs';

const { port } = readLauncherArgs(process.argv.slice(2));

/** @type {{ setupWSConnection: (socket: unknown, request: http.IncomingMessage) => void }} */
const reference = /** @type {never} */ (requirePeerModule('@y/websocket-server/utils'));
/** @type {typeof import('ws')} */
const ws = /** @type {never} */ (requirePeerModule('ws'));

const sockets = new ws.WebSocketServer({ noServer: true });
const server = http.createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'text/plain' });
  response.end('okay');
});
server.on('upgrade', (request, socket, head) => {
  sockets.handleUpgrade(request, socket, head, (client) => reference.setupWSConnection(client, request));
});
server.listen(port, LOOPBACK, () => process.stdout.write(`listening ${port}\n`));
process.on('SIGTERM', () => process.exit(0));

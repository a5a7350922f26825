import { type INestApplicationContext, Logger } from '@nestjs/common';
import { WsAdapter } from '@nestjs/platform-ws';
import * as http from 'node:http';
import type { Duplex } from 'node:stream';
import WebSocket, { type WebSocketServer } from 'ws';

const MESSAGE_TOO_BIG = 1009;

/**
 * ws enforces the size limit itself and closes with 1009 but no reason; this socket class adds
 * the sentence, so a client developer learns the limit from the close frame.
 */
function socketClassWithLimit(maxPayload: number): typeof WebSocket {
  return class LimitedWebSocket extends WebSocket {
    override close(code?: number, reason?: string | Buffer): void {
      super.close(code, reason ?? (code === MESSAGE_TOO_BIG ? `Message over the size limit of ${maxPayload} bytes` : undefined));
    }
  };
}

export interface CollabWsAdapterOptions {
  /** Frames larger than this close the connection with 1009. */
  maxPayload: number;
}

/**
 * Nest's WsAdapter with four changes the y-websocket protocol needs:
 * - a gateway path matches its sub-paths, since clients connect to `/collab/<documentId>`;
 * - frames go straight to the gateway's own socket listener (Nest would JSON-parse every binary
 *   frame only to drop it);
 * - the size limit and no per-message compression (Yjs updates are small and already compact);
 * - an upgrade it cannot handle (a target that is no URL, an unknown path) is refused with an
 *   HTTP status on that socket alone, never thrown out of the listener (that would stop the process).
 */
export class CollabWsAdapter extends WsAdapter {
  private readonly upgradeLogger = new Logger(CollabWsAdapter.name);

  constructor(
    app: INestApplicationContext,
    private readonly collabOptions: CollabWsAdapterOptions,
  ) {
    super(app);
  }

  override create(port: number, options: Record<string, unknown> & { path?: string } = {}): WebSocketServer {
    return super.create(port, {
      ...options,
      maxPayload: this.collabOptions.maxPayload,
      perMessageDeflate: false,
      WebSocket: socketClassWithLimit(this.collabOptions.maxPayload),
    });
  }

  override bindMessageHandlers(): void {
    // Frames are read from the raw socket by the gateway.
  }

  override bindErrorHandler(server: WebSocketServer): WebSocketServer {
    // Per-socket errors (oversized or invalid frames) are logged by the gateway with context.
    server.on('error', (error: Error) => this.logger.error(error));
    return server;
  }

  protected override ensureHttpServerExists(port: number, httpServer: http.Server = http.createServer()): http.Server | undefined {
    if (this.httpServersRegistry.has(port)) return undefined;
    this.httpServersRegistry.set(port, httpServer);
    const upgradeListener = (request: http.IncomingMessage, socket: Duplex, head: Buffer): void => {
      // Until ws takes the socket over, nobody listens for its errors: a reset would be uncaught.
      // The listener stays as long as the connection: it keeps the address, not the whole request.
      const remoteAddress = request.socket.remoteAddress;
      socket.on('error', (error: Error) => this.upgradeLogger.debug({ remoteAddress, reason: error.message }, 'Upgrade socket error'));
      try {
        this.routeUpgrade(port, request, socket, head);
      } catch (error) {
        // Anything unexpected refuses this one request; the server keeps serving everyone else.
        this.upgradeLogger.warn({ target: loggableTarget(request.url), remoteAddress: request.socket.remoteAddress, err: error }, 'Refused a websocket upgrade that could not be handled');
        refuseUpgrade(socket, 400, 'Bad Request', 'This websocket upgrade request could not be understood.');
      }
    };
    httpServer.on('upgrade', upgradeListener);
    return httpServer;
  }

  private routeUpgrade(port: number, request: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    const pathname = pathnameOf(request.url);
    if (pathname === null) {
      this.upgradeLogger.warn({ target: loggableTarget(request.url), remoteAddress: request.socket.remoteAddress }, 'Refused a websocket upgrade whose target is no URL');
      return refuseUpgrade(socket, 400, 'Bad Request', 'The request target is not a valid URL.');
    }
    const wsServer = (this.wsServersRegistry.get(port) ?? []).find(
      (candidate: WebSocketServer & { path: string }) => pathname === candidate.path || pathname.startsWith(`${candidate.path}/`),
    ) as (WebSocketServer & { path: string }) | undefined;
    if (!wsServer) return refuseUpgrade(socket, 404, 'Not Found', 'No websocket endpoint at this path.');
    // ws answers a missing key or a wrong version with 400 itself.
    wsServer.handleUpgrade(request, socket, head, (ws) => wsServer.emit('connection', ws, request));
  }
}

/** The path of a request target for the log: no query (it may carry a token), and not too long. */
function loggableTarget(url: string | undefined): string {
  return (url ?? '').split('?')[0].slice(0, 200);
}

/** The path of a request target, or null when it is not a URL (e.g. `//[`). */
function pathnameOf(url: string | undefined): string | null {
  try {
    return new URL(url ?? '/', 'ws://localhost').pathname;
  } catch {
    return null;
  }
}

/** Answers an upgrade request with a plain HTTP error and closes the socket. */
function refuseUpgrade(socket: Duplex, status: number, statusText: string, sentence: string): void {
  if (socket.destroyed) return;
  const body = `${sentence}\n`;
  socket.end(`HTTP/1.1 ${status} ${statusText}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}

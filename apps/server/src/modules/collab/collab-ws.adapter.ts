import type { INestApplicationContext } from '@nestjs/common';
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
 * Nest's WsAdapter with three changes the y-websocket protocol needs:
 * - a gateway path matches its sub-paths, since clients connect to `/collab/<documentId>`;
 * - frames go straight to the gateway's own socket listener (Nest would JSON-parse every binary
 *   frame only to drop it);
 * - the size limit and no per-message compression (Yjs updates are small and already compact).
 */
export class CollabWsAdapter extends WsAdapter {
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
    httpServer.on('upgrade', (request: http.IncomingMessage, socket: Duplex, head: Buffer) => {
      const pathname = new URL(request.url ?? '/', 'ws://localhost').pathname;
      const wsServer = (this.wsServersRegistry.get(port) ?? []).find(
        (candidate: WebSocketServer & { path: string }) => pathname === candidate.path || pathname.startsWith(`${candidate.path}/`),
      ) as (WebSocketServer & { path: string }) | undefined;
      if (!wsServer) {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
        return;
      }
      wsServer.handleUpgrade(request, socket, head, (ws) => wsServer.emit('connection', ws, request));
    });
    return httpServer;
  }
}
